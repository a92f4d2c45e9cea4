#include "pairing/internal/json_text.h"

#include <array>
#include <charconv>

namespace tandem::pairing::internal {

namespace {

constexpr uint8_t kAccept = 0;
constexpr uint8_t kReject = 1;

// nlohmann::detail::serializer::decode's table (Bjoern Hoehrmann's UTF-8 DFA), unchanged: the
// byte classes of 0x00..0xFF, then the transitions (state * 16 + class).
// clang-format off
constexpr std::array<uint8_t, 400> kUtf8d = {{
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    8, 8, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0xA, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x4, 0x3, 0x3,
    0xB, 0x6, 0x6, 0x6, 0x5, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8,
    0x0, 0x1, 0x2, 0x3, 0x5, 0x8, 0x7, 0x1, 0x1, 0x1, 0x4, 0x6, 0x1, 0x1, 0x1, 0x1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 2, 1, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1,
    1, 3, 1, 1, 1, 1, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
}};
// clang-format on

// One step of the DFA; the state after `byte` (kAccept, kReject or inside a sequence).
uint8_t decode(uint8_t& state, uint8_t byte) {
  state = kUtf8d[256u + state * 16u + kUtf8d[byte]];
  return state;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// An ASCII byte written as it is inside a JSON string.
bool plainAscii(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x20 && b < 0x80 && c != '"' && c != '\\';
}

// An ASCII byte (< 0x80) that is not plainAscii, escaped.
void appendEscapedAscii(std::string& out, char c) {
  switch (c) {
    case '\b':
      out += "\\b";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\r':
      out += "\\r";
      return;
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      const auto b = static_cast<unsigned char>(c);
      out += "\\u00";
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
      return;
    }
  }
}

// Appends `s`, invalid UTF-8 replaced as nlohmann's dump_escaped does with error_handler_t::replace
// (see json_text.h); with kEscape, ASCII bytes are escaped for a JSON string as well.
template <bool kEscape>
void appendReplacing(std::string& out, std::string_view s) {
  uint8_t state = kAccept;
  size_t lastAccept = out.size();  // out's size after the last whole code point or replacement
  bool pending = false;            // bytes of an unfinished sequence written since lastAccept
  for (size_t i = 0; i < s.size(); ++i) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (state == kAccept && byte < 0x80) {
      // ASCII outside a sequence: a whole code point. Copy the run of such bytes at once.
      size_t end = i;
      if constexpr (kEscape) {
        while (end < s.size() && plainAscii(s[end])) ++end;
        out.append(s.data() + i, end - i);
        if (end < s.size() && static_cast<unsigned char>(s[end]) < 0x80) {
          appendEscapedAscii(out, s[end]);
          ++end;
        }
      } else {
        while (end < s.size() && static_cast<unsigned char>(s[end]) < 0x80) ++end;
        out.append(s.data() + i, end - i);
      }
      i = end - 1;
      lastAccept = out.size();
      continue;
    }
    switch (decode(state, byte)) {
      case kAccept:  // the last byte of a multi-byte code point (>= U+0080: written raw)
        out.push_back(s[i]);
        lastAccept = out.size();
        pending = false;
        break;
      case kReject:
        // The unfinished sequence (if any) becomes one U+FFFD and this byte is read again: it may
        // start the next sequence. A byte that cannot start one becomes one U+FFFD itself.
        if (pending) --i;
        out.resize(lastAccept);
        out += kReplacement;
        lastAccept = out.size();
        pending = false;
        state = kAccept;
        break;
      default:  // inside a sequence
        out.push_back(s[i]);
        pending = true;
        break;
    }
  }
  if (state != kAccept) {  // cut short by the end of the string
    out.resize(lastAccept);
    out += kReplacement;
  }
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  appendReplacing<true>(out, s);
  out.push_back('"');
}

std::string replaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  appendReplacing<false>(out, s);
  return out;
}

void appendJsonInt(std::string& out, int64_t v) {
  std::array<char, 24> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  out.append(buffer.data(), end);
  static_cast<void>(ec);  // 24 characters always hold an int64_t
}

}  // namespace tandem::pairing::internal
