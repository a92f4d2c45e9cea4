#include "scim/filter.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

namespace tandem::scim {

namespace {

using FilterPtr = std::shared_ptr<const Filter>;
using nlohmann::json;

constexpr std::string_view kOperatorList = "(eq, ne, co, sw, ew, gt, ge, lt, le, pr)";
constexpr std::string_view kValueKinds = "a \"quoted string\", a number, true, false or null";
constexpr size_t kMaxQuotedWord = 32;  // bytes of the input quoted back in an error message

// ---------------------------------------------------------------------------------------------
// Characters.

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}
// Characters that end a word (attribute path, operator, keyword or bare value).
bool endsWord(char c) {
  return isSpace(c) || isControl(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '"';
}
char toLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string foldCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = toLower(c);
  return out;
}

// ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; and "$ref".
bool isAttrName(std::string_view s) {
  if (equalsIgnoreCase(s, "$ref")) return true;
  if (s.empty() || !isAlpha(s.front())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return isAlpha(c) || isDigit(c) || c == '-' || c == '_'; });
}

// A schema URI before the attribute name: a letter, then URI characters that can appear in a
// SCIM schema URN ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").
bool isSchemaUri(std::string_view s) {
  if (s.empty() || !isAlpha(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return isAlpha(c) || isDigit(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '+' ||
           c == '%' || c == '/';
  });
}

// The length of the valid UTF-8 sequence at s[i], or 0 when it is invalid (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
size_t utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t len = 0;
  uint32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return len;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0u | (cp >> 6));
    out += static_cast<char>(0x80u | (cp & 0x3Fu));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0u | (cp >> 12));
    out += static_cast<char>(0x80u | ((cp >> 6) & 0x3Fu));
    out += static_cast<char>(0x80u | (cp & 0x3Fu));
  } else {
    out += static_cast<char>(0xF0u | (cp >> 18));
    out += static_cast<char>(0x80u | ((cp >> 12) & 0x3Fu));
    out += static_cast<char>(0x80u | ((cp >> 6) & 0x3Fu));
    out += static_cast<char>(0x80u | (cp & 0x3Fu));
  }
}

// JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (isDigit(s[i])) {
    while (i < n && isDigit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (i >= n || !isDigit(s[i])) return false;
    while (i < n && isDigit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !isDigit(s[i])) return false;
    while (i < n && isDigit(s[i])) ++i;
  }
  return i == n;
}

std::optional<CompareOp> compareOpFromWord(std::string_view w) {
  static constexpr std::pair<std::string_view, CompareOp> kOps[] = {
      {"eq", CompareOp::kEq}, {"ne", CompareOp::kNe}, {"co", CompareOp::kCo},
      {"sw", CompareOp::kSw}, {"ew", CompareOp::kEw}, {"gt", CompareOp::kGt},
      {"ge", CompareOp::kGe}, {"lt", CompareOp::kLt}, {"le", CompareOp::kLe}};
  for (const auto& [name, op] : kOps) {
    if (equalsIgnoreCase(w, name)) return op;
  }
  return std::nullopt;
}

bool isOperatorWord(std::string_view w) {
  return compareOpFromWord(w).has_value() || equalsIgnoreCase(w, "pr");
}

// ---------------------------------------------------------------------------------------------
// The parser: recursive descent over the text, one instance per call. The first error wins and
// stops the parse (every parse function returns nullptr / false after it).

enum class Mode { kFilter, kPath };

class Parser {
 public:
  Parser(std::string_view text, Mode mode) : text_(text), mode_(mode) {}

  core::Result<Filter> runFilter() {
    if (!checkInput()) return takeError();
    const FilterPtr root = parseOr("");
    if (!root) return takeError();
    skipSpaces();
    if (!atEnd()) {
      failTrailing("the end of the filter");
      return takeError();
    }
    return Filter(*root);
  }

  core::Result<PatchPath> runPath() {
    if (!checkInput()) return takeError();
    PatchPath path;
    const size_t start = pos_;
    const std::string_view word = readWord();
    if (word.empty()) {
      fail(start, "expected an attribute name, found " + found(start));
      return takeError();
    }
    if (!parseAttrPath(word, start, path.attr)) return takeError();
    if (peek() == '[') {
      FilterPtr inner = parseBracket(path.attr, start);
      if (!inner) return takeError();
      path.filter = *inner;
      if (peek() == '.') {
        ++pos_;
        const size_t subStart = pos_;
        const std::string_view sub = readWord();
        if (!isAttrName(sub)) {
          fail(subStart,
               "expected a sub-attribute name (a letter followed by letters, digits, "
               "\"-\" or \"_\") after \"].\", found " +
                   found(subStart));
          return takeError();
        }
        path.subAttr = std::string(sub);
      }
    }
    const size_t end = pos_;
    skipSpaces();
    if (!atEnd()) {
      fail(pos_, "expected the end of the path after \"" + quote(text_.substr(start, end - start)) +
                     "\", found " + found(pos_));
      return takeError();
    }
    return path;
  }

 private:
  std::string_view noun() const { return mode_ == Mode::kFilter ? "filter" : "path"; }

  // Length, encoding and emptiness; leaves pos_ on the first non-space character.
  bool checkInput() {
    if (text_.size() > kMaxFilterLength) {
      error_ = core::invalidArgument("invalid " + std::string(noun()) + ": it is " +
                                     std::to_string(text_.size()) + " bytes long, at most " +
                                     std::to_string(kMaxFilterLength) + " are accepted");
      return false;
    }
    for (size_t i = 0; i < text_.size();) {
      const size_t len = utf8SequenceLength(text_, i);
      if (len == 0) {
        fail(i, "the " + std::string(noun()) + " is not valid UTF-8");
        return false;
      }
      i += len;
    }
    skipSpaces();
    if (atEnd()) {
      error_ = core::invalidArgument("invalid " + std::string(noun()) + ": the " +
                                     std::string(noun()) + " is empty");
      return false;
    }
    return true;
  }

  core::Status takeError() {
    core::Status s = error_.has_value() ? std::move(*error_)
                                        : core::invalidArgument("invalid " + std::string(noun()));
    return std::move(s).withDetail(mode_ == Mode::kFilter ? "invalidFilter" : "invalidPath");
  }

  // 1-based position in characters (UTF-8 code points) of byte offset `offset`.
  size_t position(size_t offset) const {
    size_t chars = 0;
    for (size_t i = 0; i < offset && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0u) != 0x80u) ++chars;
    }
    return chars + 1;
  }

  void fail(size_t offset, const std::string& what) {
    if (error_.has_value()) return;
    error_ = core::invalidArgument("invalid " + std::string(noun()) + " at position " +
                                   std::to_string(position(offset)) + ": " + what);
  }

  // `s` cut to kMaxQuotedWord bytes on a character boundary, for messages.
  static std::string quote(std::string_view s) {
    if (s.size() <= kMaxQuotedWord) return std::string(s);
    size_t cut = kMaxQuotedWord;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0u) == 0x80u) --cut;
    return std::string(s.substr(0, cut)) + "...";
  }

  // What the text holds at `offset`, for "found ..." in messages.
  std::string found(size_t offset) const {
    if (offset >= text_.size()) return "the end of the " + std::string(noun());
    const char c = text_[offset];
    if (isControl(c)) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      const auto u = static_cast<unsigned char>(c);
      return std::string("the control character U+00") + kHex[u >> 4] + kHex[u & 0x0Fu];
    }
    if (c == '"') return "a quotation mark";
    if (isSpace(c)) return "a space";
    if (endsWord(c)) return std::string("\"") + c + "\"";
    size_t end = offset;
    while (end < text_.size() && !endsWord(text_[end])) ++end;
    return "\"" + quote(text_.substr(offset, end - offset)) + "\"";
  }

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }

  size_t skipSpaces() {
    const size_t start = pos_;
    while (!atEnd() && isSpace(text_[pos_])) ++pos_;
    return pos_ - start;
  }

  std::string_view wordAt(size_t offset) const {
    size_t end = offset;
    while (end < text_.size() && !endsWord(text_[end])) ++end;
    return text_.substr(offset, end - offset);
  }

  std::string_view readWord() {
    const std::string_view w = wordAt(pos_);
    pos_ += w.size();
    return w;
  }

  bool enter(size_t offset) {
    if (++depth_ > kMaxFilterDepth) {
      fail(offset, "nested deeper than " + std::to_string(kMaxFilterDepth) +
                       " levels of parentheses, \"not\" and \"[...]\"");
      return false;
    }
    return true;
  }
  void leave() { --depth_; }

  // The error after a complete expression that is not followed by what `closing` names.
  void failTrailing(std::string_view closing) {
    std::string what =
        "expected \"and\", \"or\" or " + std::string(closing) + ", found " + found(pos_);
    if (mode_ == Mode::kFilter && closing == "the end of the filter" && peek() == ')') {
      what = "\")\" has no matching \"(\"";
    } else if (closing == "the end of the filter" && peek() == ']') {
      what = "\"]\" has no matching \"[\"";
    } else if (lastBareValueEnd_ != std::string_view::npos && !atEnd() && !endsWord(peek())) {
      // "userName eq John Smith": the value ended at the space.
      size_t back = pos_;
      while (back > 0 && isSpace(text_[back - 1])) --back;
      if (back == lastBareValueEnd_) what += " (put values that contain spaces in double quotes)";
    }
    fail(pos_, what);
  }

  static FilterPtr makeNode(Filter::Kind kind, FilterPtr left, FilterPtr right) {
    auto node = std::make_shared<Filter>();
    node->kind = kind;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  // Matches the keyword `kw` ("and", "or") after an expression; consumes it and the spaces
  // before it. It must be separated from the expression by a space, unless the expression
  // ended with ")", "]" or a quoted string.
  bool matchKeyword(std::string_view kw) {
    const size_t save = pos_;
    const size_t spaces = skipSpaces();
    const bool separated =
        spaces > 0 ||
        (save > 0 && (text_[save - 1] == ')' || text_[save - 1] == ']' || text_[save - 1] == '"'));
    const std::string_view w = wordAt(pos_);
    if (separated && equalsIgnoreCase(w, kw)) {
      pos_ += w.size();
      return true;
    }
    pos_ = save;
    return false;
  }

  // FILTER with "or" (lowest precedence; left-associative).
  FilterPtr parseOr(std::string_view context) {
    FilterPtr left = parseAnd(context);
    while (left && matchKeyword("or")) {
      FilterPtr right = parseAnd(" after \"or\"");
      if (!right) return nullptr;
      left = makeNode(Filter::Kind::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  FilterPtr parseAnd(std::string_view context) {
    FilterPtr left = parseUnary(context);
    while (left && matchKeyword("and")) {
      FilterPtr right = parseUnary(" after \"and\"");
      if (!right) return nullptr;
      left = makeNode(Filter::Kind::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  // "(" FILTER ")" after the "(" at pos_; the caller has entered one depth level.
  FilterPtr parseParenthesised() {
    const size_t open = pos_;
    ++pos_;
    FilterPtr inner = parseOr(" after \"(\"");
    if (!inner) return nullptr;
    skipSpaces();
    if (peek() != ')') {
      failTrailing("\")\" closing the \"(\" at position " + std::to_string(position(open)));
      return nullptr;
    }
    ++pos_;
    return inner;
  }

  // attrExp / valuePath / "not" "(" FILTER ")" / "(" FILTER ")".
  FilterPtr parseUnary(std::string_view context) {
    skipSpaces();
    const size_t start = pos_;
    if (peek() == '(') {
      if (!enter(start)) return nullptr;
      FilterPtr inner = parseParenthesised();
      leave();
      return inner;
    }
    const std::string_view word = readWord();
    if (word.empty()) {
      fail(start, "expected an attribute name, \"not\" or \"(\"" + std::string(context) +
                      ", found " + found(start));
      return nullptr;
    }
    if (equalsIgnoreCase(word, "not")) {
      const size_t afterNot = pos_;
      skipSpaces();
      if (peek() == '(') {
        if (!enter(start)) return nullptr;
        FilterPtr inner = parseParenthesised();
        leave();
        if (!inner) return nullptr;
        return makeNode(Filter::Kind::kNot, std::move(inner), nullptr);
      }
      // "not" is also a valid attribute name: "not pr", "not eq 1", "not[value eq 1]".
      if ((pos_ != afterNot || peek() != '[') && !isOperatorWord(wordAt(pos_))) {
        fail(pos_, "expected \"(\" after \"not\" (write: not (filter)), found " + found(pos_));
        return nullptr;
      }
      pos_ = afterNot;
    }
    auto node = std::make_shared<Filter>();
    if (!parseAttrPath(word, start, node->attr)) return nullptr;
    if (peek() == '[') {
      FilterPtr inner = parseBracket(node->attr, start);
      if (!inner) return nullptr;
      if (peek() == '.') {
        fail(pos_, "a sub-attribute after \"]\" is only allowed in PATCH paths, not in filters");
        return nullptr;
      }
      node->kind = Filter::Kind::kValuePath;
      node->left = std::move(inner);
      return node;
    }
    if (!parseComparison(*node)) return nullptr;
    return node;
  }

  // "[" valFilter "]" at pos_, after `attr` (which started at `attrStart`).
  FilterPtr parseBracket(const AttrPath& attr, size_t attrStart) {
    const size_t open = pos_;
    if (inValuePath_) {
      fail(open, "value filters \"[...]\" cannot be nested (\"" + attr.toString() +
                     "[\" inside another \"[...]\")");
      return nullptr;
    }
    if (!attr.sub.empty()) {
      fail(open,
           "a value filter \"[...]\" follows a multi-valued attribute, not the "
           "sub-attribute \"" +
               quote(text_.substr(attrStart, open - attrStart)) + "\"");
      return nullptr;
    }
    if (!enter(open)) return nullptr;
    ++pos_;
    inValuePath_ = true;
    FilterPtr inner = parseOr(" after \"[\"");
    inValuePath_ = false;
    leave();
    if (!inner) return nullptr;
    skipSpaces();
    if (peek() != ']') {
      failTrailing("\"]\" closing the \"[\" at position " + std::to_string(position(open)));
      return nullptr;
    }
    ++pos_;
    return inner;
  }

  // attrPath = [URI ":"] ATTRNAME *1("." ATTRNAME); the schema ends at the last ':'.
  bool parseAttrPath(std::string_view word, size_t offset, AttrPath& out) {
    std::string_view rest = word;
    size_t restOffset = offset;
    const size_t colon = word.rfind(':');
    if (colon != std::string_view::npos) {
      const std::string_view schema = word.substr(0, colon);
      if (!isSchemaUri(schema)) {
        fail(offset, "\"" + quote(schema) +
                         "\" is not a valid schema URN (expected e.g. "
                         "urn:ietf:params:scim:schemas:core:2.0:User before the attribute name)");
        return false;
      }
      out.schema = std::string(schema);
      rest = word.substr(colon + 1);
      restOffset = offset + colon + 1;
      if (rest.empty()) {
        fail(restOffset, "expected an attribute name after the schema URN \"" + quote(schema) +
                             ":\", found " + found(restOffset));
        return false;
      }
    }
    const size_t dot = rest.find('.');
    const std::string_view name = rest.substr(0, dot);
    if (!isAttrName(name)) {
      fail(restOffset, "\"" + quote(name) +
                           "\" is not a valid attribute name (a letter followed by letters, "
                           "digits, \"-\" or \"_\")");
      return false;
    }
    out.name = std::string(name);
    if (dot != std::string_view::npos) {
      const std::string_view sub = rest.substr(dot + 1);
      if (sub.find('.') != std::string_view::npos) {
        fail(restOffset, "\"" + quote(rest) +
                             "\" has more than one sub-attribute (at most one \".\" is allowed)");
        return false;
      }
      if (!isAttrName(sub)) {
        fail(restOffset + dot + 1,
             "\"" + quote(sub) +
                 "\" is not a valid sub-attribute name (a letter followed by letters, digits, "
                 "\"-\" or \"_\")");
        return false;
      }
      out.sub = std::string(sub);
    }
    return true;
  }

  // SP "pr" / SP compareOp SP compValue, after node.attr.
  bool parseComparison(Filter& node) {
    const size_t spaces = skipSpaces();
    const size_t opStart = pos_;
    const std::string_view opWord = wordAt(pos_);
    const std::optional<CompareOp> op = compareOpFromWord(opWord);
    const bool present = equalsIgnoreCase(opWord, "pr");
    if (spaces == 0 || (!op && !present)) {
      fail(opStart, "expected a comparison operator " + std::string(kOperatorList) + " after \"" +
                        quote(node.attr.toString()) + "\", found " + found(opStart));
      return false;
    }
    pos_ += opWord.size();
    if (present) {
      node.kind = Filter::Kind::kPresent;
      return true;
    }
    node.kind = Filter::Kind::kCompare;
    node.op = *op;
    skipSpaces();  // a quoted value may follow the operator directly: eq"x"
    const size_t valueStart = pos_;
    if (peek() == '"') {
      std::string s;
      if (!parseQuotedString(s)) return false;
      node.value = std::move(s);
    } else {
      const std::string_view w = readWord();
      if (w.empty()) {
        fail(valueStart, "expected a value (" + std::string(kValueKinds) + ") after \"" +
                             std::string(opWord) + "\", found " + found(valueStart));
        return false;
      }
      if (equalsIgnoreCase(w, "true") || equalsIgnoreCase(w, "false")) {
        node.value = equalsIgnoreCase(w, "true");
      } else if (equalsIgnoreCase(w, "null")) {
        node.value = nullptr;
      } else if (isJsonNumber(w)) {
        json number = json::parse(w.begin(), w.end(), nullptr, /*allow_exceptions=*/false);
        if (number.is_discarded() || !number.is_number()) {
          fail(valueStart, "the number " + quote(w) + " is out of range");
          return false;
        }
        node.value = std::move(number);
      } else {
        // Entra ID sends some values unquoted: externalId eq 6d2a7c3e-...
        node.value = std::string(w);
        node.bareValue = true;
        lastBareValueEnd_ = pos_;
      }
    }
    const bool ordering = node.op == CompareOp::kGt || node.op == CompareOp::kGe ||
                          node.op == CompareOp::kLt || node.op == CompareOp::kLe;
    if (ordering && (node.value.is_boolean() || node.value.is_null())) {
      fail(valueStart, "\"" + std::string(opWord) + "\" cannot compare with " + node.value.dump() +
                           ": gt, ge, lt and le need a string, a number or a date");
      return false;
    }
    return true;
  }

  // A JSON string at pos_ (which holds '"'), with its escapes decoded.
  bool parseQuotedString(std::string& out) {
    const size_t open = pos_;
    ++pos_;
    while (!atEnd()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      const size_t escape = pos_;
      if (pos_ + 1 >= text_.size()) break;
      const char e = text_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::optional<uint32_t> unit = readHex4(escape);
          if (!unit) return false;
          uint32_t cp = *unit;
          if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail(escape, "unpaired UTF-16 surrogate \"" + std::string(text_.substr(escape, 6)) +
                             "\" (a low surrogate must follow a high one \\uD800-\\uDBFF)");
            return false;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            const size_t second = pos_;
            if (text_.substr(pos_, 2) != "\\u") {
              fail(escape, "unpaired UTF-16 surrogate \"" + std::string(text_.substr(escape, 6)) +
                               "\" (a high surrogate must be followed by a low one "
                               "\\uDC00-\\uDFFF)");
              return false;
            }
            pos_ += 2;
            std::optional<uint32_t> low = readHex4(second);
            if (!low) return false;
            if (*low < 0xDC00 || *low > 0xDFFF) {
              fail(escape, "unpaired UTF-16 surrogate \"" + std::string(text_.substr(escape, 6)) +
                               "\" (a high surrogate must be followed by a low one "
                               "\\uDC00-\\uDFFF)");
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
          }
          appendUtf8(out, cp);
          break;
        }
        default: {
          // The whole character after the backslash (it may be several bytes of UTF-8).
          const size_t len = std::max<size_t>(1, utf8SequenceLength(text_, escape + 1));
          const std::string shown =
              isControl(e) ? "\"\\\" followed by " + found(escape + 1)
                           : "\"\\" + std::string(text_.substr(escape + 1, len)) + "\"";
          fail(escape, "invalid escape " + shown +
                           " in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
          return false;
        }
      }
    }
    fail(open, "the string that starts here is not closed (missing \")");
    return false;
  }

  // Four hex digits at pos_ (after "\u" at `escape`).
  std::optional<uint32_t> readHex4(size_t escape) {
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k, ++pos_) {
      const char c = peek();
      uint32_t digit = 0;
      if (isDigit(c)) {
        digit = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        fail(escape, "expected 4 hexadecimal digits after \"\\u\"");
        return std::nullopt;
      }
      v = (v << 4) | digit;
    }
    return v;
  }

  std::string_view text_;
  Mode mode_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool inValuePath_ = false;
  size_t lastBareValueEnd_ = std::string_view::npos;
  std::optional<core::Status> error_;
};

// ---------------------------------------------------------------------------------------------
// Evaluation.

// The object `path` is relative to: its extension object when `element` holds the URN as a key.
const json& baseFor(const json& element, const AttrPath& path) {
  if (!path.schema.empty()) {
    const json* extension = findMember(element, path.schema);
    if (extension != nullptr && extension->is_object()) return *extension;
  }
  return element;
}

void pushFlat(const json* v, std::vector<const json*>& out) {
  if (v->is_array()) {
    for (const json& e : *v) out.push_back(&e);
  } else {
    out.push_back(v);
  }
}

// Every value `path` names in `element`: array elements one by one; with a sub-attribute of a
// multi-valued complex attribute, that sub-attribute of each element.
std::vector<const json*> collectValues(const json& element, const AttrPath& path) {
  std::vector<const json*> out;
  const json* v = findMember(baseFor(element, path), path.name);
  if (v == nullptr) return out;
  if (path.sub.empty()) {
    pushFlat(v, out);
  } else if (v->is_object()) {
    if (const json* s = findMember(*v, path.sub)) pushFlat(s, out);
  } else if (v->is_array()) {
    for (const json& e : *v) {
      if (const json* s = findMember(e, path.sub)) pushFlat(s, out);
    }
  }
  return out;
}

bool isPresent(const json& v) {
  if (v.is_null()) return false;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return !v.empty();
  return true;
}

bool compareStrings(std::string_view attr, std::string_view wanted, CompareOp op, bool caseExact) {
  std::string a(attr);
  std::string b(wanted);
  if (!caseExact) {
    a = foldCase(a);
    b = foldCase(b);
  }
  switch (op) {
    case CompareOp::kEq:
      return a == b;
    case CompareOp::kNe:
      return a != b;
    case CompareOp::kCo:
      return a.find(b) != std::string::npos;
    case CompareOp::kSw:
      return a.starts_with(b);
    case CompareOp::kEw:
      return a.ends_with(b);
    case CompareOp::kGt:
      return a > b;
    case CompareOp::kGe:
      return a >= b;
    case CompareOp::kLt:
      return a < b;
    case CompareOp::kLe:
      return a <= b;
  }
  return false;
}

// One attribute value against the filter value; `op` is never kNe (evaluated as "not eq").
bool compareOne(const json& attrValue, CompareOp op, const json& wanted, bool caseExact) {
  const json* v = &attrValue;
  if (v->is_object()) {  // a complex value compares through its "value" sub-attribute
    v = findMember(*v, "value");
    if (v == nullptr) return false;
  }
  if (wanted.is_null()) return op == CompareOp::kEq && v->is_null();
  if (wanted.is_boolean()) {
    return op == CompareOp::kEq && v->is_boolean() && v->get<bool>() == wanted.get<bool>();
  }
  if (wanted.is_number()) {
    if (v->is_number()) {
      switch (op) {
        case CompareOp::kEq:
          return *v == wanted;
        case CompareOp::kGt:
          return wanted < *v;
        case CompareOp::kGe:
          return !(*v < wanted);
        case CompareOp::kLt:
          return *v < wanted;
        case CompareOp::kLe:
          return !(wanted < *v);
        default:
          return false;
      }
    }
    // A string attribute against an unquoted number (externalId eq 12345): compare the text.
    if (v->is_string()) {
      return compareStrings(v->get_ref<const std::string&>(), wanted.dump(), op, caseExact);
    }
    return false;
  }
  if (wanted.is_string() && v->is_string()) {
    return compareStrings(v->get_ref<const std::string&>(), wanted.get_ref<const std::string&>(),
                          op, caseExact);
  }
  return false;
}

bool evaluate(const Filter& f, const json& element, const CaseExactFn& caseExact,
              const AttrPath* parent);

bool evaluateCompare(const Filter& f, const json& element, const CaseExactFn& caseExact,
                     const AttrPath* parent) {
  const std::vector<const json*> values = collectValues(element, f.attr);
  bool exact = false;
  if (caseExact) {
    if (parent != nullptr && f.attr.schema.empty() && f.attr.sub.empty()) {
      exact = caseExact(AttrPath{parent->schema, parent->name, f.attr.name});
    } else {
      exact = caseExact(f.attr);
    }
  }
  const CompareOp op = f.op == CompareOp::kNe ? CompareOp::kEq : f.op;
  bool any = false;
  if (values.empty()) {
    any = op == CompareOp::kEq && f.value.is_null();  // "attr eq null": absent counts as null
  } else {
    any = std::any_of(values.begin(), values.end(),
                      [&](const json* v) { return compareOne(*v, op, f.value, exact); });
  }
  return f.op == CompareOp::kNe ? !any : any;
}

bool evaluateValuePath(const Filter& f, const json& element, const CaseExactFn& caseExact) {
  if (!f.left) return false;
  const json* v = findMember(baseFor(element, f.attr), f.attr.name);
  if (v == nullptr) return false;
  const auto test = [&](const json& e) {
    if (e.is_object()) return evaluate(*f.left, e, caseExact, &f.attr);
    // A simple multi-valued attribute: its elements are referred to as "value".
    const json wrapped = {{"value", e}};
    return evaluate(*f.left, wrapped, caseExact, &f.attr);
  };
  if (v->is_array()) return std::any_of(v->begin(), v->end(), test);
  return test(*v);
}

bool evaluate(const Filter& f, const json& element, const CaseExactFn& caseExact,
              const AttrPath* parent) {
  switch (f.kind) {
    case Filter::Kind::kCompare:
      return evaluateCompare(f, element, caseExact, parent);
    case Filter::Kind::kPresent: {
      const std::vector<const json*> values = collectValues(element, f.attr);
      return std::any_of(values.begin(), values.end(), [](const json* v) { return isPresent(*v); });
    }
    case Filter::Kind::kAnd:
      return f.left && f.right && evaluate(*f.left, element, caseExact, parent) &&
             evaluate(*f.right, element, caseExact, parent);
    case Filter::Kind::kOr:
      return (f.left && evaluate(*f.left, element, caseExact, parent)) ||
             (f.right && evaluate(*f.right, element, caseExact, parent));
    case Filter::Kind::kNot:
      return f.left && !evaluate(*f.left, element, caseExact, parent);
    case Filter::Kind::kValuePath:
      return evaluateValuePath(f, element, caseExact);
  }
  return false;
}

// --- dateTime ----------------------------------------------------------------------------------

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's
// days_from_civil).
int64_t daysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The inverse of daysFromCivil.
void civilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

int64_t daysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads `n` digits at `pos` into `out`; false when they are not all digits.
bool digitsAt(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!isDigit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

core::Result<UtcDateTime> parseDateTime(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return core::invalidArgument("\"" + std::string(text.substr(0, 64)) +
                                 "\" is not a dateTime such as \"2024-05-01T10:00:00Z\" (" +
                                 why + ")")
        .withDetail("invalidFilter");
  };
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digitsAt(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !digitsAt(text, 5, 2, month) || text[7] != '-' || !digitsAt(text, 8, 2, day)) {
    return bad("expected YYYY-MM-DD");
  }
  if (text.size() < 19 || (text[10] != 'T' && text[10] != 't') ||
      !digitsAt(text, 11, 2, hour) || text[13] != ':' || !digitsAt(text, 14, 2, minute) ||
      text[16] != ':' || !digitsAt(text, 17, 2, second)) {
    return bad("expected a time THH:MM:SS after the date");
  }
  size_t pos = 19;
  bool fraction = false;
  if (pos < text.size() && text[pos] == '.') {
    const size_t start = ++pos;
    while (pos < text.size() && isDigit(text[pos])) {
      if (text[pos] != '0') fraction = true;
      ++pos;
    }
    if (pos == start) return bad("expected digits after the decimal point");
  }
  int64_t offsetMinutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int64_t oh = 0;
    int64_t om = 0;
    if (!digitsAt(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digitsAt(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return bad("expected an offset +HH:MM or -HH:MM");
    }
    offsetMinutes = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return bad("expected Z or an offset such as +02:00 after the time");
  }
  if (pos != text.size()) return bad("unexpected text after the offset");
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return bad("a field is out of range");
  }
  if (second == 60) {  // a leap second: after :59, before the next minute
    second = 59;
    fraction = true;
  }
  const int64_t seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
                          second - offsetMinutes * 60;
  const int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  const int64_t inDay = seconds - days * 86400;
  int64_t y = 0, m = 0, d = 0;
  civilFromDays(days, y, m, d);
  if (y < 1 || y > 9999) return bad("the year is out of range");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", static_cast<int>(y),
                static_cast<int>(m), static_cast<int>(d), static_cast<int>(inDay / 3600),
                static_cast<int>(inDay / 60 % 60), static_cast<int>(inDay % 60));
  return UtcDateTime{buf, fraction};
}

std::string AttrPath::toString() const {
  std::string out;
  if (!schema.empty()) out += schema + ":";
  out += name;
  if (!sub.empty()) out += "." + sub;
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (toLower(a[i]) != toLower(b[i])) return false;
  }
  return true;
}

core::Result<Filter> parseFilter(std::string_view text) {
  try {
    return Parser(text, Mode::kFilter).runFilter();
  } catch (const std::exception& e) {
    return core::internalError(std::string("filter parser failed: ") + e.what());
  }
}

core::Result<PatchPath> parsePatchPath(std::string_view text) {
  try {
    return Parser(text, Mode::kPath).runPath();
  } catch (const std::exception& e) {
    return core::internalError(std::string("path parser failed: ") + e.what());
  }
}

bool matches(const Filter& filter, const nlohmann::json& element, const CaseExactFn& caseExact) {
  try {
    return evaluate(filter, element, caseExact, nullptr);
  } catch (const std::exception&) {
    return false;  // only allocation failures can throw here
  }
}

const json* findMember(const json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  const auto exact = object.find(name);
  if (exact != object.end()) return &*exact;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (equalsIgnoreCase(it.key(), name)) return &*it;
  }
  return nullptr;
}

}  // namespace tandem::scim
