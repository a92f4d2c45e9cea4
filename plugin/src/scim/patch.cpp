#include "scim/patch.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <utility>

namespace tandem::scim {
namespace {

using nlohmann::json;
using Op = PatchOperation::Op;

constexpr size_t kMaxOperations = 1000;

core::Status scimError(const char* detail, std::string message) {
  return core::invalidArgument(std::move(message)).withDetail(detail);
}

// --- JSON helpers ------------------------------------------------------------------------------


// Renames every member of `object` equal to `name` ignoring case to `name` itself (the schema's
// spelling) and returns it, or nullptr when there is none.
json* canonicalMember(json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  std::vector<std::string> variants;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.key() != name && equalsIgnoreCase(it.key(), name)) variants.push_back(it.key());
  }
  for (const std::string& key : variants) {
    if (!object.contains(name)) object[name] = std::move(object[key]);
    object.erase(key);
  }
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

void eraseMember(json& object, const std::string& name) {
  if (canonicalMember(object, name) != nullptr) object.erase(name);
}

bool isTrue(const json& element, std::string_view member) {
  const json* v = findMember(element, member);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

// Clears "primary" on every element but `winner` (RFC 7643 section 2.4: at most one is true).
void keepOnePrimary(json& array, size_t winner) {
  for (size_t i = 0; i < array.size(); ++i) {
    if (i == winner || !array[i].is_object()) continue;
    if (json* p = canonicalMember(array[i], "primary");
        p != nullptr && p->is_boolean() && p->get<bool>()) {
      *p = false;
    }
  }
}

// Drops non-object and empty elements of a multi-valued complex attribute.
void dropEmptyElements(json& array) {
  json kept = json::array();
  for (json& e : array) {
    if (!e.is_null() && !(e.is_object() && e.empty())) kept.push_back(std::move(e));
  }
  array = std::move(kept);
}

// --- schema helpers ----------------------------------------------------------------------------

const AttributeDef* findIn(const std::vector<AttributeDef>& attrs, std::string_view name) {
  for (const AttributeDef& a : attrs) {
    if (equalsIgnoreCase(a.name, name)) return &a;
  }
  return nullptr;
}

const AttributeDef* valueSub(const AttributeDef& attr) {
  return attr.type == AttrType::kComplex ? findIn(attr.subAttributes, "value") : nullptr;
}

const SchemaDef* schemaOfType(const ResourceTypeDef& type, std::string_view id) {
  if (equalsIgnoreCase(id, type.schema)) return findSchema(type.schema);
  for (const std::string& ext : type.extensions) {
    if (equalsIgnoreCase(id, ext)) return findSchema(ext);
  }
  return nullptr;
}

bool belongsTo(const AttributeDef& def, const SchemaDef& schema) {
  const auto& attrs = schema.attributes;
  return !attrs.empty() && &def >= &attrs.front() && &def <= &attrs.back();
}

// Whether two elements of `attr` are the same value: complex ones by their "value" sub-attribute
// when both have one (else by every member), simple ones by value; strings ignore case unless
// the attribute is caseExact.
bool sameElement(const AttributeDef& attr, const json& a, const json& b) {
  const AttributeDef* value = valueSub(attr);
  const json* x = &a;
  const json* y = &b;
  bool caseExact = attr.caseExact;
  if (attr.type == AttrType::kComplex) {
    if (value == nullptr) return a == b;
    x = findMember(a, value->name);
    y = findMember(b, value->name);
    if (x == nullptr || y == nullptr) return a == b;
    caseExact = value->caseExact;
  }
  if (x->is_string() && y->is_string() && !caseExact) {
    return equalsIgnoreCase(x->get_ref<const std::string&>(), y->get_ref<const std::string&>());
  }
  return *x == *y;
}

// --- value normalisation -----------------------------------------------------------------------

bool parseInt(std::string_view text, int64_t& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// YYYY-MM-DD naming a real day.
bool isCalendarDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int year = std::stoi(s.substr(0, 4));
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int last = kDays[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0);
  return day <= last;
}

// Tandem's own rules for its extension: level 0-100, hireDate a calendar date,
// hireDateConfidence one of its canonical values, languages two-letter ISO 639-1 codes.
core::Status checkTandemValue(const AttributeDef& def, json& v, const std::string& label) {
  if (!belongsTo(def, tandemUserSchema())) return core::Status::ok();
  if (def.name == "level") {
    const int64_t level = v.get<int64_t>();
    if (level < 0 || level > 100) {
      return scimError(kInvalidValue, "attribute '" + label + "' must be between 0 and 100, got " +
                                          std::to_string(level));
    }
  } else if (def.name == "hireDate") {
    if (!isCalendarDate(v.get<std::string>())) {
      return scimError(kInvalidValue, "attribute '" + label +
                                          "' must be a date as YYYY-MM-DD, got \"" +
                                          v.get<std::string>() + "\"");
    }
  } else if (!def.canonicalValues.empty()) {
    for (const std::string& c : def.canonicalValues) {
      if (equalsIgnoreCase(c, v.get<std::string>())) {
        v = c;
        return core::Status::ok();
      }
    }
    std::string list;
    for (const std::string& c : def.canonicalValues) list += (list.empty() ? "" : ", ") + c;
    return scimError(kInvalidValue, "attribute '" + label + "' must be one of " + list);
  } else if (def.name == "languages") {
    std::string code = v.get<std::string>();
    const bool ok = code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                    });
    if (!ok) {
      return scimError(
          kInvalidValue,
          "attribute '" + label + "' holds ISO 639-1 codes such as \"en\", got \"" + code + "\"");
    }
    for (char& c : code) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    v = code;
  }
  return core::Status::ok();
}

// A value of a simple (non-complex) attribute or sub-attribute, converted to its type: "True" ->
// true for booleans, "42" -> 42 for integers. Null stays null.
core::Status normaliseScalar(const AttributeDef& def, json& v, const std::string& label) {
  if (v.is_null()) return core::Status::ok();
  auto wrongType = [&](const char* expected) {
    return scimError(kInvalidValue,
                     "attribute '" + label + "' must be " + expected + ", got " + v.dump());
  };
  switch (def.type) {
    case AttrType::kString:
    case AttrType::kReference:
    case AttrType::kDateTime:
      if (!v.is_string()) return wrongType("a string");
      if (def.required && v.get_ref<const std::string&>().empty()) {
        return scimError(kInvalidValue, "attribute '" + label + "' is required, not empty");
      }
      break;
    case AttrType::kBoolean:
      if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (equalsIgnoreCase(s, "true")) {
          v = true;
        } else if (equalsIgnoreCase(s, "false")) {
          v = false;
        }
      }
      if (!v.is_boolean()) return wrongType("a boolean");
      break;
    case AttrType::kInteger: {
      int64_t n = 0;
      if (v.is_number_integer() && !v.is_number_unsigned()) {
        break;
      } else if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return wrongType("an integer");
        }
        n = static_cast<int64_t>(u);
      } else if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15) {
          return wrongType("an integer");
        }
        n = static_cast<int64_t>(d);
      } else if (!v.is_string() || !parseInt(v.get_ref<const std::string&>(), n)) {
        return wrongType("an integer");
      }
      v = n;
      break;
    }
    case AttrType::kDecimal:
      if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        double d = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || !std::isfinite(d)) {
          return wrongType("a number");
        }
        v = d;
      }
      if (!v.is_number()) return wrongType("a number");
      break;
    case AttrType::kComplex:
      return wrongType("an object");
  }
  return checkTandemValue(def, v, label);
}

// A value of a complex attribute (or one element of a multi-valued one): member names in the
// schema's spelling, sub-attribute values converted, readOnly sub-attributes and nulls dropped.
// A bare string for an attribute with a "value" sub-attribute becomes {"value": ...}. For a
// single-valued attribute with a "value" sub-attribute (manager), an empty or missing value
// means unassigned: the result is null. An empty object is null too.
core::Status normaliseComplex(const AttributeDef& def, json& v, const std::string& label) {
  if (v.is_null()) return core::Status::ok();
  const AttributeDef* value = valueSub(def);
  if (!v.is_object() && value != nullptr && (v.is_string() || v.is_number() || v.is_boolean())) {
    v = json{{value->name, std::move(v)}};
  }
  if (!v.is_object()) {
    return scimError(kInvalidValue, "attribute '" + label + "' must be an object, got " + v.dump());
  }
  json out = json::object();
  for (auto it = v.begin(); it != v.end(); ++it) {
    const AttributeDef* sub = findIn(def.subAttributes, it.key());
    if (sub == nullptr) {
      return scimError(kInvalidPath,
                       "attribute '" + label + "' has no sub-attribute '" + it.key() + "'");
    }
    if (sub->mutability == Mutability::kReadOnly || it.value().is_null()) continue;
    json subValue = it.value();
    TDM_RETURN_IF_ERROR(normaliseScalar(*sub, subValue, label + "." + sub->name));
    out[sub->name] = std::move(subValue);
  }
  if (!def.multiValued && value != nullptr) {
    const json* id = findMember(out, value->name);
    if (id == nullptr || (id->is_string() && id->get_ref<const std::string&>().empty())) {
      out = json::object();
    }
  }
  v = out.empty() ? json() : std::move(out);
  return core::Status::ok();
}

core::Status normaliseElement(const AttributeDef& def, json& v, const std::string& label) {
  return def.type == AttrType::kComplex ? normaliseComplex(def, v, label)
                                        : normaliseScalar(def, v, label);
}

// A whole attribute value: a multi-valued one becomes an array (a single element is wrapped),
// its null elements dropped, at most one element primary. Null stays null.
core::Status normaliseAttribute(const AttributeDef& def, json& v, const std::string& label) {
  if (v.is_null()) return core::Status::ok();
  if (!def.multiValued) return normaliseElement(def, v, label);
  if (!v.is_array()) v = json::array({std::move(v)});
  json out = json::array();
  int primaries = 0;
  for (json& element : v) {
    TDM_RETURN_IF_ERROR(normaliseElement(def, element, label));
    if (element.is_null()) continue;
    if (isTrue(element, "primary")) ++primaries;
    out.push_back(std::move(element));
  }
  if (primaries > 1) {
    return scimError(kInvalidValue,
                     "attribute '" + label + "' has more than one value with primary true");
  }
  v = std::move(out);
  return core::Status::ok();
}

// --- paths -------------------------------------------------------------------------------------

// What an operation's path names.
struct Target {
  const SchemaDef* schema = nullptr;   // the schema holding the attribute
  const AttributeDef* attr = nullptr;  // nullptr: every attribute of `schema` (a URN alone)
  const AttributeDef* sub = nullptr;   // a sub-attribute of attr
  const Filter* filter = nullptr;      // value filter on a multi-valued attr
  std::string label;                   // attr[.sub], for messages
};

// Whether every attribute a value filter names is a sub-attribute of `attr` ("value" for a simple
// multi-valued attribute).
bool filterNamesKnown(const Filter& f, const AttributeDef& attr) {
  switch (f.kind) {
    case Filter::Kind::kAnd:
    case Filter::Kind::kOr:
      return f.left && f.right && filterNamesKnown(*f.left, attr) &&
             filterNamesKnown(*f.right, attr);
    case Filter::Kind::kNot:
      return f.left && filterNamesKnown(*f.left, attr);
    case Filter::Kind::kValuePath:
      return false;
    case Filter::Kind::kCompare:
    case Filter::Kind::kPresent:
      if (!f.attr.sub.empty() || !f.attr.schema.empty()) return false;
      return attr.type == AttrType::kComplex ? findIn(attr.subAttributes, f.attr.name) != nullptr
                                             : equalsIgnoreCase(f.attr.name, "value");
  }
  return false;
}

core::Result<Target> resolve(const ResourceTypeDef& type, const PatchPath& path,
                             const std::string& text) {
  Target t;
  const AttrPath& a = path.attr;
  // A URN alone as parsed by the path grammar: "urn:...:2.0:User" -> {"urn:...:2.0", "User"}.
  if (!a.schema.empty() && a.sub.empty() && !path.filter && path.subAttr.empty()) {
    if (const SchemaDef* s = schemaOfType(type, a.schema + ":" + a.name)) {
      t.schema = s;
      return t;
    }
  }
  t.schema = a.schema.empty() ? findSchema(type.schema) : schemaOfType(type, a.schema);
  if (t.schema == nullptr) {
    return scimError(kInvalidPath, "path \"" + text + "\" names the schema \"" + a.schema +
                                       "\", which " + type.name + " resources do not have");
  }
  if (a.name.empty()) return t;
  t.attr = findIn(t.schema->attributes, a.name);
  if (t.attr == nullptr) {
    return scimError(kInvalidPath, "path \"" + text + "\": " + type.name + " has no attribute \"" +
                                       a.name + "\"");
  }
  t.label = t.attr->name;
  if (!a.sub.empty() && !path.subAttr.empty()) {
    return scimError(kInvalidPath, "path \"" + text + "\" names two sub-attributes");
  }
  const std::string& subName = a.sub.empty() ? path.subAttr : a.sub;
  if (!subName.empty()) {
    t.sub = t.attr->type == AttrType::kComplex ? findIn(t.attr->subAttributes, subName) : nullptr;
    if (t.sub == nullptr) {
      return scimError(kInvalidPath, "path \"" + text + "\": attribute \"" + t.attr->name +
                                         "\" has no sub-attribute \"" + subName + "\"");
    }
    t.label += "." + t.sub->name;
  }
  if (path.filter) {
    const Filter* f = &*path.filter;
    if (f->kind == Filter::Kind::kValuePath && f->left) f = f->left.get();
    if (!t.attr->multiValued) {
      return scimError(kInvalidPath, "path \"" + text + "\": attribute \"" + t.attr->name +
                                         "\" is single-valued and takes no filter");
    }
    if (!filterNamesKnown(*f, *t.attr)) {
      return scimError(kInvalidPath, "path \"" + text +
                                         "\": the filter names an attribute that "
                                         "\"" +
                                         t.attr->name + "\" does not have");
    }
    t.filter = f;
  }
  return t;
}

// The element a filter of "eq" conditions joined by "and" describes (emails[type eq "work"] ->
// {"type": "work"}), or nullopt when it has another shape.
bool collectEquals(const Filter& f, const AttributeDef& attr, json& element) {
  if (f.kind == Filter::Kind::kAnd) {
    return f.left && f.right && collectEquals(*f.left, attr, element) &&
           collectEquals(*f.right, attr, element);
  }
  if (f.kind != Filter::Kind::kCompare || f.op != CompareOp::kEq || f.value.is_null()) {
    return false;
  }
  const AttributeDef* def =
      attr.type == AttrType::kComplex ? findIn(attr.subAttributes, f.attr.name) : &attr;
  if (def == nullptr) return false;
  json v = f.value;
  if (f.bareValue && def->type == AttrType::kString && !v.is_string()) v = v.dump();
  if (!normaliseScalar(*def, v, attr.name + "." + def->name).isOk()) return false;
  if (attr.type == AttrType::kComplex) {
    element[def->name] = std::move(v);
  } else {
    element = std::move(v);
  }
  return true;
}

std::optional<json> elementFromFilter(const Filter& f, const AttributeDef& attr) {
  json element = attr.type == AttrType::kComplex ? json::object() : json();
  if (!collectEquals(f, attr, element)) return std::nullopt;
  return element;
}

// --- application -------------------------------------------------------------------------------

// Applies operations to one resource in place. The caller hands it a copy.
class Patcher {
 public:
  Patcher(json& resource, const ResourceTypeDef& type)
      : res_(resource), type_(type), core_(findSchema(type.schema)) {}

  core::Status apply(const PatchOperation& op) {
    if (!op.path) return pathless(op.op, op.value);
    core::Result<Target> t = resolve(type_, *op.path, op.pathText);
    if (!t.isOk()) return t.status();
    return applyTarget(op.op, *t, op.value);
  }

  // Makes "schemas" list every extension holding a value, and drops emptied extensions.
  void finish() {
    for (const std::string& ext : type_.extensions) {
      json* object = canonicalMember(res_, ext);
      if (object == nullptr) continue;
      json* schemas = canonicalMember(res_, "schemas");
      if (!object->is_object() || object->empty()) {
        res_.erase(ext);
        if (schemas != nullptr && schemas->is_array()) {
          json kept = json::array();
          for (const json& s : *schemas) {
            if (!(s.is_string() && equalsIgnoreCase(s.get_ref<const std::string&>(), ext))) {
              kept.push_back(s);
            }
          }
          *schemas = std::move(kept);
        }
        continue;
      }
      if (schemas == nullptr || !schemas->is_array()) {
        res_["schemas"] = json::array({type_.schema});
        schemas = &res_["schemas"];
      }
      const bool listed = std::any_of(schemas->begin(), schemas->end(), [&](const json& s) {
        return s.is_string() && equalsIgnoreCase(s.get_ref<const std::string&>(), ext);
      });
      if (!listed) schemas->push_back(ext);
    }
  }

 private:
  // No path: every member of `value` is an attribute path (RFC 7644 section 3.5.2.1 and .3), with
  // the echoes Okta sends ("id", "schemas", "meta" unchanged) ignored.
  core::Status pathless(Op op, const json& value) {
    if (!value.is_object()) {
      return scimError(kInvalidValue, "an operation without a path needs an object as value");
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      const json& v = it.value();
      if (equalsIgnoreCase(key, "schemas")) {
        TDM_RETURN_IF_ERROR(checkSchemasEcho(v));
        continue;
      }
      if (equalsIgnoreCase(key, "id") || equalsIgnoreCase(key, "meta")) {
        const json* current = findMember(res_, key);
        if (current != nullptr && *current == v) continue;
        return scimError(kMutability, "attribute '" +
                                          std::string(equalsIgnoreCase(key, "id") ? "id" : "meta") +
                                          "' is readOnly");
      }
      PatchPath path;
      if (key.find('[') != std::string::npos) {
        core::Result<PatchPath> parsed = parsePatchPath(key);
        if (!parsed.isOk()) {
          return scimError(kInvalidPath, "\"" + key + "\": " + parsed.status().message());
        }
        path = std::move(parsed).value();
      } else {
        path.attr = parseAttributeName(key);
      }
      core::Result<Target> t = resolve(type_, path, key);
      if (!t.isOk()) return t.status();
      TDM_RETURN_IF_ERROR(applyTarget(op, *t, v));
    }
    return core::Status::ok();
  }

  core::Status checkSchemasEcho(const json& v) const {
    bool ok = v.is_array();
    if (ok) {
      for (const json& s : v) {
        ok = ok && s.is_string() && schemaOfType(type_, s.get_ref<const std::string&>()) != nullptr;
      }
    }
    if (ok) return core::Status::ok();
    return scimError(kInvalidValue,
                     "\"schemas\" may only list the schemas of " + type_.name + " resources");
  }

  core::Status applyTarget(Op op, const Target& t, const json& value) {
    if (t.attr == nullptr) return applyWholeSchema(op, t, value);
    if (t.attr->mutability == Mutability::kReadOnly ||
        (t.sub != nullptr && t.sub->mutability == Mutability::kReadOnly)) {
      return scimError(kMutability, "attribute '" + t.label + "' is readOnly");
    }
    if (t.filter != nullptr) return applyFiltered(op, t, value);
    if (t.sub != nullptr) return applySub(op, t, value);
    return applyAttribute(op, t, value);
  }

  // The object holding `schema`'s attributes: the resource or its extension member.
  json* container(const SchemaDef* schema, bool create) {
    if (schema == core_) return &res_;
    json* ext = canonicalMember(res_, schema->id);
    if (ext != nullptr && ext->is_object()) return ext;
    if (!create) return nullptr;
    res_[schema->id] = json::object();
    return &res_[schema->id];
  }

  // A path that is a schema URN alone: the core one is the resource itself; an extension's
  // value is an object of its attributes (merged for add/replace), and remove drops them all.
  core::Status applyWholeSchema(Op op, const Target& t, const json& value) {
    if (t.schema == core_) {
      if (op == Op::kRemove) {
        return scimError(kNoTarget, "remove needs a path naming an attribute");
      }
      return pathless(op, value);
    }
    if (op == Op::kRemove || value.is_null()) {
      if (json* ext = canonicalMember(res_, t.schema->id)) *ext = json::object();
      return core::Status::ok();
    }
    if (!value.is_object()) {
      return scimError(kInvalidValue, "the value for \"" + t.schema->id + "\" must be an object");
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      PatchPath path;
      path.attr = parseAttributeName(it.key());
      if (path.attr.schema.empty()) path.attr.schema = t.schema->id;
      if (!equalsIgnoreCase(path.attr.schema, t.schema->id) || path.attr.name.empty()) {
        return scimError(kInvalidPath,
                         "\"" + it.key() + "\" is not an attribute of \"" + t.schema->id + "\"");
      }
      core::Result<Target> sub = resolve(type_, path, it.key());
      if (!sub.isOk()) return sub.status();
      TDM_RETURN_IF_ERROR(applyTarget(op, *sub, it.value()));
    }
    return core::Status::ok();
  }

  // attr (no filter, no sub-attribute).
  core::Status applyAttribute(Op op, const Target& t, const json& value) {
    const AttributeDef& def = *t.attr;
    json* c = container(t.schema, op != Op::kRemove);
    json* current = c == nullptr ? nullptr : canonicalMember(*c, def.name);
    json v = value;
    if (op != Op::kRemove) TDM_RETURN_IF_ERROR(normaliseAttribute(def, v, t.label));
    const bool clears = op == Op::kRemove || v.is_null() || (v.is_array() && v.empty());
    if (clears && op == Op::kRemove && def.multiValued && !value.is_null()) {
      return removeListed(def, c, current, value);  // Entra: remove members with a value list
    }
    if (clears) {
      if (current == nullptr) return core::Status::ok();
      if (def.required) {
        return scimError(kInvalidValue, "attribute '" + t.label + "' is required");
      }
      if (def.mutability == Mutability::kImmutable) {
        return scimError(kMutability, "attribute '" + t.label + "' is immutable");
      }
      c->erase(def.name);
      return core::Status::ok();
    }
    if (def.mutability == Mutability::kImmutable && current != nullptr && *current != v) {
      return scimError(kMutability, "attribute '" + t.label + "' is immutable");
    }
    if (!def.multiValued) {
      // A complex value merges into the current one (RFC 7644 section 3.5.2.3), except for a
      // reference such as manager, where a new "value" names someone else.
      if (def.type == AttrType::kComplex && valueSub(def) == nullptr && current != nullptr &&
          current->is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
          canonicalMember(*current, it.key());
          (*current)[it.key()] = it.value();
        }
      } else {
        (*c)[def.name] = std::move(v);
      }
      return core::Status::ok();
    }
    if (op == Op::kReplace || current == nullptr || !current->is_array()) {
      (*c)[def.name] = std::move(v);
      return core::Status::ok();
    }
    // Add to a multi-valued attribute: append what is new, merge what is already there.
    std::optional<size_t> primary;
    for (json& element : v) {
      size_t at = current->size();
      for (size_t i = 0; i < current->size(); ++i) {
        if (sameElement(def, (*current)[i], element)) {
          at = i;
          break;
        }
      }
      if (at == current->size()) {
        current->push_back(element);
      } else if (element.is_object() && (*current)[at].is_object()) {
        for (auto it = element.begin(); it != element.end(); ++it) {
          canonicalMember((*current)[at], it.key());
          (*current)[at][it.key()] = it.value();
        }
      }
      if (isTrue(element, "primary")) primary = at;
    }
    if (primary) keepOnePrimary(*current, *primary);
    return core::Status::ok();
  }

  // remove with path "members" and a value list: removes the listed elements, ignoring those
  // that are not there.
  core::Status removeListed(const AttributeDef& def, json* c, json* current, const json& value) {
    json listed = value.is_array() ? value : json::array({value});
    if (current == nullptr || !current->is_array()) return core::Status::ok();
    for (json& item : listed) {
      if (def.type == AttrType::kComplex && !item.is_object()) {
        const AttributeDef* v = valueSub(def);
        if (v == nullptr) {
          return scimError(kInvalidValue,
                           "the values to remove from '" + def.name + "' must be objects");
        }
        item = json{{v->name, item}};
      }
      json kept = json::array();
      for (json& element : *current) {
        if (!sameElement(def, element, item)) kept.push_back(std::move(element));
      }
      *current = std::move(kept);
    }
    if (current->empty()) c->erase(def.name);
    return core::Status::ok();
  }

  // attr.sub (no filter).
  core::Status applySub(Op op, const Target& t, const json& value) {
    const AttributeDef& def = *t.attr;
    const AttributeDef& sub = *t.sub;
    json* c = container(t.schema, op != Op::kRemove);
    json* current = c == nullptr ? nullptr : canonicalMember(*c, def.name);
    json v = op == Op::kRemove ? json() : value;
    TDM_RETURN_IF_ERROR(normaliseScalar(sub, v, t.label));
    auto setIn = [&](json& element) -> core::Status {
      json* old = canonicalMember(element, sub.name);
      if (sub.mutability == Mutability::kImmutable && old != nullptr && *old != v) {
        return scimError(kMutability, "attribute '" + t.label + "' is immutable");
      }
      if (v.is_null()) {
        element.erase(sub.name);
      } else {
        element[sub.name] = v;
      }
      return core::Status::ok();
    };
    if (!def.multiValued) {
      if (v.is_null() && (current == nullptr || !current->is_object())) return core::Status::ok();
      if (current == nullptr || !current->is_object()) {
        (*c)[def.name] = json::object();
        current = &(*c)[def.name];
      }
      TDM_RETURN_IF_ERROR(setIn(*current));
      json check = *current;
      TDM_RETURN_IF_ERROR(normaliseComplex(def, check, def.name));
      if (check.is_null()) c->erase(def.name);  // e.g. manager.value set to ""
      return core::Status::ok();
    }
    if (current == nullptr || !current->is_array() || current->empty()) {
      if (v.is_null()) return core::Status::ok();
      (*c)[def.name] = json::array({json{{sub.name, v}}});
      return core::Status::ok();
    }
    if (sub.name == "primary" && v.is_boolean() && v.get<bool>() && current->size() > 1) {
      return scimError(kInvalidValue, "'" + t.label +
                                          "' would make every value primary; name "
                                          "one with a filter");
    }
    for (json& element : *current) {
      if (element.is_object()) TDM_RETURN_IF_ERROR(setIn(element));
    }
    dropEmptyElements(*current);
    if (current->empty()) c->erase(def.name);
    return core::Status::ok();
  }

  // attr[filter] and attr[filter].sub.
  core::Status applyFiltered(Op op, const Target& t, const json& value) {
    const AttributeDef& def = *t.attr;
    const bool complex = def.type == AttrType::kComplex;
    json* c = container(t.schema, op != Op::kRemove);
    json* current = c == nullptr ? nullptr : canonicalMember(*c, def.name);
    const CaseExactFn caseExact = [&def, complex](const AttrPath& p) {
      if (!complex) return def.caseExact;
      const AttributeDef* s = findIn(def.subAttributes, p.sub.empty() ? p.name : p.sub);
      return s != nullptr && s->caseExact;
    };
    std::vector<size_t> matched;
    if (current != nullptr && current->is_array()) {
      for (size_t i = 0; i < current->size(); ++i) {
        const json& element = (*current)[i];
        const bool hit = complex ? matches(*t.filter, element, caseExact)
                                 : matches(*t.filter, json{{"value", element}}, caseExact);
        if (hit) matched.push_back(i);
      }
    }
    if (op == Op::kRemove) {
      // RFC 7644 section 3.5.2.2 and 3.12: a filter that matches nothing is noTarget.
      if (matched.empty()) {
        return scimError(kNoTarget, "no value of '" + def.name + "' matches the filter");
      }
      for (auto i = matched.rbegin(); i != matched.rend(); ++i) {
        if (t.sub != nullptr) {
          json& element = (*current)[*i];
          if (t.sub->mutability == Mutability::kImmutable && findMember(element, t.sub->name)) {
            return scimError(kMutability, "attribute '" + t.label + "' is immutable");
          }
          eraseMember(element, t.sub->name);
        } else {
          current->erase(*i);
        }
      }
      dropEmptyElements(*current);
      if (current->empty()) c->erase(def.name);
      return core::Status::ok();
    }

    json v = value;
    if (t.sub != nullptr) {
      TDM_RETURN_IF_ERROR(normaliseScalar(*t.sub, v, t.label));
    } else {
      TDM_RETURN_IF_ERROR(normaliseElement(def, v, t.label));
    }
    if (matched.empty()) {
      // Entra: add/replace emails[type eq "work"].value creates the work e-mail. A filter that
      // is not a conjunction of "eq" describes no element: noTarget (RFC 7644 section 3.5.2.3).
      if (v.is_null()) return core::Status::ok();
      std::optional<json> element = elementFromFilter(*t.filter, def);
      if (!element) {
        return scimError(kNoTarget, "no value of '" + def.name +
                                        "' matches the filter, and it describes none to create");
      }
      if (t.sub != nullptr) {
        (*element)[t.sub->name] = v;
      } else if (complex) {
        for (auto it = v.begin(); it != v.end(); ++it) (*element)[it.key()] = it.value();
      } else {
        *element = v;
      }
      if (current == nullptr || !current->is_array()) {
        (*c)[def.name] = json::array();
        current = &(*c)[def.name];
      }
      current->push_back(std::move(*element));
      if (isTrue(current->back(), "primary")) keepOnePrimary(*current, current->size() - 1);
      return core::Status::ok();
    }
    for (size_t i : matched) {
      json& element = (*current)[i];
      if (t.sub != nullptr) {
        json* old = canonicalMember(element, t.sub->name);
        if (t.sub->mutability == Mutability::kImmutable && old != nullptr && *old != v) {
          return scimError(kMutability, "attribute '" + t.label + "' is immutable");
        }
        if (v.is_null()) {
          element.erase(t.sub->name);
        } else {
          element[t.sub->name] = v;
        }
      } else if (op == Op::kAdd && complex && element.is_object() && !v.is_null()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
          canonicalMember(element, it.key());
          element[it.key()] = it.value();
        }
      } else {
        element = v;
      }
    }
    if (complex && isTrue((*current)[matched.front()], "primary")) {
      keepOnePrimary(*current, matched.front());
    }
    dropEmptyElements(*current);
    if (current->empty()) c->erase(def.name);
    return core::Status::ok();
  }

  json& res_;
  const ResourceTypeDef& type_;
  const SchemaDef* core_;
};

// --- normaliseResource -------------------------------------------------------------------------

class ResourceNormaliser {
 public:
  ResourceNormaliser(const ResourceTypeDef& type) : type_(type), core_(findSchema(type.schema)) {}

  core::Status add(const std::string& key, const json& value, const SchemaDef* within) {
    if (key.find('[') != std::string::npos) {
      return scimError(kInvalidPath, "\"" + key + "\" is not an attribute name");
    }
    AttrPath p = parseAttributeName(key);
    const SchemaDef* schema = within;
    if (!p.schema.empty()) {
      schema = schemaOfType(type_, p.schema);
      if (schema == nullptr || (within != core_ && schema != within)) {
        return scimError(kInvalidPath,
                         "\"" + key + "\" names a schema " + type_.name + " resources do not have");
      }
    }
    if (p.name.empty()) {  // a schema URN holding its attributes
      if (value.is_null()) return core::Status::ok();
      if (!value.is_object()) {
        return scimError(kInvalidValue, "\"" + schema->id + "\" must be an object");
      }
      for (auto it = value.begin(); it != value.end(); ++it) {
        TDM_RETURN_IF_ERROR(add(it.key(), it.value(), schema));
      }
      return core::Status::ok();
    }
    const AttributeDef* def = findIn(schema->attributes, p.name);
    if (def == nullptr) {
      return scimError(kInvalidPath, type_.name + " has no attribute \"" + key + "\"");
    }
    // RFC 7644 section 3.3 and 3.5.1: readOnly values sent by the client are ignored.
    if (def->mutability == Mutability::kReadOnly) return core::Status::ok();
    json& c = schema == core_ ? out_ : out_[schema->id];
    if (!c.is_object()) c = json::object();
    if (!p.sub.empty()) {
      const AttributeDef* sub = def->multiValued ? nullptr : findIn(def->subAttributes, p.sub);
      if (sub == nullptr) {
        return scimError(kInvalidPath, type_.name + " has no attribute \"" + key + "\"");
      }
      if (sub->mutability == Mutability::kReadOnly) return core::Status::ok();
      json v = value;
      TDM_RETURN_IF_ERROR(normaliseScalar(*sub, v, def->name + "." + sub->name));
      if (v.is_null()) return core::Status::ok();
      if (!c.contains(def->name) || !c[def->name].is_object()) c[def->name] = json::object();
      c[def->name][sub->name] = std::move(v);
      return core::Status::ok();
    }
    json v = value;
    TDM_RETURN_IF_ERROR(normaliseAttribute(*def, v, def->name));
    if (v.is_null() || (v.is_array() && v.empty())) return core::Status::ok();
    if (v.is_object() && c.contains(def->name) && c[def->name].is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) c[def->name][it.key()] = it.value();
    } else {
      c[def->name] = std::move(v);
    }
    return core::Status::ok();
  }

  core::Status run(nlohmann::json& resource) {
    if (!resource.is_object()) {
      return scimError(kInvalidValue, "a " + type_.name + " must be a JSON object");
    }
    json schemas = json::array();
    for (auto it = resource.begin(); it != resource.end(); ++it) {
      if (equalsIgnoreCase(it.key(), "schemas")) {
        const json& v = it.value();
        const bool ok = v.is_array() && std::all_of(v.begin(), v.end(),
                                                    [](const json& s) { return s.is_string(); });
        if (!ok) return scimError(kInvalidValue, "\"schemas\" must be an array of URNs");
        schemas = v;
        continue;
      }
      TDM_RETURN_IF_ERROR(add(it.key(), it.value(), core_));
    }
    for (const AttributeDef& a : core_->attributes) {
      if (a.required && !out_.contains(a.name)) {
        return scimError(kInvalidValue, "attribute '" + a.name + "' is required");
      }
    }
    if (schemas.empty()) schemas.push_back(type_.schema);
    for (const std::string& ext : type_.extensions) {
      const auto it = out_.find(ext);
      const bool has = it != out_.end() && it->is_object() && !it->empty();
      if (it != out_.end() && !has) out_.erase(it);
      json kept = json::array();
      for (const json& s : schemas) {
        if (!equalsIgnoreCase(s.get_ref<const std::string&>(), ext)) kept.push_back(s);
      }
      if (has) kept.push_back(ext);
      schemas = std::move(kept);
    }
    out_["schemas"] = std::move(schemas);
    resource = std::move(out_);
    return core::Status::ok();
  }

 private:
  const ResourceTypeDef& type_;
  const SchemaDef* core_;
  json out_ = json::object();
};

core::Result<std::vector<PatchOperation>> parseOperations(const json& body) {
  if (!body.is_object()) return scimError(kInvalidSyntax, "a PatchOp body must be a JSON object");
  const json* schemas = findMember(body, "schemas");
  const bool hasUrn =
      schemas != nullptr && schemas->is_array() &&
      std::any_of(schemas->begin(), schemas->end(), [](const json& s) {
        return s.is_string() && equalsIgnoreCase(s.get_ref<const std::string&>(), kPatchOpSchema);
      });
  if (!hasUrn) {
    return scimError(kInvalidSyntax,
                     "\"schemas\" must list \"" + std::string(kPatchOpSchema) + "\"");
  }
  const json* operations = findMember(body, "Operations");
  if (operations == nullptr || !operations->is_array() || operations->empty()) {
    return scimError(kInvalidSyntax, "\"Operations\" must be a non-empty array");
  }
  if (operations->size() > kMaxOperations) {
    return scimError(kInvalidSyntax, "\"Operations\" holds " + std::to_string(operations->size()) +
                                         " operations; at most " + std::to_string(kMaxOperations) +
                                         " are accepted");
  }
  std::vector<PatchOperation> out;
  out.reserve(operations->size());
  for (size_t i = 0; i < operations->size(); ++i) {
    const json& o = (*operations)[i];
    const std::string where = "Operations[" + std::to_string(i) + "]";
    if (!o.is_object()) return scimError(kInvalidSyntax, where + " must be an object");
    PatchOperation op;
    const json* name = findMember(o, "op");
    const std::string opName =
        name != nullptr && name->is_string() ? name->get<std::string>() : std::string();
    if (equalsIgnoreCase(opName, "add")) {
      op.op = Op::kAdd;
    } else if (equalsIgnoreCase(opName, "remove")) {
      op.op = Op::kRemove;
    } else if (equalsIgnoreCase(opName, "replace")) {
      op.op = Op::kReplace;
    } else {
      return scimError(kInvalidSyntax, where + ".op must be \"add\", \"remove\" or \"replace\"");
    }
    const json* path = findMember(o, "path");
    if (path != nullptr && !path->is_null()) {
      if (!path->is_string()) return scimError(kInvalidPath, where + ".path must be a string");
      std::string text = path->get<std::string>();
      const size_t first = text.find_first_not_of(" \t\r\n");
      text = first == std::string::npos
                 ? std::string()
                 : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
      if (!text.empty()) {
        op.pathText = text;
        if (const SchemaDef* s = findSchema(text)) {  // a schema URN alone
          op.path = PatchPath{};
          op.path->attr.schema = s->id;
        } else {
          core::Result<PatchPath> parsed = parsePatchPath(text);
          if (!parsed.isOk()) {
            return scimError(kInvalidPath, where + ".path: " + parsed.status().message());
          }
          op.path = std::move(parsed).value();
        }
      }
    }
    const json* value = findMember(o, "value");
    if (value != nullptr) op.value = *value;
    if (op.op == Op::kRemove && !op.path && op.value.is_null()) {
      return scimError(kNoTarget, where + ": remove needs a path");
    }
    if (op.op != Op::kRemove && value == nullptr) {
      return scimError(kInvalidValue, where + ": " + opName + " needs a value");
    }
    if (!op.path && !op.value.is_object()) {
      return scimError(kInvalidValue, where +
                                          ": without a path the value must be an object of "
                                          "attributes");
    }
    out.push_back(std::move(op));
  }
  return out;
}

}  // namespace

core::Result<std::vector<PatchOperation>> parsePatchRequest(const nlohmann::json& body) {
  try {
    return parseOperations(body);
  } catch (const nlohmann::json::exception& e) {
    return scimError(kInvalidSyntax, std::string("malformed PatchOp: ") + e.what());
  } catch (const std::exception& e) {
    return core::internalError(std::string("PATCH parsing failed: ") + e.what());
  }
}

core::Status applyPatch(nlohmann::json& resource, const ResourceTypeDef& type,
                        const std::vector<PatchOperation>& ops) {
  try {
    json copy = resource;
    if (!copy.is_object()) return scimError(kInvalidValue, "the resource is not an object");
    Patcher patcher(copy, type);
    for (const PatchOperation& op : ops) TDM_RETURN_IF_ERROR(patcher.apply(op));
    patcher.finish();
    resource = std::move(copy);
    return core::Status::ok();
  } catch (const nlohmann::json::exception& e) {
    return scimError(kInvalidValue, std::string("PATCH value of the wrong type: ") + e.what());
  } catch (const std::exception& e) {
    return core::internalError(std::string("PATCH failed: ") + e.what());
  }
}

core::Status normaliseResource(nlohmann::json& resource, const ResourceTypeDef& type) {
  try {
    return ResourceNormaliser(type).run(resource);
  } catch (const nlohmann::json::exception& e) {
    return scimError(kInvalidValue, std::string("resource value of the wrong type: ") + e.what());
  } catch (const std::exception& e) {
    return core::internalError(std::string("normalising the resource failed: ") + e.what());
  }
}

}  // namespace tandem::scim
