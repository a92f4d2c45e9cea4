#include "directory_generator.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace tandem::testing {
namespace {

// splitmix64: tiny, fast and identical on every standard library (unlike <random>'s distributions).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform-ish in [0, n).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

struct Name {
  const char* utf8;
  const char* ascii;
};

constexpr std::array<Name, 24> kGivenNames{{
    {"José", "jose"},     {"Zoë", "zoe"},         {"Łukasz", "lukasz"},   {"Søren", "soren"},
    {"Anna", "anna"},     {"Mehmet", "mehmet"},   {"Liam", "liam"},       {"Aiko", "aiko"},
    {"Fatima", "fatima"}, {"Chen", "chen"},       {"Olga", "olga"},       {"Pierre", "pierre"},
    {"Ana", "ana"},       {"Kwame", "kwame"},     {"Priya", "priya"},     {"Mateo", "mateo"},
    {"Ingrid", "ingrid"}, {"Hiroshi", "hiroshi"}, {"Amélie", "amelie"},   {"Björn", "bjorn"},
    {"Siobhán", "siobhan"}, {"Thanh", "thanh"},   {"Jürgen", "jurgen"},   {"Noor", "noor"},
}};

constexpr std::array<Name, 24> kSurnames{{
    {"Müller", "muller"},       {"Yılmaz", "yilmaz"},       {"O'Brien", "obrien"},
    {"Nguyễn", "nguyen"},       {"García", "garcia"},       {"Smith", "smith"},
    {"Kowalski", "kowalski"},   {"Jensen", "jensen"},       {"Tanaka", "tanaka"},
    {"Rossi", "rossi"},         {"Dubois", "dubois"},       {"Schmidt", "schmidt"},
    {"Petrov", "petrov"},       {"Andersson", "andersson"}, {"Okafor", "okafor"},
    {"Silva", "silva"},         {"Kim", "kim"},             {"Novák", "novak"},
    {"Şahin", "sahin"},         {"Fernández", "fernandez"}, {"Lindqvist", "lindqvist"},
    {"Horvat", "horvat"},       {"Østergaard", "ostergaard"}, {"Ionescu", "ionescu"},
}};

struct Department {
  const char* name;
  const char* code;
  const char* slug;
  int weight;
};

// Index 8 is the escaped-comma OU.
constexpr std::array<Department, 10> kDepartments{{
    {"Executive", "EXEC", "executive", 1},
    {"Engineering", "ENG", "engineering", 30},
    {"Finance", "FIN", "finance", 8},
    {"Sales", "SAL", "sales", 18},
    {"Marketing", "MKT", "marketing", 8},
    {"Human Resources", "HR", "human-resources", 5},
    {"Operations", "OPS", "operations", 12},
    {"Customer Support", "SUP", "customer-support", 10},
    {"Legal, Risk", "LEG", "legal-risk", 3},
    {"Research & Development", "RND", "research-development", 5},
}};
constexpr std::size_t kExecutive = 0;
constexpr std::size_t kEngineering = 1;
constexpr std::size_t kFinance = 2;
constexpr std::size_t kHumanResources = 5;
constexpr std::size_t kLegal = 8;

struct Location {
  const char* city;
  const char* timeZone;
};
constexpr std::array<Location, 10> kLocations{{
    {"Berlin", "Europe/Berlin"},          {"London", "Europe/London"},
    {"New York", "America/New_York"},     {"São Paulo", "America/Sao_Paulo"},
    {"Istanbul", "Europe/Istanbul"},      {"Tokyo", "Asia/Tokyo"},
    {"Ho Chi Minh City", "Asia/Ho_Chi_Minh"}, {"Kraków", "Europe/Warsaw"},
    {"Copenhagen", "Europe/Copenhagen"},  {"Remote", "UTC"},
}};
constexpr std::array<const char*, 10> kLanguages{"en", "de", "fr", "es", "pt", "tr", "ja", "vi", "pl", "da"};
constexpr std::array<const char*, 10> kTitles{
    "Associate",      "Analyst",          "Specialist",     "Senior Specialist", "Lead",
    "Manager",        "Senior Manager",   "Director",       "Vice President",    "Chief Executive Officer"};

constexpr const char* kBase = "dc=example,dc=com";
constexpr const char* kPeople = "ou=people,dc=example,dc=com";
constexpr const char* kGroups = "ou=groups,dc=example,dc=com";
constexpr int kFanOut = 8;

// RFC 4514 value escaping; ',' and friends as \XX hex (the form slapd itself prefers).
std::string escapeDnValue(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool special = std::strchr(",+\"\\<>;=", c) != nullptr || c == '\0' ||
                         (i == 0 && (c == ' ' || c == '#')) || (i + 1 == value.size() && c == ' ');
    if (special) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "\\%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < in.size()) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool isSafeLdifString(std::string_view v) {
  if (v.empty()) return true;
  if (v.front() == ' ' || v.front() == ':' || v.front() == '<' || v.back() == ' ') return false;
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0 || u == '\n' || u == '\r' || u > 0x7F) return false;
  }
  return true;
}

// Buffered LDIF writer.
class LdifWriter {
 public:
  explicit LdifWriter(const std::string& path) : file_(std::fopen(path.c_str(), "wb")), path_(path) {
    if (file_ == nullptr) throw std::runtime_error("cannot open " + path + " for writing");
    buffer_.reserve(kFlushAt + 65536);
  }
  ~LdifWriter() {
    if (file_ != nullptr) std::fclose(file_);
  }
  LdifWriter(const LdifWriter&) = delete;
  LdifWriter& operator=(const LdifWriter&) = delete;

  void attr(std::string_view name, std::string_view value) {
    buffer_ += name;
    if (isSafeLdifString(value)) {
      buffer_ += ": ";
      buffer_ += value;
    } else {
      buffer_ += ":: ";
      buffer_ += base64(value);
    }
    buffer_ += '\n';
  }
  void endEntry() {
    buffer_ += '\n';
    ++entries_;
    if (buffer_.size() >= kFlushAt) flush();
  }
  void close() {
    flush();
    const bool failed = std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed) throw std::runtime_error("cannot write " + path_);
  }
  int entries() const { return entries_; }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  void flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      throw std::runtime_error("cannot write " + path_);
    }
    buffer_.clear();
  }
  std::FILE* file_;
  std::string path_;
  std::string buffer_;
  int entries_ = 0;
};

struct Person {
  std::string uid;
  std::string given;
  std::string surname;
  std::string mailLocal;  // ASCII
  std::string cnOverride;
  std::size_t department = 0;
  int level = 1;
  std::string employeeType = "employee";
  std::string manager;  // as written; empty = none
  std::vector<std::string> mails;
  bool noMail = false;
  bool disabled = false;
  bool password = false;
  std::vector<std::string> memberOf;  // direct groups, as the memberof overlay would write them
};

std::string upperAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

std::string genericUid(std::size_t k) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "p%06zu", k);
  return buf;
}

}  // namespace

const std::string& tandemSchema() {
  static const std::string kSchema = R"(# Tandem test schema: auxiliary class tandemPerson (private arc 1.3.6.1.4.1.99999.1).
attributetype ( 1.3.6.1.4.1.99999.1.1.1 NAME 'tandemLevel'
  DESC 'Seniority level, integer 1..10'
  EQUALITY integerMatch ORDERING integerOrderingMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.1.2 NAME 'tandemHireDate'
  DESC 'Hire date as a YYYY-MM-DD string'
  EQUALITY caseIgnoreMatch ORDERING caseIgnoreOrderingMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.1.3 NAME 'tandemLanguages'
  DESC 'Spoken languages, one BCP 47 tag per value'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.99999.1.1.4 NAME 'tandemLocation'
  DESC 'Office location (city)'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.1.5 NAME 'tandemTimeZone'
  DESC 'IANA time zone name'
  EQUALITY caseExactMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.1.6 NAME 'tandemEmployeeType'
  DESC 'employee, contractor or intern'
  EQUALITY caseIgnoreMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.1.7 NAME 'tandemDisabled'
  DESC 'TRUE when the account is disabled'
  EQUALITY booleanMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.7 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.1.2.1 NAME 'tandemPerson'
  DESC 'Tandem mentoring attributes of a person'
  SUP top AUXILIARY
  MAY ( tandemLevel $ tandemHireDate $ tandemLanguages $ tandemLocation $
        tandemTimeZone $ tandemEmployeeType $ tandemDisabled ) )
)";
  return kSchema;
}

std::string GeneratedDirectory::dnOf(const std::string& uid) const {
  if (const auto it = fixedDns.find(uid); it != fixedDns.end()) return it->second;
  if (uid.size() == 7 && uid[0] == 'p') {
    std::size_t k = 0;
    for (std::size_t i = 1; i < 7; ++i) {
      if (uid[i] < '0' || uid[i] > '9') return {};
      k = k * 10 + static_cast<std::size_t>(uid[i] - '0');
    }
    if (k >= 1 && k <= genericDepartment.size()) {
      return "uid=" + uid + "," + departmentDns[genericDepartment[k - 1]];
    }
  }
  return {};
}

GeneratedDirectory generateDirectoryLdif(const GeneratorOptions& options, const std::string& path) {
  if (options.people < 64) throw std::runtime_error("generateDirectoryLdif: people must be >= 64");
  Rng rng(options.seed);
  GeneratedDirectory dir;
  dir.baseDn = kBase;
  dir.peopleDn = kPeople;
  dir.groupsDn = kGroups;
  dir.bindDn = std::string("cn=sync,") + kBase;
  dir.bindPassword = options.syncPassword.empty() ? "sync-secret-" + std::to_string(options.seed)
                                                  : options.syncPassword;
  dir.userPassword = "tandem-user-pass";
  for (const auto& d : kDepartments) {
    dir.departments.emplace_back(d.name);
    dir.departmentDns.push_back("ou=" + escapeDnValue(d.name) + "," + kPeople);
  }
  dir.departmentSizes.assign(kDepartments.size(), 0);

  LdifWriter out(path);
  // Containers and the service account.
  out.attr("dn", kBase);
  out.attr("objectClass", "top");
  out.attr("objectClass", "dcObject");
  out.attr("objectClass", "organization");
  out.attr("dc", "example");
  out.attr("o", "Example Corp");
  out.endEntry();
  out.attr("dn", kPeople);
  out.attr("objectClass", "organizationalUnit");
  out.attr("ou", "people");
  out.endEntry();
  for (std::size_t i = 0; i < kDepartments.size(); ++i) {
    out.attr("dn", dir.departmentDns[i]);
    out.attr("objectClass", "organizationalUnit");
    out.attr("ou", kDepartments[i].name);
    out.attr("description", kDepartments[i].code);
    out.endEntry();
  }
  out.attr("dn", dir.bindDn);
  out.attr("objectClass", "applicationProcess");
  out.attr("objectClass", "simpleSecurityObject");
  out.attr("cn", "sync");
  out.attr("userPassword", dir.bindPassword);
  out.endEntry();
  out.attr("dn", kGroups);
  out.attr("objectClass", "organizationalUnit");
  out.attr("ou", "groups");
  out.endEntry();

  // Department groups "cn=dept-<slug>": every fixed person of the department plus its first
  // kDepartmentGroupGeneric generic people; a department without people gets the CEO.
  constexpr std::size_t kDepartmentGroupGeneric = 100;
  std::vector<std::vector<std::string>> departmentMembers(kDepartments.size());
  std::vector<std::size_t> genericInGroup(kDepartments.size(), 0);
  const std::string groupSuffix = std::string(",") + kGroups;
  auto groupDn = [&](const char* cn) { return std::string("cn=") + cn + groupSuffix; };
  auto departmentGroupDn = [&](std::size_t dept) {
    return std::string("cn=dept-") + kDepartments[dept].slug + groupSuffix;
  };
  auto dnOfFixed = [&](const std::string& uid, std::size_t dept) {
    return "uid=" + uid + "," + dir.departmentDns[dept];
  };

  auto writePerson = [&](const Person& p, const std::string& dn) {
    const auto& dept = kDepartments[p.department];
    out.attr("dn", dn);
    out.attr("objectClass", "top");
    out.attr("objectClass", "person");
    out.attr("objectClass", "organizationalPerson");
    out.attr("objectClass", "inetOrgPerson");
    out.attr("objectClass", "tandemPerson");
    out.attr("uid", p.uid);
    const std::string cn = p.cnOverride.empty() ? p.given + " " + p.surname : p.cnOverride;
    out.attr("cn", cn);
    out.attr("givenName", p.given);
    out.attr("sn", p.surname);
    out.attr("displayName", cn);
    if (!p.noMail) {
      if (p.mails.empty()) {
        out.attr("mail", p.mailLocal + "@example.com");
      } else {
        for (const auto& m : p.mails) out.attr("mail", m);
      }
    }
    out.attr("ou", dept.name);
    out.attr("departmentNumber", dept.code);
    out.attr("title", kTitles[static_cast<std::size_t>(p.level - 1)]);
    char number[16];
    std::snprintf(number, sizeof number, "E%07d", dir.people + 1);
    out.attr("employeeNumber", number);
    out.attr("employeeType", p.employeeType);
    if (!p.manager.empty()) out.attr("manager", p.manager);
    if (p.password) out.attr("userPassword", dir.userPassword);
    for (const auto& g : p.memberOf) out.attr("memberOf", g);
    const auto& loc = kLocations[rng.below(kLocations.size())];
    out.attr("l", loc.city);
    out.attr("tandemLevel", std::to_string(p.level));
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1995 + static_cast<int>(rng.below(32)),
                  1 + static_cast<int>(rng.below(12)), 1 + static_cast<int>(rng.below(28)));
    out.attr("tandemHireDate", date);
    const std::size_t languages = 1 + rng.below(3);
    const std::size_t first = rng.below(kLanguages.size());
    for (std::size_t i = 0; i < languages; ++i) {
      out.attr("tandemLanguages", kLanguages[(first + i * 3) % kLanguages.size()]);
    }
    out.attr("tandemLocation", loc.city);
    out.attr("tandemTimeZone", loc.timeZone);
    out.attr("tandemEmployeeType", p.employeeType);
    out.attr("tandemDisabled", p.disabled ? "TRUE" : "FALSE");
    out.endEntry();
    ++dir.people;
    ++dir.departmentSizes[p.department];
    if (p.disabled) {
      dir.disabledUids.push_back(p.uid);
    } else {
      ++dir.activeCount;
    }
    if (p.password) dir.passwordUids.push_back(p.uid);
  };

  auto fixed = [&](const std::string& uid, const char* given, const char* surname, const char* mailLocal,
                   std::size_t dept, int level, const std::string& manager) {
    Person p;
    p.uid = uid;
    p.given = given;
    p.surname = surname;
    p.mailLocal = mailLocal;
    p.department = dept;
    p.level = level;
    p.manager = manager;
    return p;
  };
  auto emitFixed = [&](Person p) {
    const std::string dn = dnOfFixed(p.uid, p.department);
    dir.fixedDns[p.uid] = dn;
    departmentMembers[p.department].push_back(dn);
    p.memberOf.insert(p.memberOf.begin(), departmentGroupDn(p.department));
    writePerson(p, dn);
  };

  // The CEO and the generic manager tree (fan-out kFanOut): generic k's manager is generic
  // (k-1)/kFanOut, or the CEO for k <= kFanOut.
  dir.ceoUid = "ceo";
  const std::string ceoDn = dnOfFixed("ceo", kExecutive);
  constexpr int kFixedPeople = 19;  // the CEO plus the 18 edge-case people below
  const std::size_t generic = static_cast<std::size_t>(options.people - kFixedPeople);
  int totalWeight = 0;
  for (const auto& d : kDepartments) totalWeight += d.weight;
  dir.genericDepartment.reserve(generic);
  for (std::size_t k = 1; k <= generic; ++k) {
    Person p;
    p.uid = genericUid(k);
    const auto& given = kGivenNames[rng.below(kGivenNames.size())];
    const auto& surname = kSurnames[rng.below(kSurnames.size())];
    p.given = given.utf8;
    p.surname = surname.utf8;
    p.mailLocal = std::string(given.ascii) + "." + surname.ascii + "." + std::to_string(k);
    // The first two tree levels lead departments; the rest are placed by weight.
    int pick = static_cast<int>(rng.below(static_cast<std::size_t>(totalWeight)));
    std::size_t dept = 0;
    while (pick >= kDepartments[dept].weight) pick -= kDepartments[dept++].weight;
    p.department = dept;
    if (k <= static_cast<std::size_t>(kFanOut)) {
      p.level = 9;
    } else if (k <= static_cast<std::size_t>(kFanOut * (kFanOut + 1))) {
      p.level = 8;
    } else {
      p.level = 1 + static_cast<int>(rng.below(7));
    }
    const std::size_t roll = rng.below(100);
    p.employeeType = roll < 90 ? "employee" : roll < 97 ? "contractor" : "intern";
    p.disabled = rng.below(200) == 0;
    const std::size_t parent = (k - 1) / kFanOut;
    p.manager = parent == 0 ? ceoDn : "uid=" + genericUid(parent) + "," + dir.departmentDns[dir.genericDepartment[parent - 1]];
    dir.genericDepartment.push_back(static_cast<std::uint8_t>(dept));
    const std::string dn = "uid=" + p.uid + "," + dir.departmentDns[dept];
    if (genericInGroup[dept] < kDepartmentGroupGeneric) {
      ++genericInGroup[dept];
      departmentMembers[dept].push_back(dn);
      p.memberOf.push_back(departmentGroupDn(dept));
    }
    writePerson(p, dn);
  }
  {
    Person ceo = fixed("ceo", "Zoë", "Müller", "zoe.muller", kExecutive, 10, "");
    ceo.password = true;
    // Departments without generic or fixed people: their group holds the CEO.
    for (std::size_t i = 0; i < kDepartments.size(); ++i) {
      const bool hasFixed = i == kExecutive || i == kEngineering || i == kLegal || i == kHumanResources;
      if (genericInGroup[i] == 0 && !hasFixed) {
        departmentMembers[i].push_back(ceoDn);
        ceo.memberOf.push_back(departmentGroupDn(i));
      }
    }
    emitFixed(ceo);
  }
  const std::string p1Dn = dir.dnOf("p000001");

  // Edge cases (18 fixed people; kFixedPeople counts the CEO too).
  dir.noMailUid = "edge-no-mail";
  {
    Person p = fixed(dir.noMailUid, "Søren", "Jensen", "", kEngineering, 3, p1Dn);
    p.noMail = true;
    p.memberOf = {groupDn("all-engineering")};
    emitFixed(p);
  }
  dir.twoMailsUid = "edge-two-mails";
  {
    Person p = fixed(dir.twoMailsUid, "Łukasz", "Kowalski", "", kEngineering, 4, p1Dn);
    p.mails = {"lukasz.kowalski@example.com", "l.kowalski@example.com"};
    p.memberOf = {groupDn("engineering-platform")};
    emitFixed(p);
  }
  dir.duplicateMail = "shared.mailbox@example.com";
  for (const char* uid : {"edge-dup-mail-a", "edge-dup-mail-b"}) {
    Person p = fixed(uid, "Anna", uid[14] == 'a' ? "Yılmaz" : "Nguyễn", "", kEngineering, 3, p1Dn);
    p.mails = {dir.duplicateMail};
    dir.duplicateMailUids.emplace_back(uid);
    emitFixed(p);
  }
  dir.danglingManagerUid = "edge-dangling-manager";
  dir.danglingManagerDn = std::string("uid=ghost,") + dir.departmentDns[kFinance];
  emitFixed(fixed(dir.danglingManagerUid, "Mateo", "García", "mateo.garcia", kEngineering, 3, dir.danglingManagerDn));
  dir.selfManagerUid = "edge-self-manager";
  {
    Person p = fixed(dir.selfManagerUid, "Priya", "Okafor", "priya.okafor", kEngineering, 5,
                     dnOfFixed(dir.selfManagerUid, kEngineering));
    p.memberOf = {groupDn("dangling-members")};
    emitFixed(p);
  }
  dir.cycleUids = {"edge-cycle-1", "edge-cycle-2", "edge-cycle-3"};
  for (std::size_t i = 0; i < 3; ++i) {
    Person p = fixed(dir.cycleUids[i], "Chen", "Rossi", ("chen.rossi." + std::to_string(i + 1)).c_str(),
                     kEngineering, 5, dnOfFixed(dir.cycleUids[(i + 1) % 3], kEngineering));
    if (i < 2) p.memberOf = {groupDn(i == 0 ? "cycle-group-a" : "cycle-group-b")};
    emitFixed(p);
  }
  dir.caseManagerUid = "edge-manager-case";
  dir.caseManagerTargetUid = "p000003";
  {
    const std::size_t targetDept = dir.genericDepartment[2];
    dir.caseManagerDnAsWritten = "UID=P000003,  OU=" + upperAscii(escapeDnValue(kDepartments[targetDept].name)) +
                                 ",  OU=PEOPLE,DC=EXAMPLE,DC=COM";
    emitFixed(fixed(dir.caseManagerUid, "Olga", "Petrov", "olga.petrov", kEngineering, 4, dir.caseManagerDnAsWritten));
  }
  dir.escapedOuManagerUid = "legal-head";
  emitFixed(fixed(dir.escapedOuManagerUid, "José", "García", "jose.garcia", kLegal, 9, ceoDn));
  dir.escapedOuUid = "edge-escaped-ou";
  dir.escapedOuManagerDnAsWritten = "uid=legal-head,ou=Legal\\, Risk,ou=people,dc=example,dc=com";
  emitFixed(fixed(dir.escapedOuUid, "Siobhán", "O'Brien", "siobhan.obrien", kLegal, 5,
                  dir.escapedOuManagerDnAsWritten));
  dir.contractorUid = "edge-contractor";
  {
    Person p = fixed(dir.contractorUid, "Casey", "Smith", "casey.smith", kEngineering, 3, p1Dn);
    p.employeeType = "contractor";
    p.cnOverride = "Casey Smith (ext*)";
    p.memberOf = {groupDn("engineering-platform-oncall")};
    emitFixed(p);
  }
  dir.internUid = "edge-intern";
  {
    Person p = fixed(dir.internUid, "Zoë", "Dubois", "zoe.dubois", kEngineering, 1, p1Dn);
    p.employeeType = "intern";
    p.memberOf = {groupDn("engineering-platform-oncall")};
    emitFixed(p);
  }
  dir.disabledUid = "edge-disabled";
  {
    Person p = fixed(dir.disabledUid, "Jürgen", "Schmidt", "jurgen.schmidt", kEngineering, 4, p1Dn);
    p.disabled = true;
    p.password = true;
    emitFixed(p);
  }
  dir.hrAdminUids = {"hr-admin-1", "hr-admin-2", "hr-admin-3"};
  {
    const std::array<Name, 3> given{{{"Łukasz", "lukasz"}, {"Søren", "soren"}, {"Thanh", "thanh"}}};
    const std::array<Name, 3> surname{{{"Yılmaz", "yilmaz"}, {"Østergaard", "ostergaard"}, {"Nguyễn", "nguyen"}}};
    for (std::size_t i = 0; i < 3; ++i) {
      const std::string local = std::string(given[i].ascii) + "." + surname[i].ascii + ".hr";
      Person p = fixed(dir.hrAdminUids[i], given[i].utf8, surname[i].utf8, local.c_str(), kHumanResources, 6, ceoDn);
      p.password = true;
      p.memberOf = {groupDn("tandem-hr-admins")};
      emitFixed(p);
    }
  }

  // Groups.
  auto group = [&](const std::string& cn, const std::vector<std::string>& members,
                   const std::vector<std::string>& memberOf = {}) {
    const std::string dn = "cn=" + cn + "," + kGroups;
    out.attr("dn", dn);
    out.attr("objectClass", "groupOfNames");
    out.attr("cn", cn);
    for (const auto& m : members) out.attr("member", m);
    for (const auto& m : memberOf) out.attr("memberOf", m);
    out.endEntry();
    ++dir.groups;
    return dn;
  };
  std::vector<std::string> hr;
  for (const auto& uid : dir.hrAdminUids) hr.push_back(dir.fixedDns[uid]);
  dir.hrAdminGroupDn = group("tandem-hr-admins", hr);
  const std::string& g = groupSuffix;
  dir.nestedGroupDns = {"cn=all-engineering" + g, "cn=engineering-platform" + g, "cn=engineering-platform-oncall" + g};
  group("all-engineering", {dir.nestedGroupDns[1], dir.fixedDns[dir.noMailUid]});
  group("engineering-platform", {dir.nestedGroupDns[2], dir.fixedDns[dir.twoMailsUid]}, {dir.nestedGroupDns[0]});
  group("engineering-platform-oncall", {dir.fixedDns[dir.contractorUid], dir.fixedDns[dir.internUid]},
        {dir.nestedGroupDns[1]});
  dir.cyclicGroupDns = {"cn=cycle-group-a" + g, "cn=cycle-group-b" + g};
  group("cycle-group-a", {dir.cyclicGroupDns[1], dir.fixedDns[dir.cycleUids[0]]}, {dir.cyclicGroupDns[1]});
  group("cycle-group-b", {dir.cyclicGroupDns[0], dir.fixedDns[dir.cycleUids[1]]}, {dir.cyclicGroupDns[0]});
  dir.danglingMemberGroupDn = group("dangling-members", {"uid=ghost-member," + dir.departmentDns[kEngineering],
                                                         dir.fixedDns[dir.selfManagerUid]});
  for (std::size_t i = 0; i < kDepartments.size(); ++i) {
    group(std::string("dept-") + kDepartments[i].slug, departmentMembers[i]);
  }
  dir.entries = out.entries();
  out.close();
  return dir;
}

}  // namespace tandem::testing
