#include "directory/employee_import.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

namespace tandem::directory {

namespace {

using nlohmann::json;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kListResponseSchema =
    "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr std::string_view kEnterpriseSchema =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
constexpr std::string_view kTandemSchema =
    "urn:tandem:params:scim:schemas:extension:tandem:2.0:User";
constexpr int kMaxLevel = 100;

// ---------------------------------------------------------------------------------------------
// Text helpers

std::string asciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kBlank = " \t\r\n";
  const size_t first = s.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kBlank) - first + 1);
}

// Splits on `sep`, trims, drops empty items and exact duplicates (first kept).
std::vector<std::string> splitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    const std::string item(trim(s.substr(start, end - start)));
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

// Byte offset of the first ill-formed UTF-8 sequence (overlong forms, surrogates and code points
// past U+10FFFF included), or npos when `s` is valid.
size_t invalidUtf8Offset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t codePoint = 0;
    uint32_t minimum = 0;
    if ((lead & 0xE0u) == 0xC0u) {
      length = 2;
      codePoint = lead & 0x1Fu;
      minimum = 0x80;
    } else if ((lead & 0xF0u) == 0xE0u) {
      length = 3;
      codePoint = lead & 0x0Fu;
      minimum = 0x800;
    } else if ((lead & 0xF8u) == 0xF0u) {
      length = 4;
      codePoint = lead & 0x07u;
      minimum = 0x10000;
    } else {
      return i;
    }
    if (i + length > s.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0u) != 0x80u) return i;
      codePoint = (codePoint << 6) | (next & 0x3Fu);
    }
    if (codePoint < minimum || codePoint > 0x10FFFF ||
        (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// Value checks shared by both formats

bool isValidEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return false;
  if (email.find('@', at + 1) != std::string_view::npos) return false;
  return email.find_first_of(" \t\r\n") == std::string_view::npos;
}

bool isDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int toInt(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// A real Gregorian date written YYYY-MM-DD.
bool isValidDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  const std::string_view year = date.substr(0, 4);
  const std::string_view month = date.substr(5, 2);
  const std::string_view day = date.substr(8, 2);
  if (!isDigits(year) || !isDigits(month) || !isDigits(day)) return false;
  const int y = toInt(year);
  const int m = toInt(month);
  const int d = toInt(day);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int days = kDaysInMonth[static_cast<size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
  return d <= days;
}

std::optional<bool> parseBool(std::string_view value) {
  const std::string v = asciiLower(value);
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return std::nullopt;
}

std::optional<int> parseLevel(std::string_view value) {
  if (!isDigits(value) || value.size() > 3) return std::nullopt;
  const int level = toInt(value);
  if (level > kMaxLevel) return std::nullopt;
  return level;
}

bool isLanguageCode(std::string_view code) {
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// ---------------------------------------------------------------------------------------------
// A record as read from either format, before validation

enum Column : size_t {
  kId,
  kUserName,
  kDisplayName,
  kGivenName,
  kFamilyName,
  kEmail,
  kDepartment,
  kTitle,
  kLevel,
  kHireDate,
  kHireDateConfidence,
  kLocation,
  kTimeZone,
  kLocale,
  kEmployeeType,
  kLanguages,
  kManager,
  kActive,
  kGroups,
  kColumnCount,
};

// Canonical column names, used in messages.
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {"id",
                                                                     "userName",
                                                                     "displayName",
                                                                     "givenName",
                                                                     "familyName",
                                                                     "email",
                                                                     "department",
                                                                     "title",
                                                                     "level",
                                                                     "hireDate",
                                                                     "hireDateConfidence",
                                                                     "location",
                                                                     "timeZone",
                                                                     "locale",
                                                                     "employeeType",
                                                                     "languages",
                                                                     "manager",
                                                                     "active",
                                                                     "groups"};

struct RawRecord {
  int row = 0;
  std::array<std::string, kColumnCount> values;  // kLanguages and kGroups unused: see the lists
  std::vector<std::string> languages;
  std::vector<std::string> groups;

  std::string& operator[](Column c) { return values[c]; }
  const std::string& operator[](Column c) const { return values[c]; }
};

core::Status checkUtf8(const RawRecord& raw) {
  for (size_t c = 0; c < kColumnCount; ++c) {
    if (invalidUtf8Offset(raw.values[c]) != std::string_view::npos) {
      return core::invalidArgument("invalid UTF-8 in " + std::string(kColumnNames[c]));
    }
  }
  for (const auto& [name, list] :
       {std::pair{"languages", &raw.languages}, std::pair{"groups", &raw.groups}}) {
    for (const std::string& item : *list) {
      if (invalidUtf8Offset(item) != std::string_view::npos) {
        return core::invalidArgument(std::string("invalid UTF-8 in ") + name);
      }
    }
  }
  return core::Status::ok();
}

core::Status fillName(const RawRecord& raw, Employee& e) {
  e.givenName = raw[kGivenName];
  e.familyName = raw[kFamilyName];
  e.displayName = raw[kDisplayName];
  if (e.displayName.empty()) {
    e.displayName = std::string(trim(e.givenName + " " + e.familyName));
  }
  if (e.displayName.empty()) {
    return core::invalidArgument(
        "missing displayName (and no givenName or familyName to build it)");
  }
  return core::Status::ok();
}

core::Status fillHireDate(const RawRecord& raw, Employee& e) {
  e.hireDate = raw[kHireDate];
  if (e.hireDate.empty()) {
    e.hireDateConfidence = "unknown";
    return core::Status::ok();
  }
  if (!isValidDate(e.hireDate)) {
    return core::invalidArgument("invalid hireDate '" + e.hireDate +
                                 "': expected a real date written YYYY-MM-DD");
  }
  const std::string confidence = asciiLower(raw[kHireDateConfidence]);
  if (confidence.empty()) {
    e.hireDateConfidence = "exact";
  } else if (confidence == "exact" || confidence == "approximate" || confidence == "unknown") {
    e.hireDateConfidence = confidence;
  } else {
    return core::invalidArgument("invalid hireDateConfidence '" + raw[kHireDateConfidence] +
                                 "': expected exact, approximate or unknown");
  }
  return core::Status::ok();
}

core::Status fillScalars(const RawRecord& raw, Employee& e) {
  e.email = raw[kEmail];
  if (!e.email.empty() && !isValidEmail(e.email)) {
    return core::invalidArgument("invalid email '" + e.email +
                                 "': expected one '@' with text on both sides");
  }
  if (!raw[kLevel].empty()) {
    e.level = parseLevel(raw[kLevel]);
    if (!e.level) {
      return core::invalidArgument("invalid level '" + raw[kLevel] +
                                   "': expected an integer from 0 to 100");
    }
  }
  if (!raw[kActive].empty()) {
    const std::optional<bool> active = parseBool(raw[kActive]);
    if (!active) {
      return core::invalidArgument("invalid active '" + raw[kActive] +
                                   "': expected true, false, 1, 0, yes or no");
    }
    e.active = *active;
  }
  e.department = raw[kDepartment];
  e.title = raw[kTitle];
  e.location = raw[kLocation];
  e.timeZone = raw[kTimeZone];
  e.locale = raw[kLocale];
  e.employeeType = raw[kEmployeeType];
  e.managerExternalId = raw[kManager];
  return core::Status::ok();
}

core::Status fillLanguages(const RawRecord& raw, Employee& e) {
  for (const std::string& language : raw.languages) {
    const std::string code = asciiLower(language);
    if (!isLanguageCode(code)) {
      return core::invalidArgument("invalid languages entry '" + language +
                                   "': expected a two-letter ISO 639-1 code such as 'fr'");
    }
    if (std::find(e.languages.begin(), e.languages.end(), code) == e.languages.end()) {
      e.languages.push_back(code);
    }
  }
  return core::Status::ok();
}

// Validates a record; kInvalidArgument whose message is the rejection reason.
core::Result<ImportRow> buildRow(RawRecord raw) {
  for (std::string& value : raw.values) value = std::string(trim(value));
  TDM_RETURN_IF_ERROR(checkUtf8(raw));
  if (raw[kId].empty()) return core::invalidArgument("missing id");
  if (raw[kUserName].empty()) return core::invalidArgument("missing userName");
  ImportRow out;
  out.row = raw.row;
  Employee& e = out.employee;
  e.externalId = raw[kId];
  e.userName = raw[kUserName];
  TDM_RETURN_IF_ERROR(fillName(raw, e));
  TDM_RETURN_IF_ERROR(fillScalars(raw, e));
  TDM_RETURN_IF_ERROR(fillHireDate(raw, e));
  TDM_RETURN_IF_ERROR(fillLanguages(raw, e));
  for (const std::string& group : raw.groups) {
    const std::string name(trim(group));
    if (!name.empty() &&
        std::find(out.groups.begin(), out.groups.end(), name) == out.groups.end()) {
      out.groups.push_back(name);
    }
  }
  return out;
}

// Validates `raw` into `parsed`: an accepted row, or a rejection naming `readError` when reading
// the record already failed.
void addRecord(RawRecord raw, const core::Status& readError, ParsedImport& parsed) {
  const int row = raw.row;
  std::string externalId(trim(raw[kId]));
  if (!readError.isOk()) {
    parsed.rejected.push_back({row, std::move(externalId), readError.message()});
    return;
  }
  core::Result<ImportRow> built = buildRow(std::move(raw));
  if (built.isOk()) {
    parsed.rows.push_back(std::move(built).value());
  } else {
    parsed.rejected.push_back({row, std::move(externalId), built.status().message()});
  }
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// Reads records one at a time. Quoted fields may hold separators, doubled quotes and line breaks;
// a quote inside an unquoted field is kept literally.
class CsvReader {
 public:
  CsvReader(std::string_view text, char separator) : text_(text), separator_(separator) {}

  // Fills `record` and returns true, or returns false at the end of the text.
  // kInvalidArgument on an unterminated quote or text after a closing quote.
  core::Result<bool> next(CsvRecord& record) {
    record.fields.clear();
    if (atEnd()) return false;
    record.line = line_;
    while (true) {
      std::string field;
      if (text_[pos_] == '"') {
        TDM_RETURN_IF_ERROR(readQuoted(field));
      } else {
        readPlain(field);
      }
      record.fields.push_back(std::move(field));
      if (atEnd()) return true;
      if (text_[pos_] == separator_) {
        ++pos_;
        continue;
      }
      consumeLineBreak();
      return true;
    }
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }

  void readPlain(std::string& field) {
    const size_t start = pos_;
    while (!atEnd() && text_[pos_] != separator_ && text_[pos_] != '\r' && text_[pos_] != '\n') {
      ++pos_;
    }
    field.assign(text_.substr(start, pos_ - start));
  }

  core::Status readQuoted(std::string& field) {
    const int openedOn = line_;
    ++pos_;
    while (true) {
      if (atEnd()) {
        return core::invalidArgument("line " + std::to_string(openedOn) +
                                     ": unterminated quoted field (the quote is never closed)");
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\n' || (c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n'))) {
        ++line_;
      }
      field += c;
      ++pos_;
    }
    if (!atEnd() && text_[pos_] != separator_ && text_[pos_] != '\r' && text_[pos_] != '\n') {
      return core::invalidArgument("line " + std::to_string(line_) +
                                   ": unexpected text after a closing quote (a quote inside a "
                                   "quoted field must be doubled)");
    }
    return core::Status::ok();
  }

  void consumeLineBreak() {
    if (text_[pos_] == '\r') ++pos_;
    if (!atEnd() && text_[pos_] == '\n') ++pos_;
    ++line_;
  }

  std::string_view text_;
  char separator_;
  size_t pos_ = 0;
  int line_ = 1;
};

// The separator used by the header line: comma, or semicolon or tab when they are more frequent
// (spreadsheets in French locales write semicolons).
char detectSeparator(std::string_view text) {
  size_t commas = 0;
  size_t semicolons = 0;
  size_t tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
    if (c == '\t') ++tabs;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

bool isBlankRecord(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& f) { return trim(f).empty(); });
}

// Header name with case, '_', '-' and spaces ignored.
std::string normaliseHeader(std::string_view name) {
  std::string out;
  for (char c : asciiLower(trim(name))) {
    if (c != '_' && c != '-' && c != ' ') out += c;
  }
  return out;
}

std::optional<Column> columnFor(std::string_view header) {
  struct Alias {
    std::string_view name;
    Column column;
  };
  static constexpr std::array<Alias, 22> kAliases = {{
      {"id", kId},
      {"externalid", kId},
      {"username", kUserName},
      {"displayname", kDisplayName},
      {"givenname", kGivenName},
      {"familyname", kFamilyName},
      {"email", kEmail},
      {"department", kDepartment},
      {"title", kTitle},
      {"level", kLevel},
      {"hiredate", kHireDate},
      {"hiredateconfidence", kHireDateConfidence},
      {"location", kLocation},
      {"timezone", kTimeZone},
      {"locale", kLocale},
      {"employeetype", kEmployeeType},
      {"languages", kLanguages},
      {"manager", kManager},
      {"managerid", kManager},
      {"managerexternalid", kManager},
      {"active", kActive},
      {"groups", kGroups},
  }};
  const std::string key = normaliseHeader(header);
  for (const Alias& alias : kAliases) {
    if (alias.name == key) return alias.column;
  }
  return std::nullopt;
}

// Field index of each known column, -1 when absent.
using ColumnMap = std::array<int, kColumnCount>;

core::Result<ColumnMap> mapHeader(const CsvRecord& header) {
  const std::string where = "line " + std::to_string(header.line) + ": ";
  ColumnMap map;
  map.fill(-1);
  for (size_t i = 0; i < header.fields.size(); ++i) {
    if (invalidUtf8Offset(header.fields[i]) != std::string_view::npos) {
      return core::invalidArgument(where + "the header row is not valid UTF-8");
    }
    const std::optional<Column> column = columnFor(header.fields[i]);
    if (!column) continue;  // unknown columns are ignored
    if (map[*column] >= 0) {
      return core::invalidArgument(where + "column '" + std::string(kColumnNames[*column]) +
                                   "' appears twice in the header row");
    }
    map[*column] = static_cast<int>(i);
  }
  if (map[kId] < 0) {
    return core::invalidArgument(where +
                                 "the header row lacks the required column 'id' (or "
                                 "'external_id'/'externalId')");
  }
  if (map[kUserName] < 0) {
    return core::invalidArgument(where + "the header row lacks the required column 'userName'");
  }
  if (map[kDisplayName] < 0 && map[kGivenName] < 0 && map[kFamilyName] < 0) {
    return core::invalidArgument(where +
                                 "the header row lacks the required column "
                                 "'displayName' (or 'givenName' and 'familyName')");
  }
  return map;
}

RawRecord csvRecord(const CsvRecord& record, const ColumnMap& map) {
  RawRecord raw;
  raw.row = record.line;
  for (size_t c = 0; c < kColumnCount; ++c) {
    const int index = map[c];
    if (index >= 0 && static_cast<size_t>(index) < record.fields.size()) {
      raw.values[c] = record.fields[static_cast<size_t>(index)];
    }
  }
  raw.languages = splitList(raw[kLanguages], ';');
  raw.groups = splitList(raw[kGroups], ';');
  raw[kLanguages].clear();
  raw[kGroups].clear();
  return raw;
}

core::Result<ParsedImport> parseCsv(std::string_view text) {
  ParsedImport parsed;
  parsed.format = "csv";
  CsvReader reader(text, detectSeparator(text));
  CsvRecord header;
  bool found = false;
  do {
    core::Result<bool> more = reader.next(header);
    if (!more.isOk()) return more.status();
    found = *more;
  } while (found && isBlankRecord(header));
  if (!found) return core::invalidArgument("the file is empty: a header row is required");
  core::Result<ColumnMap> map = mapHeader(header);
  if (!map.isOk()) return map.status();

  CsvRecord record;
  while (true) {
    core::Result<bool> more = reader.next(record);
    if (!more.isOk()) return more.status();
    if (!*more) break;
    if (isBlankRecord(record)) continue;
    core::Status shape;
    if (record.fields.size() != header.fields.size()) {
      shape = core::invalidArgument("wrong field count: " + std::to_string(record.fields.size()) +
                                    " fields where the header has " +
                                    std::to_string(header.fields.size()));
    }
    addRecord(csvRecord(record, *map), shape, parsed);
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// SCIM 2.0 ListResponse

std::string scimPath(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

// Reads an optional string attribute; null counts as absent. kInvalidArgument naming the
// attribute when it holds another type.
core::Status readString(const json& object, std::string_view key, std::string& out,
                        std::string_view parent = {}) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return core::Status::ok();
  if (!it->is_string()) {
    return core::invalidArgument(scimPath(parent, key) + " must be a string");
  }
  out = it->get<std::string>();
  return core::Status::ok();
}

// The optional sub-object `key`; nullptr when absent or null.
core::Result<const json*> readObject(const json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_object()) return core::invalidArgument(std::string(key) + " must be an object");
  return &*it;
}

// The primary element of a multi-valued attribute (or its first); nullptr when absent or empty.
core::Result<const json*> readPrimary(const json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_array()) return core::invalidArgument(std::string(key) + " must be an array");
  const json* chosen = nullptr;
  for (const json& item : *it) {
    if (!item.is_object()) {
      return core::invalidArgument(std::string(key) + " must hold objects");
    }
    if (chosen == nullptr) chosen = &item;
    const auto primary = item.find("primary");
    if (primary != item.end() && primary->is_boolean() && primary->get<bool>()) return &item;
  }
  return chosen;
}

// Writes a scalar (string, integer or boolean) as text, for the checks shared with CSV.
core::Status readScalar(const json& object, std::string_view key, std::string& out,
                        std::string_view parent) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return core::Status::ok();
  if (it->is_string()) {
    out = it->get<std::string>();
  } else if (it->is_number_integer()) {
    out = it->dump();
  } else if (it->is_boolean()) {
    out = it->get<bool>() ? "true" : "false";
  } else {
    return core::invalidArgument("invalid " + scimPath(parent, key) + ": " + it->dump());
  }
  return core::Status::ok();
}

core::Status readStringList(const json& object, std::string_view key, std::vector<std::string>& out,
                            std::string_view parent) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return core::Status::ok();
  if (it->is_string()) {
    out = splitList(it->get<std::string>(), ';');
    return core::Status::ok();
  }
  if (!it->is_array()) {
    return core::invalidArgument(scimPath(parent, key) + " must be an array of strings");
  }
  for (const json& item : *it) {
    if (!item.is_string()) {
      return core::invalidArgument(scimPath(parent, key) + " must be an array of strings");
    }
    out.push_back(item.get<std::string>());
  }
  return core::Status::ok();
}

// "fr-CA,fr;q=0.9" (an Accept-Language value) -> "fr-CA".
std::string firstLanguageTag(std::string_view value) {
  return std::string(trim(value.substr(0, value.find_first_of(",;"))));
}

core::Status readCoreAttributes(const json& r, RawRecord& raw) {
  TDM_RETURN_IF_ERROR(readString(r, "userName", raw[kUserName]));
  TDM_RETURN_IF_ERROR(readString(r, "displayName", raw[kDisplayName]));
  core::Result<const json*> name = readObject(r, "name");
  if (!name.isOk()) return name.status();
  if (*name != nullptr) {
    TDM_RETURN_IF_ERROR(readString(**name, "givenName", raw[kGivenName], "name"));
    TDM_RETURN_IF_ERROR(readString(**name, "familyName", raw[kFamilyName], "name"));
    if (trim(raw[kDisplayName]).empty()) {
      TDM_RETURN_IF_ERROR(readString(**name, "formatted", raw[kDisplayName], "name"));
    }
  }
  core::Result<const json*> email = readPrimary(r, "emails");
  if (!email.isOk()) return email.status();
  if (*email != nullptr) TDM_RETURN_IF_ERROR(readString(**email, "value", raw[kEmail], "emails"));
  core::Result<const json*> address = readPrimary(r, "addresses");
  if (!address.isOk()) return address.status();
  if (*address != nullptr) {
    TDM_RETURN_IF_ERROR(readString(**address, "locality", raw[kLocation], "addresses"));
  }
  TDM_RETURN_IF_ERROR(readString(r, "title", raw[kTitle]));
  std::string language;
  TDM_RETURN_IF_ERROR(readString(r, "preferredLanguage", language));
  TDM_RETURN_IF_ERROR(readString(r, "locale", raw[kLocale]));
  if (!trim(language).empty()) raw[kLocale] = firstLanguageTag(language);
  TDM_RETURN_IF_ERROR(readString(r, "timezone", raw[kTimeZone]));
  TDM_RETURN_IF_ERROR(readString(r, "userType", raw[kEmployeeType]));
  return readScalar(r, "active", raw[kActive], {});
}

core::Status readGroups(const json& r, RawRecord& raw) {
  const auto it = r.find("groups");
  if (it == r.end() || it->is_null()) return core::Status::ok();
  if (!it->is_array()) return core::invalidArgument("groups must be an array");
  for (const json& group : *it) {
    if (!group.is_object()) return core::invalidArgument("groups must hold objects");
    std::string display;
    TDM_RETURN_IF_ERROR(readString(group, "display", display, "groups"));
    if (!trim(display).empty()) raw.groups.push_back(display);
  }
  return core::Status::ok();
}

core::Status readExtensions(const json& r, RawRecord& raw) {
  core::Result<const json*> enterprise = readObject(r, kEnterpriseSchema);
  if (!enterprise.isOk()) return enterprise.status();
  if (*enterprise != nullptr) {
    const json& ext = **enterprise;
    TDM_RETURN_IF_ERROR(readString(ext, "department", raw[kDepartment], "enterprise"));
    const auto manager = ext.find("manager");
    if (manager != ext.end() && manager->is_object()) {
      TDM_RETURN_IF_ERROR(readString(*manager, "value", raw[kManager], "enterprise.manager"));
    } else if (manager != ext.end()) {
      TDM_RETURN_IF_ERROR(readString(ext, "manager", raw[kManager], "enterprise"));
    }
  }
  core::Result<const json*> tandem = readObject(r, kTandemSchema);
  if (!tandem.isOk()) return tandem.status();
  if (*tandem != nullptr) {
    const json& ext = **tandem;
    TDM_RETURN_IF_ERROR(readScalar(ext, "level", raw[kLevel], "tandem"));
    TDM_RETURN_IF_ERROR(readString(ext, "hireDate", raw[kHireDate], "tandem"));
    TDM_RETURN_IF_ERROR(readString(ext, "hireDateConfidence", raw[kHireDateConfidence], "tandem"));
    TDM_RETURN_IF_ERROR(readStringList(ext, "languages", raw.languages, "tandem"));
  }
  return core::Status::ok();
}

// Reads one User resource into `raw`; kInvalidArgument (the rejection reason) for a resource that
// is not an object or holds attributes of the wrong type.
core::Status readScimUser(const json& r, RawRecord& raw) {
  if (!r.is_object()) return core::invalidArgument("the resource is not a JSON object");
  TDM_RETURN_IF_ERROR(readString(r, "id", raw[kId]));
  if (trim(raw[kId]).empty()) TDM_RETURN_IF_ERROR(readString(r, "externalId", raw[kId]));
  TDM_RETURN_IF_ERROR(readCoreAttributes(r, raw));
  TDM_RETURN_IF_ERROR(readExtensions(r, raw));
  return readGroups(r, raw);
}

// The Resources array of a ListResponse document.
core::Result<const json*> listResources(const json& doc) {
  static const json kEmpty = json::array();
  if (!doc.is_object()) {
    return core::invalidArgument("not a SCIM ListResponse: the document is not a JSON object");
  }
  const auto schemas = doc.find("schemas");
  const bool isList =
      schemas != doc.end() && schemas->is_array() &&
      std::any_of(schemas->begin(), schemas->end(), [](const json& schema) {
        return schema.is_string() && schema.get_ref<const std::string&>() == kListResponseSchema;
      });
  if (!isList) {
    return core::invalidArgument("not a SCIM ListResponse: 'schemas' must contain \"" +
                                 std::string(kListResponseSchema) + "\"");
  }
  const auto resources = doc.find("Resources");
  if (resources == doc.end()) {
    const auto total = doc.find("totalResults");
    if (total == doc.end() || (total->is_number_integer() && total->get<int64_t>() == 0)) {
      return &kEmpty;
    }
    return core::invalidArgument("not a SCIM ListResponse: 'Resources' is missing");
  }
  if (!resources->is_array()) {
    return core::invalidArgument("not a SCIM ListResponse: 'Resources' must be an array");
  }
  return &*resources;
}

core::Result<ParsedImport> parseScim(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return core::invalidArgument("invalid JSON at byte " + std::to_string(e.byte) + ": " +
                                 e.what());
  }
  core::Result<const json*> resources = listResources(doc);
  if (!resources.isOk()) return resources.status();
  ParsedImport parsed;
  parsed.format = "scim";
  int row = 0;
  for (const json& resource : **resources) {
    RawRecord raw;
    raw.row = ++row;
    core::Status read = readScimUser(resource, raw);
    addRecord(std::move(raw), read, parsed);
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Format detection and encoding

core::Status checkEncoding(std::string_view content) {
  const bool utf16Bom = content.starts_with("\xFF\xFE") || content.starts_with("\xFE\xFF");
  if (utf16Bom || content.find('\0') != std::string_view::npos) {
    return core::invalidArgument(
        "the file is not UTF-8 text (it looks like UTF-16 or binary): save it as UTF-8");
  }
  return core::Status::ok();
}

std::string detectFormat(std::string_view content) {
  const std::string_view body = trim(content);
  return !body.empty() && body.front() == '{' ? "scim" : "csv";
}

// ---------------------------------------------------------------------------------------------
// Applying

bool sameNames(std::vector<std::string> a, std::vector<std::string> b) {
  for (std::string& s : a) s = asciiLower(s);
  for (std::string& s : b) s = asciiLower(s);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return a == b;
}

// Sets the employee's direct groups when they differ; returns whether they changed. Group names
// compare case-insensitively, as the store does.
core::Result<bool> syncGroups(int64_t employeeId, const std::vector<std::string>& wanted,
                              GroupRepository& groups, const std::string& source) {
  core::Result<std::vector<std::string>> current = groups.groupsOf(employeeId);
  if (!current.isOk()) return current.status();
  if (sameNames(*current, wanted)) return false;
  TDM_RETURN_IF_ERROR(groups.setEmployeeGroups(employeeId, wanted, source));
  return true;
}

bool isRowError(const core::Status& status) {
  return status.code() == core::StatusCode::kAlreadyExists ||
         status.code() == core::StatusCode::kInvalidArgument;
}

std::string rowErrorReason(const core::Status& status, const Employee& e) {
  if (status.code() == core::StatusCode::kAlreadyExists) {
    return "userName '" + e.userName + "' is already used by another employee";
  }
  return status.message();
}

void tally(ImportReport& report, UpsertOutcome outcome, bool groupsChanged) {
  if (outcome == UpsertOutcome::kAdded) {
    ++report.added;
  } else if (outcome == UpsertOutcome::kUpdated || groupsChanged) {
    ++report.updated;
  } else {
    ++report.unchanged;
  }
}

}  // namespace

core::Result<ParsedImport> parseEmployeeFile(std::string_view content,
                                             std::string_view formatHint) {
  const std::string hint = asciiLower(formatHint);
  if (hint != "auto" && hint != "csv" && hint != "scim") {
    return core::invalidArgument("unknown import format '" + std::string(formatHint) +
                                 "': expected auto, csv or scim");
  }
  TDM_RETURN_IF_ERROR(checkEncoding(content));
  if (content.starts_with(kUtf8Bom)) content.remove_prefix(kUtf8Bom.size());
  const std::string format = hint == "auto" ? detectFormat(content) : hint;
  try {
    return format == "scim" ? parseScim(content) : parseCsv(content);
  } catch (const json::exception& e) {
    return core::invalidArgument(std::string("cannot read the SCIM document: ") + e.what());
  }
}

nlohmann::json ImportReport::toJson() const {
  json rows = json::array();
  for (const RejectedRow& r : rejected) {
    rows.push_back({{"row", r.row}, {"externalId", r.externalId}, {"reason", r.reason}});
  }
  return {{"format", format},       {"added", added},   {"updated", updated},
          {"unchanged", unchanged}, {"rejected", rows}, {"unresolvedManagers", unresolvedManagers}};
}

core::Result<ImportReport> applyImport(const ParsedImport& parsed, EmployeeRepository& employees,
                                       GroupRepository& groups, const std::string& source) {
  ImportReport report;
  report.format = parsed.format;
  report.rejected = parsed.rejected;
  std::unordered_map<std::string, int> firstRow;  // externalId -> row that introduced it
  for (const ImportRow& row : parsed.rows) {
    const auto [previous, isNew] = firstRow.emplace(row.employee.externalId, row.row);
    if (!isNew) {
      report.rejected.push_back({row.row, row.employee.externalId,
                                 "duplicate id '" + row.employee.externalId +
                                     "': already given on row " +
                                     std::to_string(previous->second)});
      continue;
    }
    Employee employee = row.employee;
    employee.source = source;
    core::Result<UpsertOutcome> outcome = employees.upsert(employee);
    if (!outcome.isOk()) {
      if (!isRowError(outcome.status())) return outcome.status();
      report.rejected.push_back(
          {row.row, employee.externalId, rowErrorReason(outcome.status(), employee)});
      continue;
    }
    core::Result<bool> groupsChanged = syncGroups(employee.id, row.groups, groups, source);
    if (!groupsChanged.isOk()) return groupsChanged.status();
    tally(report, *outcome, *groupsChanged);
  }
  core::Result<int64_t> unresolved = employees.resolveManagers();
  if (!unresolved.isOk()) return unresolved.status();
  report.unresolvedManagers = *unresolved;
  std::stable_sort(report.rejected.begin(), report.rejected.end(),
                   [](const RejectedRow& a, const RejectedRow& b) { return a.row < b.row; });
  return report;
}

}  // namespace tandem::directory
