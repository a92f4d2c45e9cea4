#include "directory/demo_organisation.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <utility>

namespace tandem::directory {

namespace {

constexpr int kMinEmployees = 50;
constexpr int kMaxEmployees = 100000;
constexpr int kBaseHeadcount = 4;  // per department: a head, a manager and two staff
constexpr int kTeamSize = 8;       // people per manager, the manager's own slot included
constexpr std::chrono::sys_days kReferenceDay{std::chrono::year{2025} / std::chrono::June / 30};

// ---------------------------------------------------------------------------------------------
// Randomness that is the same with every standard library: std::mt19937's output is fixed by the
// standard, the arithmetic on it is ours (distributions are implementation-defined).

class Random {
 public:
  explicit Random(uint32_t seed) : engine_(seed) {}

  // Uniform in [0, n); n > 0.
  uint32_t below(uint32_t n) {
    const uint64_t draw = engine_() & 0xFFFFFFFFu;
    return static_cast<uint32_t>((draw * n) >> 32);
  }
  size_t index(size_t n) { return below(static_cast<uint32_t>(n)); }
  bool chance(uint32_t percent) { return below(100u) < percent; }

  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[index(items.size())];
  }

  // Index drawn in proportion to each item's `weight`.
  template <typename T, size_t N>
  size_t weighted(const std::array<T, N>& items) {
    uint32_t total = 0;
    for (const T& item : items) total += static_cast<uint32_t>(item.weight);
    uint32_t draw = below(total);
    for (size_t i = 0; i < N; ++i) {
      const auto weight = static_cast<uint32_t>(items[i].weight);
      if (draw < weight) return i;
      draw -= weight;
    }
    return N - 1;
  }

 private:
  std::mt19937 engine_;
};

// ---------------------------------------------------------------------------------------------
// Reference data

struct Department {
  std::string_view name;
  std::string_view role;  // what a member of staff is called
  int weight;             // share of the headcount, in percent
};

constexpr std::array<Department, 10> kDepartments = {{
    {"Engineering", "Software Engineer", 18},
    {"Sales", "Account Executive", 15},
    {"Operations", "Operations Specialist", 13},
    {"Customer Success", "Customer Success Associate", 11},
    {"Finance", "Financial Analyst", 9},
    {"Marketing", "Marketing Specialist", 9},
    {"Data & Analytics", "Data Analyst", 8},
    {"Human Resources", "HR Specialist", 7},
    {"Procurement", "Buyer", 6},
    {"Legal", "Legal Counsel", 4},
}};
constexpr std::string_view kExecutive = "Executive";
constexpr size_t kExecutiveIndex = kDepartments.size();  // the CEO's department

struct Site {
  std::string_view location;
  std::string_view timeZone;  // empty: drawn from kRemoteZones
  std::string_view language;
  int weight;
};

enum SiteIndex : size_t { kParis, kLyon, kMontreal, kLondon, kBerlin, kMadrid, kRemote };
constexpr std::array<Site, 7> kSites = {{
    {"Paris", "Europe/Paris", "fr", 34},
    {"Lyon", "Europe/Paris", "fr", 12},
    {"Montréal", "America/Toronto", "fr", 12},
    {"London", "Europe/London", "en", 12},
    {"Berlin", "Europe/Berlin", "de", 10},
    {"Madrid", "Europe/Madrid", "es", 10},
    {"Remote", "", "en", 10},
}};
constexpr std::array<std::string_view, 4> kRemoteZones = {"Europe/Lisbon", "Europe/Warsaw",
                                                          "America/New_York", "Europe/Dublin"};
constexpr std::array<std::string_view, 7> kExtraLanguages = {"es", "de", "it", "pt",
                                                             "nl", "ar", "zh"};

constexpr std::string_view kFrenchGiven[] = {
    "Camille", "Léa",      "Chloé", "Inès",   "Manon",  "Élodie",  "Anaïs",     "Maëlle",
    "Noémie",  "Clémence", "Hugo",  "Théo",   "Lucas",  "Jérôme",  "François",  "Benoît",
    "Raphaël", "Gaëtan",   "Loïc",  "Amélie", "Céline", "Étienne", "Sébastien", "Aurélie"};
constexpr std::string_view kFrenchFamily[] = {
    "Martin",   "Bernard",   "Dubois",    "Lefèvre",  "Moreau",   "Laurent",  "Girard", "Rousseau",
    "Fontaine", "Chevalier", "Gauthier",  "Mercier",  "Lemaître", "Bélanger", "Côté",   "Gagné",
    "Tremblay", "Bouchard",  "Pelletier", "Lévesque", "Garnier",  "Faure",    "Brun",   "Barbier"};
constexpr std::string_view kEnglishGiven[] = {
    "Oliver",  "Amelia", "Harry",  "Isla",   "Jack",  "Sophie", "George",  "Emily",
    "Charlie", "Grace",  "Thomas", "Hannah", "James", "Chloe",  "William", "Zoë"};
constexpr std::string_view kEnglishFamily[] = {
    "Smith",    "Taylor", "Brown",   "Wilson", "Evans", "Walker", "Wright", "Robinson",
    "Thompson", "Hughes", "O'Brien", "Clarke", "Patel", "Khan",   "Murphy", "Bennett"};
constexpr std::string_view kGermanGiven[] = {
    "Jürgen", "Jörg", "Björn", "Günter", "Anja",  "Katrin", "Lukas", "Maximilian",
    "Sören",  "Lena", "Mia",   "Felix",  "Jonas", "Sabine", "Uwe",   "Jülide"};
constexpr std::string_view kGermanFamily[] = {
    "Müller", "Schmidt", "Schneider", "Fischer", "Weiß",   "Schäfer",    "Köhler", "Hoffmann",
    "Groß",   "Krüger",  "Böhm",      "Wagner",  "Becker", "Zimmermann", "Vogel",  "Hübner"};
constexpr std::string_view kSpanishGiven[] = {
    "José",  "María",  "Lucía", "Álvaro", "Sofía", "Martín", "Íñigo",   "Begoña",
    "Nuria", "Javier", "Pilar", "Sergio", "João",  "Inês",   "Gonçalo", "Ramón"};
constexpr std::string_view kSpanishFamily[] = {
    "García",  "Fernández", "López", "Martínez", "Sánchez",   "Pérez",  "Gómez",     "Muñoz",
    "Jiménez", "Ruiz",      "Núñez", "Ibáñez",   "Conceição", "Araújo", "Gonçalves", "Peña"};
constexpr std::string_view kNordicGiven[] = {
    "Søren",   "Åsa",     "Ólafur", "Sigríður", "Björk",  "Ingrid", "Magnús", "Freyja",
    "Øystein", "Kristín", "Einar",  "Astrid",   "Mikael", "Linnéa", "Æsa",    "Håkon"};
constexpr std::string_view kNordicFamily[] = {
    "Ångström", "Lindqvist", "Jónsdóttir", "Guðmundsson", "Sigurðsson", "Nielsen",
    "Sørensen", "Hansen",    "Bjørnstad",  "Åberg",       "Löfgren",    "Halvorsen",
    "Þórsson",  "Eriksson",  "Nyström",    "Dahl"};
constexpr std::string_view kPolishGiven[] = {
    "Łukasz", "Małgorzata", "Wojciech", "Agnieszka",  "Paweł",  "Zofia",    "Michał", "Katarzyna",
    "Jiří",   "Tomáš",      "Kateřina", "Bartłomiej", "Joanna", "Grzegorz", "Ewa",    "Żaneta"};
constexpr std::string_view kPolishFamily[] = {"Nowak",    "Kowalski",    "Wiśniewska", "Wójcik",
                                              "Kamiński", "Lewandowska", "Zieliński",  "Szymański",
                                              "Dvořák",   "Novotná",     "Černý",      "Dąbrowski",
                                              "Król",     "Jabłoński",   "Pawłowska",  "Kołodziej"};
constexpr std::string_view kVietnameseGiven[] = {"Minh", "Lan",   "Huy",  "Thảo",  "Phương",
                                                 "Đức",  "Quỳnh", "Tuấn", "Hương", "Bảo"};
constexpr std::string_view kVietnameseFamily[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng",
                                                  "Võ",     "Đặng", "Bùi", "Đỗ",   "Huỳnh"};
constexpr std::string_view kTurkishGiven[] = {"Emre",  "Elif", "Zeynep", "Mehmet", "Ayşe",
                                              "Burak", "Gül",  "Oğuz",   "Şebnem", "Çağla"};
constexpr std::string_view kTurkishFamily[] = {"Çelik",  "Yılmaz", "Kaya",   "Demir", "Şahin",
                                               "Öztürk", "Aydın",  "Arslan", "Doğan", "Kılıç"};
constexpr std::string_view kAfricanGiven[] = {
    "Amara",   "Chidi", "Ngozi", "Kwame",   "Aïssata", "Moussa", "Fatou",  "Adebayo",
    "Yasmine", "Karim", "Nadia", "Youssef", "Leïla",   "Mehdi",  "Salomé", "Ibrahima"};
constexpr std::string_view kAfricanFamily[] = {
    "Okafor", "Diallo",  "Traoré",    "Mensah", "Adeyemi", "Benali", "Haddad", "Ndiaye",
    "Koné",   "Boateng", "El Amrani", "Cissé",  "Touré",   "Bakari", "Sow",    "Ouédraogo"};

struct Culture {
  std::span<const std::string_view> given;
  std::span<const std::string_view> family;
  std::string_view language;  // heritage language, ISO 639-1
};

enum CultureIndex : size_t {
  kFrench,
  kEnglish,
  kGerman,
  kSpanish,
  kNordic,
  kPolish,
  kVietnamese,
  kTurkish,
  kAfrican,
  kCultureCount
};
constexpr std::array<Culture, kCultureCount> kCultures = {{
    {kFrenchGiven, kFrenchFamily, "fr"},
    {kEnglishGiven, kEnglishFamily, "en"},
    {kGermanGiven, kGermanFamily, "de"},
    {kSpanishGiven, kSpanishFamily, "es"},
    {kNordicGiven, kNordicFamily, "sv"},
    {kPolishGiven, kPolishFamily, "pl"},
    {kVietnameseGiven, kVietnameseFamily, "vi"},
    {kTurkishGiven, kTurkishFamily, "tr"},
    {kAfricanGiven, kAfricanFamily, "fr"},
}};
// The culture most people of a site come from; kCultureCount: none.
constexpr std::array<size_t, kSites.size()> kHomeCulture = {
    kFrench, kFrench, kFrench, kEnglish, kGerman, kSpanish, kCultureCount};

struct LevelWeight {
  int level;
  int weight;
};
// Staff are mostly junior: a pyramid.
constexpr std::array<LevelWeight, 6> kStaffLevels = {
    {{1, 24}, {2, 26}, {3, 20}, {4, 14}, {5, 10}, {6, 6}}};

struct TenureRange {
  int minYears;
  int maxYears;
};
constexpr std::array<TenureRange, 10> kTenureByLevel = {
    {{0, 1}, {0, 2}, {0, 4}, {1, 6}, {2, 9}, {3, 12}, {4, 15}, {6, 20}, {8, 25}, {10, 28}}};

// ---------------------------------------------------------------------------------------------
// The organisation's shape: slots in a tree, filled with people afterwards

enum class Role { kCeo, kHead, kSeniorManager, kManager, kStaff };

struct Slot {
  size_t department = kExecutiveIndex;
  Role role = Role::kCeo;
  size_t manager = 0;  // slot index; unused for the CEO
};

std::vector<int> departmentHeadcounts(int employees) {
  const int rest = employees - 1 - kBaseHeadcount * static_cast<int>(kDepartments.size());
  std::vector<int> counts(kDepartments.size(), kBaseHeadcount);
  int given = 0;
  for (size_t i = 0; i < kDepartments.size(); ++i) {
    const int share = rest * kDepartments[i].weight / 100;
    counts[i] += share;
    given += share;
  }
  for (size_t i = 0; given < rest; i = (i + 1) % counts.size()) {
    ++counts[i];
    ++given;
  }
  return counts;
}

// A head reporting to the CEO, managers (a senior tier in large departments) and staff spread
// over the managers.
void addDepartmentSlots(size_t department, int headcount, std::vector<Slot>& slots) {
  const size_t head = slots.size();
  slots.push_back({department, Role::kHead, 0});
  const int managers = (headcount - 1 + kTeamSize - 1) / kTeamSize;
  const int seniors = managers > 6 ? (managers + 4) / 5 : 0;
  const size_t firstManager = slots.size();
  for (int j = 0; j < managers; ++j) {
    if (j < seniors) {
      slots.push_back({department, Role::kSeniorManager, head});
    } else {
      const size_t boss =
          seniors > 0 ? firstManager + static_cast<size_t>((j - seniors) % seniors) : head;
      slots.push_back({department, Role::kManager, boss});
    }
  }
  const size_t firstTeamLead = firstManager + static_cast<size_t>(seniors);
  const int teamLeads = managers - seniors;
  for (int i = 0; i < headcount - 1 - managers; ++i) {
    slots.push_back({department, Role::kStaff, firstTeamLead + static_cast<size_t>(i % teamLeads)});
  }
}

std::vector<Slot> buildSlots(int employees) {
  std::vector<Slot> slots;
  slots.push_back({});  // the CEO
  const std::vector<int> counts = departmentHeadcounts(employees);
  for (size_t d = 0; d < kDepartments.size(); ++d) addDepartmentSlots(d, counts[d], slots);
  return slots;
}

size_t departmentIndex(std::string_view name) {
  for (size_t d = 0; d < kDepartments.size(); ++d) {
    if (kDepartments[d].name == name) return d;
  }
  return kExecutiveIndex;
}

size_t findSlot(const std::vector<Slot>& slots, std::string_view department, Role role) {
  const size_t d = departmentIndex(department);
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].department == d && slots[i].role == role) return i;
  }
  return 0;  // not reached: every department has a head, a manager and staff
}

// ---------------------------------------------------------------------------------------------
// People

struct Person {
  std::string given;
  std::string family;
  int level = 1;
  size_t site = kParis;
  std::string timeZone;
  std::string title;
  std::string hireDate;
  std::string hireDateConfidence = "unknown";
  std::string employeeType = "employee";
  std::vector<std::string> languages;
  bool hrAdmin = false;
};

struct FixedPerson {
  std::string_view given;
  std::string_view family;
  std::string_view department;
  Role role;
  int level;
  size_t site;
  std::string_view title;
  std::string_view hireDate;
  std::string_view confidence;
  std::array<std::string_view, 3> languages;  // empty entries unused
  bool hrAdmin;
};

// The first rows, always the same so that documentation can name them.
constexpr std::array<FixedPerson, 6> kFixedPeople = {{
    {"Hélène",
     "Marchand",
     kExecutive,
     Role::kCeo,
     9,
     kParis,
     "Chief Executive Officer",
     "2004-09-01",
     "exact",
     {"fr", "en", ""},
     false},
    {"Amara",
     "Okafor",
     "Human Resources",
     Role::kManager,
     6,
     kLondon,
     "HR Operations Manager",
     "2016-03-14",
     "exact",
     {"en", "fr", ""},
     true},
    {"Bernard",
     "Lefèvre",
     "Finance",
     Role::kHead,
     8,
     kParis,
     "Head of Finance",
     "1997-01-01",
     "approximate",
     {"fr", "en", ""},
     false},
    {"Zoë",
     "Lindqvist",
     "Engineering",
     Role::kStaff,
     1,
     kLondon,
     "Junior Software Engineer",
     "2024-09-02",
     "exact",
     {"en", "sv", ""},
     false},
    {"Łukasz",
     "Nowak",
     "Data & Analytics",
     Role::kStaff,
     2,
     kBerlin,
     "Data Analyst",
     "2023-02-13",
     "exact",
     {"en", "pl", "de"},
     false},
    {"Inès",
     "Dubois",
     "Marketing",
     Role::kStaff,
     2,
     kLyon,
     "Marketing Specialist",
     "2023-10-02",
     "exact",
     {"fr", "en", "es"},
     false},
}};

Person fixedPerson(const FixedPerson& f) {
  Person p;
  p.given = f.given;
  p.family = f.family;
  p.level = f.level;
  p.site = f.site;
  p.timeZone = kSites[f.site].timeZone;
  p.title = f.title;
  p.hireDate = f.hireDate;
  p.hireDateConfidence = f.confidence;
  for (std::string_view language : f.languages) {
    if (!language.empty()) p.languages.emplace_back(language);
  }
  p.hrAdmin = f.hrAdmin;
  return p;
}

int drawLevel(Random& random, Role role) {
  switch (role) {
    case Role::kCeo:
      return 9;
    case Role::kHead:
      return random.chance(30) ? 7 : 8;
    case Role::kSeniorManager:
      return 7;
    case Role::kManager:
      return random.chance(50) ? 5 : 6;
    case Role::kStaff:
      break;
  }
  return kStaffLevels[random.weighted(kStaffLevels)].level;
}

std::string titleFor(Role role, int level, const Department& d, bool intern) {
  const std::string name(d.name);
  const std::string staff(d.role);
  switch (role) {
    case Role::kCeo:
      return "Chief Executive Officer";
    case Role::kHead:
      return "Head of " + name;
    case Role::kSeniorManager:
      return "Senior Manager, " + name;
    case Role::kManager:
      return level >= 6 ? name + " Manager" : "Team Lead, " + name;
    case Role::kStaff:
      break;
  }
  if (intern) return staff + " Intern";
  switch (level) {
    case 1:
      return "Junior " + staff;
    case 4:
      return "Senior " + staff;
    case 5:
      return "Lead " + staff;
    case 6:
      return "Principal " + staff;
    default:
      return staff;
  }
}

std::string formatDate(const std::chrono::year_month_day& date) {
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

// Seniors joined longer ago; old dates are often only approximately known.
void drawHireDate(Random& random, bool intern, Person& p) {
  if (!intern && random.chance(3)) return;  // unknown
  const TenureRange range =
      intern ? TenureRange{0, 0} : kTenureByLevel[static_cast<size_t>(p.level)];
  const uint32_t spread = static_cast<uint32_t>((range.maxYears - range.minYears) * 365 + 180);
  const int days = range.minYears * 365 + static_cast<int>(random.below(spread));
  std::chrono::year_month_day date{kReferenceDay - std::chrono::days{days}};
  const bool approximate =
      date.year() < std::chrono::year{2012} ? random.chance(40) : random.chance(4);
  if (approximate) date = date.year() / date.month() / std::chrono::day{1};
  p.hireDate = formatDate(date);
  p.hireDateConfidence = approximate ? "approximate" : "exact";
}

void drawLanguages(Random& random, const Culture& culture, Person& p) {
  auto add = [&p](std::string_view code) {
    if (std::find(p.languages.begin(), p.languages.end(), code) == p.languages.end()) {
      p.languages.emplace_back(code);
    }
  };
  add(kSites[p.site].language);
  if (random.chance(85)) add("en");
  if (random.chance(80)) add(culture.language);
  if (random.chance(20)) add(random.pick(std::span<const std::string_view>(kExtraLanguages)));
}

Person drawPerson(Random& random, const Slot& slot) {
  Person p;
  p.level = drawLevel(random, slot.role);
  p.site = slot.role == Role::kHead && random.chance(70) ? kParis : random.weighted(kSites);
  p.timeZone = kSites[p.site].timeZone;
  if (p.timeZone.empty()) p.timeZone = random.pick(std::span<const std::string_view>(kRemoteZones));
  const size_t home = kHomeCulture[p.site];
  const Culture& culture =
      kCultures[home != kCultureCount && random.chance(55) ? home : random.index(kCultures.size())];
  p.given = random.pick(culture.given);
  p.family = random.pick(culture.family);
  const bool staff = slot.role == Role::kStaff;
  const bool intern = staff && p.level == 1 && random.chance(20);
  if (intern) {
    p.employeeType = "intern";
  } else if (staff && random.chance(7)) {
    p.employeeType = "contractor";
  }
  p.title = titleFor(slot.role, p.level, kDepartments[slot.department], intern);
  drawHireDate(random, intern, p);
  drawLanguages(random, culture, p);
  return p;
}

// ---------------------------------------------------------------------------------------------
// ASCII user names

// The ASCII letters a Latin code point is written with in a user name ("" when none).
std::string_view foldCodePoint(char32_t c) {
  // One letter per code point; '?' marks the few written with two letters or none.
  constexpr std::string_view kLatin1 =  // U+00C0..U+00FF
      "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";
  constexpr std::string_view kLatinExtendedA =  // U+0100..U+017F
      "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkkLlLlLlLlLlNnNnNnnNnOoOo"
      "Oo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
  constexpr std::string_view kVietnamese =  // U+1EA0..U+1EF9
      "AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYy"
      "Yy";
  static_assert(kLatin1.size() == 0x100 - 0xC0);
  static_assert(kLatinExtendedA.size() == 0x180 - 0x100);
  static_assert(kVietnamese.size() == 0x1EFA - 0x1EA0);
  switch (c) {
    case U'Æ':
    case U'æ':
      return "ae";
    case U'Þ':
    case U'þ':
      return "th";
    case U'ß':
      return "ss";
    case U'Œ':
    case U'œ':
      return "oe";
    case U'Ĳ':
    case U'ĳ':
      return "ij";
    case U'Ơ':
    case U'ơ':
      return "o";
    case U'Ư':
    case U'ư':
      return "u";
    default:
      break;
  }
  std::string_view table;
  char32_t first = 0;
  if (c >= 0xC0 && c <= 0xFF) {
    table = kLatin1;
    first = 0xC0;
  } else if (c >= 0x100 && c <= 0x17F) {
    table = kLatinExtendedA;
    first = 0x100;
  } else if (c >= 0x1EA0 && c <= 0x1EF9) {
    table = kVietnamese;
    first = 0x1EA0;
  } else {
    return {};
  }
  const std::string_view letter = table.substr(c - first, 1);
  return letter == "?" ? std::string_view{} : letter;
}

// Lower-case ASCII letters, digits and hyphens of a UTF-8 name: "Łukasz" -> "lukasz",
// "O'Brien" -> "obrien".
std::string asciiName(std::string_view utf8) {
  std::string out;
  size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    size_t length = 1;
    char32_t c = lead;
    if (lead >= 0xF0) {
      length = 4;
      c = lead & 0x07u;
    } else if (lead >= 0xE0) {
      length = 3;
      c = lead & 0x0Fu;
    } else if (lead >= 0xC0) {
      length = 2;
      c = lead & 0x1Fu;
    }
    for (size_t k = 1; k < length && i + k < utf8.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
    }
    i += length;
    std::string_view ascii = c < 0x80 ? utf8.substr(i - 1, 1) : foldCodePoint(c);
    for (char a : ascii) {
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') || a == '-') out += a;
    }
  }
  return out;
}

std::string uniqueUserName(const Person& p, std::set<std::string>& taken) {
  const std::string base = asciiName(p.given) + "." + asciiName(p.family);
  std::string candidate = base;
  for (int n = 2; !taken.insert(candidate).second; ++n) candidate = base + std::to_string(n);
  return candidate;
}

// "Data & Analytics" -> "dept-data-analytics".
std::string departmentGroup(std::string_view department) {
  std::string out = "dept-";
  const size_t prefix = out.size();
  bool separate = false;
  for (char c : department) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      separate = true;
      continue;
    }
    if (separate && out.size() > prefix) out += '-';
    separate = false;
    out += c;
  }
  return out;
}

std::string externalIdFor(size_t row) {
  char text[32];
  std::snprintf(text, sizeof text, "demo-%05zu", row + 1);
  return text;
}

// The order of the rows: the fixed people first, then the other slots in tree order.
std::vector<size_t> rowOrder(const std::vector<Slot>& slots) {
  std::vector<size_t> order;
  std::vector<bool> used(slots.size(), false);
  for (const FixedPerson& f : kFixedPeople) {
    const size_t slot = f.role == Role::kCeo ? 0 : findSlot(slots, f.department, f.role);
    order.push_back(slot);
    used[slot] = true;
  }
  for (size_t i = 0; i < slots.size(); ++i) {
    if (!used[i]) order.push_back(i);
  }
  return order;
}

ImportRow makeRow(const Person& p, const Slot& slot, std::string externalId,
                  std::string managerExternalId, std::set<std::string>& taken) {
  ImportRow row;
  Employee& e = row.employee;
  e.source = "demo";
  e.externalId = std::move(externalId);
  e.userName = uniqueUserName(p, taken);
  e.givenName = p.given;
  e.familyName = p.family;
  e.displayName = p.given + " " + p.family;
  e.email = e.userName + "@example.com";
  e.department = slot.department == kExecutiveIndex
                     ? std::string(kExecutive)
                     : std::string(kDepartments[slot.department].name);
  e.title = p.title;
  e.level = p.level;
  e.hireDate = p.hireDate;
  e.hireDateConfidence = p.hireDateConfidence;
  e.location = kSites[p.site].location;
  e.timeZone = p.timeZone;
  e.locale = kSites[p.site].language == "fr" ? "fr" : "en";
  e.employeeType = p.employeeType;
  e.languages = p.languages;
  e.managerExternalId = std::move(managerExternalId);
  row.groups = {std::string(kAllStaffGroup), departmentGroup(e.department)};
  if (p.hrAdmin) row.groups.emplace_back(kHrAdminGroup);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Demo accounts

bool inGroup(const ImportRow& row, std::string_view group) {
  return std::find(row.groups.begin(), row.groups.end(), group) != row.groups.end();
}

std::string describe(const Employee& e) {
  return "level " + std::to_string(e.level.value_or(0)) + ", " + e.department + ", " + e.location;
}

}  // namespace

std::vector<ImportRow> generateDemoOrganisation(int employees, uint32_t seed) {
  const int count = std::clamp(employees, kMinEmployees, kMaxEmployees);
  const std::vector<Slot> slots = buildSlots(count);
  const std::vector<size_t> order = rowOrder(slots);
  std::vector<size_t> rowOfSlot(slots.size());
  for (size_t row = 0; row < order.size(); ++row) rowOfSlot[order[row]] = row;

  // The HR head and the first HR staff member administer Tandem along with Amara Okafor.
  const std::set<size_t> hrAdminSlots = {findSlot(slots, "Human Resources", Role::kHead),
                                         findSlot(slots, "Human Resources", Role::kStaff)};
  std::set<std::string> taken;  // userNames; the fixed people come first and keep theirs
  Random random(seed);
  std::vector<ImportRow> rows;
  rows.reserve(order.size());
  for (size_t row = 0; row < order.size(); ++row) {
    const size_t s = order[row];
    Person p;
    if (row < kFixedPeople.size()) {
      p = fixedPerson(kFixedPeople[row]);
    } else {
      p = drawPerson(random, slots[s]);
      p.hrAdmin = hrAdminSlots.count(s) > 0;
    }
    const std::string manager = s == 0 ? std::string() : externalIdFor(rowOfSlot[slots[s].manager]);
    rows.push_back(makeRow(p, slots[s], externalIdFor(row), manager, taken));
    rows.back().row = static_cast<int>(row + 1);
  }
  return rows;
}

std::vector<DemoAccount> demoAccounts(const std::vector<ImportRow>& org) {
  std::vector<std::pair<size_t, std::string>> picks;  // row index, note
  auto pickFirst = [&](auto&& wanted, auto&& note) {
    for (size_t i = 0; i < org.size(); ++i) {
      const bool taken = std::any_of(picks.begin(), picks.end(),
                                     [i](const auto& pick) { return pick.first == i; });
      if (!taken && wanted(org[i])) {
        picks.emplace_back(i, note(org[i].employee));
        return;
      }
    }
  };
  const auto level = [](const ImportRow& r) { return r.employee.level.value_or(0); };
  pickFirst(
      [](const ImportRow& r) { return r.employee.managerExternalId.empty(); },
      [](const Employee& e) { return "CEO (" + describe(e) + "): a senior leader to mentor"; });
  pickFirst([](const ImportRow& r) { return inGroup(r, kHrAdminGroup); },
            [](const Employee& e) {
              return "HR admin (" + describe(e) + "): imports, programmes, matching and reports";
            });
  pickFirst([&](const ImportRow& r) { return level(r) >= 7; },
            [](const Employee& e) {
              return "Senior leader (" + describe(e) + ", " + e.locale +
                     " interface): a natural mentee";
            });
  pickFirst([&](const ImportRow& r) { return level(r) <= 2 && r.employee.locale == "en"; },
            [](const Employee& e) {
              return "Junior digital native (" + describe(e) + "): a natural mentor";
            });
  pickFirst(
      [&](const ImportRow& r) { return level(r) <= 2; },
      [](const Employee& e) { return "Junior (" + describe(e) + "): another reverse mentor"; });
  pickFirst([](const ImportRow& r) { return r.employee.locale == "fr"; },
            [](const Employee& e) { return "French interface (" + describe(e) + ")"; });
  std::sort(picks.begin(), picks.end());
  std::vector<DemoAccount> accounts;
  for (const auto& [index, note] : picks) {
    const ImportRow& r = org[index];
    accounts.push_back(
        {r.employee.userName, r.employee.displayName, note, inGroup(r, kHrAdminGroup)});
  }
  return accounts;
}

}  // namespace tandem::directory
