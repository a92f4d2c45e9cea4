#include "storage/internal/scim_filter_sql.h"

#include <cctype>
#include <optional>
#include <string_view>

#include "scim/schemas.h"

namespace tandem::storage::internal {

namespace {

using scim::AttrPath;
using scim::CompareOp;
using scim::equalsIgnoreCase;
using scim::Filter;

enum class ValueType { kString, kBoolean, kInteger, kDateTime };

// A single value SQL can compare.
struct Scalar {
  std::string expr;
  ValueType type = ValueType::kString;
  bool caseExact = false;
  bool needsRaw = false;
  bool needsManager = false;
};

// One source of elements of a multi-valued attribute: "FROM ... WHERE ..." yielding rows, and the
// SQL of each sub-attribute of an element.
struct ElementSource {
  std::string from;  // e.g. "json_each(...) j" or "group_members gm JOIN groups x ON ..."
  std::string where;  // correlation, may be empty
  // sub-attribute (lower case) -> scalar over the element; "" is the element itself (simple
  // multi-valued attributes such as languages)
  std::vector<std::pair<std::string, Scalar>> subs;
  bool needsRaw = false;
};

struct Multi {
  std::vector<ElementSource> sources;
  std::string defaultSub = "value";
};

using Resolved = std::variant<Scalar, Multi>;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

core::Status invalidFilter(const std::string& message) {
  return core::invalidArgument(message).withDetail("invalidFilter");
}

constexpr std::string_view kEnterprise = scim::kEnterpriseUserSchema;
constexpr std::string_view kTandem = scim::kTandemUserSchema;

// The SCIM document a provider wrote, only for rows a SCIM provider owns.
constexpr const char* kDoc = "(CASE WHEN e.source = 'scim' THEN r.raw END)";

std::string jsonPathKey(std::string_view key) {
  // Attribute names are ALPHA *(ALPHA / DIGIT / "-" / "_") or "$ref": quote them for JSON paths.
  std::string out = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') continue;  // cannot occur in a parsed attribute name
    out += c;
  }
  return out + "\"";
}

Scalar docScalar(const std::string& jsonPath, ValueType type = ValueType::kString) {
  return Scalar{"json_extract(" + std::string(kDoc) + ", '" + jsonPath + "')", type, false, true,
                false};
}

// Elements of a multi-valued complex attribute kept in the SCIM document.
ElementSource docElements(const std::string& jsonPath, const scim::AttributeDef& def) {
  ElementSource src;
  src.from = "json_each(json_extract(" + std::string(kDoc) + ", '" + jsonPath + "')) j";
  src.needsRaw = true;
  if (def.subAttributes.empty()) {
    src.subs.push_back({"", Scalar{"j.value", ValueType::kString, def.caseExact, false, false}});
  }
  for (const auto& sub : def.subAttributes) {
    ValueType type = sub.type == scim::AttrType::kBoolean ? ValueType::kBoolean
                     : sub.type == scim::AttrType::kInteger ? ValueType::kInteger
                                                            : ValueType::kString;
    src.subs.push_back({lower(sub.name),
                        Scalar{"json_extract(j.value, '$." + jsonPathKey(sub.name) + "')", type,
                               sub.caseExact, false, false}});
  }
  return src;
}

ValueType typeOf(const scim::AttributeDef& def) {
  switch (def.type) {
    case scim::AttrType::kBoolean:
      return ValueType::kBoolean;
    case scim::AttrType::kInteger:
      return ValueType::kInteger;
    case scim::AttrType::kDateTime:
      return ValueType::kDateTime;
    default:
      return ValueType::kString;
  }
}

// ---------------------------------------------------------------------------------------------
// Users

core::Result<Resolved> resolveUser(const AttrPath& path) {
  const std::string schema = lower(path.schema);
  std::string name = lower(path.name);
  std::string sub = lower(path.sub);
  const bool enterprise = schema == lower(kEnterprise);
  const bool tandem = schema == lower(kTandem);
  if (!schema.empty() && !enterprise && !tandem && schema != lower(scim::kUserSchema)) {
    return invalidFilter("unknown schema " + path.schema + " in filter");
  }
  const auto col = [](const char* expr, ValueType type = ValueType::kString,
                      bool caseExact = false) -> Resolved {
    return Resolved(Scalar{expr, type, caseExact, false, false});
  };
  if (enterprise) {
    if (name == "department" && sub.empty()) return col("e.department");
    if (name == "manager") {
      if (sub.empty() || sub == "value") {
        return Resolved(Scalar{"m.external_id", ValueType::kString, true, false, true});
      }
      if (sub == "displayname") {
        return Resolved(Scalar{"m.display_name", ValueType::kString, false, false, true});
      }
      return invalidFilter("unknown attribute manager." + path.sub + " in filter");
    }
    for (const char* other : {"employeeNumber", "costCenter", "organization", "division"}) {
      if (name == lower(other) && sub.empty()) {
        return Resolved(docScalar("$.\"" + std::string(kEnterprise) + "\"." + jsonPathKey(other)));
      }
    }
    return invalidFilter("unknown attribute " + path.toString() + " in filter");
  }
  if (tandem) {
    if (name == "level" && sub.empty()) return col("e.level", ValueType::kInteger);
    if (name == "hiredate" && sub.empty()) return col("e.hire_date");
    if (name == "hiredateconfidence" && sub.empty()) return col("e.hire_date_confidence");
    if (name == "location" && sub.empty()) return col("e.location");
    if (name == "languages" && sub.empty()) {
      Multi multi;
      multi.defaultSub = "";
      ElementSource src;
      src.from = "json_each(e.languages) j";
      src.subs = {{"", Scalar{"j.value", ValueType::kString}}};
      multi.sources.push_back(std::move(src));
      return Resolved(multi);
    }
    return invalidFilter("unknown attribute " + path.toString() + " in filter");
  }
  if (name == "id" && sub.empty()) return col("e.external_id", ValueType::kString, true);
  if (name == "externalid" && sub.empty()) {
    return Resolved(Scalar{"e.scim_external_id", ValueType::kString, true, false, false});
  }
  if (name == "username" && sub.empty()) return col("e.user_name");
  if (name == "displayname" && sub.empty()) return col("e.display_name");
  if (name == "title" && sub.empty()) return col("e.title");
  if (name == "usertype" && sub.empty()) return col("e.employee_type");
  if ((name == "locale" || name == "preferredlanguage") && sub.empty()) return col("e.locale");
  if (name == "timezone" && sub.empty()) return col("e.time_zone");
  if (name == "active" && sub.empty()) return col("e.active", ValueType::kBoolean);
  if (name == "name") {
    if (sub == "givenname") return col("e.given_name");
    if (sub == "familyname") return col("e.family_name");
    if (sub == "formatted") return col("e.display_name");
  }
  if (name == "meta") {
    if (sub == "created") return col("e.created_at", ValueType::kDateTime);
    if (sub == "lastmodified") return col("e.updated_at", ValueType::kDateTime);
    if (sub == "resourcetype") return col("'User'");
    return invalidFilter("unknown attribute meta." + path.sub + " in filter");
  }
  if (name == "emails") {
    Multi multi;
    ElementSource src;
    src.from =
        "json_each(CASE WHEN e.source = 'scim' AND json_type(r.raw, '$.emails') = 'array' "
        "THEN json_extract(r.raw, '$.emails') WHEN e.email <> '' THEN json_array(json_object("
        "'value', e.email, 'type', 'work', 'primary', json('true'))) ELSE '[]' END) j";
    src.needsRaw = true;
    src.subs = {{"value", Scalar{"json_extract(j.value, '$.value')", ValueType::kString}},
                {"type", Scalar{"json_extract(j.value, '$.type')", ValueType::kString}},
                {"display", Scalar{"json_extract(j.value, '$.display')", ValueType::kString}},
                {"primary", Scalar{"json_extract(j.value, '$.primary')", ValueType::kBoolean}}};
    multi.sources.push_back(std::move(src));
    return Resolved(multi);
  }
  if (name == "groups") {
    Multi multi;
    ElementSource src;
    src.from = "group_members gm JOIN groups gx ON gx.id = gm.group_id";
    src.where = "gm.employee_id = e.id";
    src.subs = {{"value", Scalar{"gx.external_id", ValueType::kString, true}},
                {"display", Scalar{"gx.name", ValueType::kString}},
                {"type", Scalar{"'direct'", ValueType::kString}}};
    multi.sources.push_back(std::move(src));
    return Resolved(multi);
  }
  // Everything else the core schema defines lives in the provider's document.
  const scim::AttributeDef* def = scim::findAttribute(scim::userResourceType(),
                                                      AttrPath{"", path.name, ""});
  if (def == nullptr) {
    return invalidFilter("unknown attribute " + path.toString() + " in filter");
  }
  if (def->mutability == scim::Mutability::kWriteOnly ||
      def->returned == scim::Returned::kNever) {
    return invalidFilter("attribute " + def->name + " cannot be filtered on");
  }
  if (def->multiValued) {
    Multi multi;
    multi.defaultSub = def->subAttributes.empty() ? "" : "value";
    multi.sources.push_back(docElements("$." + jsonPathKey(def->name), *def));
    return Resolved(multi);
  }
  if (def->type == scim::AttrType::kComplex) {
    if (sub.empty()) return invalidFilter("attribute " + def->name + " needs a sub-attribute");
    for (const auto& s : def->subAttributes) {
      if (lower(s.name) == sub) {
        return Resolved(docScalar("$." + jsonPathKey(def->name) + "." + jsonPathKey(s.name), typeOf(s)));
      }
    }
    return invalidFilter("unknown attribute " + path.toString() + " in filter");
  }
  if (!sub.empty()) return invalidFilter("attribute " + def->name + " has no sub-attributes");
  return Resolved(docScalar("$." + jsonPathKey(def->name), typeOf(*def)));
}

// ---------------------------------------------------------------------------------------------
// Groups

core::Result<Resolved> resolveGroup(const AttrPath& path) {
  const std::string schema = lower(path.schema);
  const std::string name = lower(path.name);
  const std::string sub = lower(path.sub);
  if (!schema.empty() && schema != lower(scim::kGroupSchema)) {
    return invalidFilter("unknown schema " + path.schema + " in filter");
  }
  if (name == "id" && sub.empty()) return Resolved(Scalar{"g.external_id", ValueType::kString, true});
  if (name == "externalid" && sub.empty()) {
    return Resolved(Scalar{"g.scim_external_id", ValueType::kString, true});
  }
  if (name == "displayname" && sub.empty()) return Resolved(Scalar{"g.name", ValueType::kString});
  if (name == "meta") {
    if (sub == "created") return Resolved(Scalar{"g.created_at", ValueType::kDateTime});
    if (sub == "lastmodified") return Resolved(Scalar{"g.updated_at", ValueType::kDateTime});
    if (sub == "resourcetype") return Resolved(Scalar{"'Group'", ValueType::kString});
    return invalidFilter("unknown attribute meta." + path.sub + " in filter");
  }
  if (name == "members") {
    Multi multi;
    ElementSource people;
    people.from = "group_members gm JOIN employees x ON x.id = gm.employee_id";
    people.where = "gm.group_id = g.id AND x.scim_deleted_at = ''";
    people.subs = {{"value", Scalar{"x.external_id", ValueType::kString, true}},
                   {"display", Scalar{"x.display_name", ValueType::kString}},
                   {"type", Scalar{"'User'", ValueType::kString}}};
    ElementSource groups;
    groups.from = "group_subgroups gs JOIN groups gc ON gc.id = gs.child_group_id";
    groups.where = "gs.group_id = g.id";
    groups.subs = {{"value", Scalar{"gc.external_id", ValueType::kString, true}},
                   {"display", Scalar{"gc.name", ValueType::kString}},
                   {"type", Scalar{"'Group'", ValueType::kString}}};
    multi.sources.push_back(std::move(people));
    multi.sources.push_back(std::move(groups));
    return Resolved(multi);
  }
  return invalidFilter("unknown attribute " + path.toString() + " in filter");
}

// ---------------------------------------------------------------------------------------------
// Comparisons

const char* opName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "eq";
    case CompareOp::kNe: return "ne";
    case CompareOp::kCo: return "co";
    case CompareOp::kSw: return "sw";
    case CompareOp::kEw: return "ew";
    case CompareOp::kGt: return "gt";
    case CompareOp::kGe: return "ge";
    case CompareOp::kLt: return "lt";
    case CompareOp::kLe: return "le";
  }
  return "?";
}

std::string likeEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string globEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[') {
      out += '[';
      out += c;
      out += ']';
    } else {
      out += c;
    }
  }
  return out;
}

class Translator {
 public:
  explicit Translator(ScimResource resource) : resource_(resource) {}

  core::Result<std::string> node(const Filter& f, int depth, const ElementSource* element) {
    if (depth > scim::kMaxFilterDepth) return invalidFilter("the filter is nested too deeply");
    switch (f.kind) {
      case Filter::Kind::kAnd:
      case Filter::Kind::kOr: {
        auto l = node(*f.left, depth + 1, element);
        if (!l.isOk()) return l.status();
        auto r = node(*f.right, depth + 1, element);
        if (!r.isOk()) return r.status();
        return "(" + *l + (f.kind == Filter::Kind::kAnd ? " AND " : " OR ") + *r + ")";
      }
      case Filter::Kind::kNot: {
        auto inner = node(*f.left, depth + 1, element);
        if (!inner.isOk()) return inner.status();
        // NULL (an absent value) counts as false, so "not" of it is true.
        return "(NOT COALESCE(" + *inner + ", 0))";
      }
      case Filter::Kind::kValuePath: {
        if (element != nullptr) return invalidFilter("a value path cannot be nested in another");
        auto resolved = resolve(f.attr);
        if (!resolved.isOk()) return resolved.status();
        const Multi* multi = std::get_if<Multi>(&*resolved);
        if (multi == nullptr) {
          return invalidFilter(f.attr.toString() + " is not multi-valued: [ ] cannot be used");
        }
        return exists(*multi, [&](const ElementSource& src) { return node(*f.left, depth + 1, &src); });
      }
      case Filter::Kind::kPresent:
      case Filter::Kind::kCompare:
        return leaf(f, element);
    }
    return invalidFilter("unsupported filter");
  }

  SqlFragment fragment(std::string sql) {
    return SqlFragment{std::move(sql), std::move(binds_), needsRaw_, needsManager_};
  }

  core::Result<Resolved> resolve(const AttrPath& path) {
    return resource_ == ScimResource::kUser ? resolveUser(path) : resolveGroup(path);
  }

 private:
  template <typename F>
  core::Result<std::string> exists(const Multi& multi, F&& inner) {
    std::string out;
    for (const auto& src : multi.sources) {
      auto cond = inner(src);
      if (!cond.isOk()) return cond.status();
      if (src.needsRaw) needsRaw_ = true;
      std::string where = src.where.empty() ? *cond : src.where + " AND " + *cond;
      out += (out.empty() ? "" : " OR ") + std::string("EXISTS (SELECT 1 FROM ") + src.from +
             " WHERE " + where + ")";
    }
    return "(" + out + ")";
  }

  // A comparison or "pr": on an element of a value path (paths are sub-attributes), or on the
  // resource (a multi-valued attribute matches when one of its elements does).
  core::Result<std::string> leaf(const Filter& f, const ElementSource* element) {
    if (element != nullptr) {
      if (!f.attr.sub.empty()) {
        return invalidFilter("inside [ ], " + f.attr.toString() + " must be a sub-attribute");
      }
      const Scalar* scalar = findSub(*element, lower(f.attr.name));
      if (scalar == nullptr) {
        return invalidFilter("unknown sub-attribute " + f.attr.name + " in filter");
      }
      return compare(*scalar, f);
    }
    auto resolved = resolve(f.attr);
    if (!resolved.isOk()) return resolved.status();
    if (const Scalar* scalar = std::get_if<Scalar>(&*resolved)) {
      if (scalar->needsRaw) needsRaw_ = true;
      if (scalar->needsManager) needsManager_ = true;
      return compare(*scalar, f);
    }
    const Multi& multi = std::get<Multi>(*resolved);
    const std::string sub = f.attr.sub.empty() ? multi.defaultSub : lower(f.attr.sub);
    return exists(multi, [&](const ElementSource& src) -> core::Result<std::string> {
      const Scalar* scalar = findSub(src, sub);
      if (scalar == nullptr) {
        return invalidFilter("unknown attribute " + f.attr.toString() + " in filter");
      }
      return compare(*scalar, f);
    });
  }

  static const Scalar* findSub(const ElementSource& src, const std::string& sub) {
    for (const auto& [name, scalar] : src.subs) {
      if (name == sub) return &scalar;
    }
    return nullptr;
  }

  core::Result<std::string> compare(const Scalar& s, const Filter& f) {
    if (f.kind == Filter::Kind::kPresent) {
      if (s.type == ValueType::kBoolean || s.type == ValueType::kInteger) {
        return "(" + s.expr + " IS NOT NULL)";
      }
      return "(COALESCE(" + s.expr + ", '') <> '')";
    }
    const std::string what = f.attr.toString() + " " + opName(f.op);
    if (f.value.is_null()) {
      if (f.op == CompareOp::kEq) return "(COALESCE(" + s.expr + ", '') = '')";
      if (f.op == CompareOp::kNe) return "(COALESCE(" + s.expr + ", '') <> '')";
      return invalidFilter(what + " null: only eq and ne compare with null");
    }
    switch (s.type) {
      case ValueType::kBoolean: return compareBoolean(s, f, what);
      case ValueType::kInteger: return compareInteger(s, f, what);
      case ValueType::kString: return compareString(s, f, what);
      case ValueType::kDateTime: return compareDateTime(s, f, what);
    }
    return invalidFilter("unsupported comparison " + what);
  }

  core::Result<std::string> compareBoolean(const Scalar& s, const Filter& f,
                                           const std::string& what) {
    bool value = false;
    if (f.value.is_boolean()) {
      value = f.value.get<bool>();
    } else if (f.value.is_string() && (equalsIgnoreCase(f.value.get_ref<const std::string&>(), "true") ||
                                       equalsIgnoreCase(f.value.get_ref<const std::string&>(), "false"))) {
      value = equalsIgnoreCase(f.value.get_ref<const std::string&>(), "true");
    } else {
      return invalidFilter(what + ": " + f.attr.toString() + " is a boolean (true or false)");
    }
    if (f.op == CompareOp::kEq) return "(" + s.expr + " = " + (value ? "1" : "0") + ")";
    if (f.op == CompareOp::kNe) return "(COALESCE(" + s.expr + ", 0) <> " + (value ? "1" : "0") + ")";
    return invalidFilter(what + ": booleans only compare with eq and ne");
  }

  core::Result<std::string> compareInteger(const Scalar& s, const Filter& f,
                                           const std::string& what) {
    int64_t value = 0;
    if (f.value.is_number_integer()) {
      value = f.value.get<int64_t>();
    } else if (f.value.is_string()) {
      const std::string& text = f.value.get_ref<const std::string&>();
      size_t used = 0;
      try {
        value = std::stoll(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != text.size()) {
        return invalidFilter(what + ": " + f.attr.toString() + " is an integer");
      }
    } else {
      return invalidFilter(what + ": " + f.attr.toString() + " is an integer");
    }
    const char* sqlOp = nullptr;
    switch (f.op) {
      case CompareOp::kEq: sqlOp = "="; break;
      case CompareOp::kGt: sqlOp = ">"; break;
      case CompareOp::kGe: sqlOp = ">="; break;
      case CompareOp::kLt: sqlOp = "<"; break;
      case CompareOp::kLe: sqlOp = "<="; break;
      case CompareOp::kNe:
        binds_.emplace_back(value);
        return "(" + s.expr + " IS NOT ?)";
      default:
        return invalidFilter(what + ": integers compare with eq, ne, gt, ge, lt and le");
    }
    binds_.emplace_back(value);
    return "(" + s.expr + " " + sqlOp + " ?)";
  }

  // Timestamps are stored as fixed-width UTC text ("YYYY-MM-DDTHH:MM:SSZ"), which orders like
  // time only against values of that very form: the filter's value is parsed as RFC 3339 and
  // converted to it (an offset moves it to UTC; fractional seconds, which the store does not
  // keep, decide the comparison with the surrounding whole seconds). co, sw and ew stay text
  // matches on the stored form ("meta.created sw \"2024-05\"").
  core::Result<std::string> compareDateTime(const Scalar& s, const Filter& f,
                                            const std::string& what) {
    if (f.op == CompareOp::kCo || f.op == CompareOp::kSw || f.op == CompareOp::kEw) {
      return compareString(s, f, what);
    }
    if (!f.value.is_string()) {
      return invalidFilter(what + ": " + f.attr.toString() +
                           " is a dateTime, written as a string such as \"2024-05-01T10:00:00Z\"");
    }
    auto parsed = scim::parseDateTime(f.value.get_ref<const std::string&>());
    if (!parsed.isOk()) return invalidFilter(what + ": " + parsed.status().message());
    // A value with a fraction lies strictly between two stored seconds T and T+1: nothing equals
    // it, "gt"/"ge" it means "> T" and "lt"/"le" it means "<= T".
    const char* sqlOp = nullptr;
    switch (f.op) {
      case CompareOp::kEq:
        if (parsed->fraction) return std::string("(0)");
        sqlOp = "=";
        break;
      case CompareOp::kNe:
        if (parsed->fraction) return std::string("(1)");
        binds_.emplace_back(parsed->text);
        return "(COALESCE(" + s.expr + ", '') <> ?)";
      case CompareOp::kGt: sqlOp = ">"; break;
      case CompareOp::kGe: sqlOp = parsed->fraction ? ">" : ">="; break;
      case CompareOp::kLt: sqlOp = parsed->fraction ? "<=" : "<"; break;
      case CompareOp::kLe: sqlOp = "<="; break;
      default: return invalidFilter("unsupported comparison " + what);
    }
    binds_.emplace_back(parsed->text);
    return "(" + s.expr + " " + sqlOp + " ?)";
  }

  core::Result<std::string> compareString(const Scalar& s, const Filter& f,
                                          const std::string& what) {
    std::string value;
    if (f.value.is_string()) {
      value = f.value.get<std::string>();
    } else if (f.value.is_number() || f.value.is_boolean()) {
      value = f.value.dump();  // Entra: externalId eq 12345
    } else {
      return invalidFilter(what + ": the value must be a string");
    }
    const std::string collate = s.caseExact ? "" : " COLLATE NOCASE";
    switch (f.op) {
      case CompareOp::kEq:
        binds_.emplace_back(value);
        if (s.expr == "e.scim_external_id") {
          // Lets SQLite use the partial index (WHERE scim_external_id <> '').
          return "(" + s.expr + " = ? AND " + s.expr + " <> '')";
        }
        return "(" + s.expr + " = ?" + collate + ")";
      case CompareOp::kNe:
        binds_.emplace_back(value);
        return "(COALESCE(" + s.expr + ", '') <> ?" + collate + ")";
      case CompareOp::kGt:
      case CompareOp::kGe:
      case CompareOp::kLt:
      case CompareOp::kLe: {
        const char* sqlOp = f.op == CompareOp::kGt   ? ">"
                            : f.op == CompareOp::kGe ? ">="
                            : f.op == CompareOp::kLt ? "<"
                                                     : "<=";
        binds_.emplace_back(value);
        return "(" + s.expr + " " + sqlOp + " ?" + collate + ")";
      }
      case CompareOp::kCo:
      case CompareOp::kSw:
      case CompareOp::kEw: {
        const bool start = f.op != CompareOp::kSw;
        const bool end = f.op != CompareOp::kEw;
        if (s.caseExact) {
          binds_.emplace_back((start ? "*" : "") + globEscape(value) + (end ? "*" : ""));
          return "(" + s.expr + " GLOB ?)";
        }
        binds_.emplace_back((start ? "%" : "") + likeEscape(value) + (end ? "%" : ""));
        return "(" + s.expr + " LIKE ? ESCAPE '\\')";
      }
    }
    return invalidFilter("unsupported comparison " + what);
  }

  ScimResource resource_;
  std::vector<SqlValue> binds_;
  bool needsRaw_ = false;
  bool needsManager_ = false;
};

}  // namespace

core::Result<SqlFragment> scimFilterSql(ScimResource resource, const scim::Filter& filter) {
  Translator translator(resource);
  auto sql = translator.node(filter, 0, nullptr);
  if (!sql.isOk()) return sql.status();
  return translator.fragment(std::move(sql).value());
}

core::Result<SqlFragment> scimSortSql(ScimResource resource, const std::string& sortBy) {
  auto parsed = scim::parseFilter(sortBy + " pr");
  if (!parsed.isOk() || parsed->kind != Filter::Kind::kPresent) {
    return core::invalidArgument("sortBy=" + sortBy + " is not an attribute path")
        .withDetail("invalidValue");
  }
  Translator translator(resource);
  auto resolved = translator.resolve(parsed->attr);
  if (!resolved.isOk()) {
    return core::invalidArgument("cannot sort on " + sortBy + ": " + resolved.status().message())
        .withDetail("invalidValue");
  }
  const Scalar* scalar = std::get_if<Scalar>(&*resolved);
  if (scalar == nullptr) {
    // A multi-valued attribute sorts by its primary value (RFC 7644 section 3.4.2.3): the one
    // Tandem keeps in a column.
    if (resource == ScimResource::kUser && equalsIgnoreCase(parsed->attr.name, "emails")) {
      return SqlFragment{"e.email COLLATE NOCASE", {}, false, false};
    }
    return core::invalidArgument("cannot sort on " + sortBy + ": it has no single value")
        .withDetail("invalidValue");
  }
  std::string expr = scalar->expr;
  if (scalar->type == ValueType::kString && !scalar->caseExact) expr += " COLLATE NOCASE";
  return SqlFragment{expr, {}, scalar->needsRaw, scalar->needsManager};
}

}  // namespace tandem::storage::internal
