#include "scim/schemas.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace tandem::scim {
namespace {

// Case-insensitive ASCII equality. filter.h has the same rule; this copy keeps the schema data free
// of the filter parser.
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool istartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// Builds an AttributeDef in one expression: Attr("userName", AttrType::kString, "...").required().
class Attr {
 public:
  Attr(std::string name, AttrType type, std::string description) {
    def_.name = std::move(name);
    def_.type = type;
    def_.description = std::move(description);
  }
  Attr& multi() {
    def_.multiValued = true;
    return *this;
  }
  Attr& required() {
    def_.required = true;
    return *this;
  }
  Attr& caseExact() {
    def_.caseExact = true;
    return *this;
  }
  Attr& mutability(Mutability m) {
    def_.mutability = m;
    return *this;
  }
  Attr& returned(Returned r) {
    def_.returned = r;
    return *this;
  }
  Attr& uniqueness(std::string u) {
    def_.uniqueness = std::move(u);
    return *this;
  }
  Attr& refs(std::vector<std::string> types) {
    def_.referenceTypes = std::move(types);
    return *this;
  }
  Attr& canonical(std::vector<std::string> values) {
    def_.canonicalValues = std::move(values);
    return *this;
  }
  Attr& subs(std::vector<AttributeDef> subAttributes) {
    def_.subAttributes = std::move(subAttributes);
    return *this;
  }
  operator AttributeDef() const { return def_; }  // NOLINT(google-explicit-constructor)

 private:
  AttributeDef def_;
};

AttributeDef str(std::string name, std::string description) {
  return Attr(std::move(name), AttrType::kString, std::move(description));
}

// The value/display/type/primary shape of RFC 7643's plural attributes (emails, phoneNumbers...).
AttributeDef plural(std::string name, std::string description, AttributeDef value,
                    std::vector<std::string> canonicalTypes) {
  return Attr(std::move(name), AttrType::kComplex, std::move(description))
      .multi()
      .subs({std::move(value),
             str("display", "A human-readable name, primarily used for display purposes."),
             Attr("type", AttrType::kString, "A label indicating the attribute's function.")
                 .canonical(std::move(canonicalTypes)),
             Attr("primary", AttrType::kBoolean,
                  "A Boolean value indicating the 'primary' or preferred attribute value for "
                  "this attribute. The primary attribute value 'true' MUST appear no more than "
                  "once.")});
}

AttributeDef idAttr() {
  return Attr("id", AttrType::kString,
              "Unique identifier for the SCIM resource as defined by the service provider.")
      .caseExact()
      .mutability(Mutability::kReadOnly)
      .returned(Returned::kAlways)
      .uniqueness("server");
}

AttributeDef externalIdAttr() {
  return Attr("externalId", AttrType::kString,
              "Identifier for the resource as defined by the provisioning client.")
      .caseExact();
}

AttributeDef metaAttr() {
  auto ro = [](std::string name, AttrType type, std::string description) {
    return Attr(std::move(name), type, std::move(description))
        .caseExact()
        .mutability(Mutability::kReadOnly);
  };
  return Attr("meta", AttrType::kComplex, "Resource metadata.")
      .mutability(Mutability::kReadOnly)
      .subs({ro("resourceType", AttrType::kString, "The name of the resource type."),
             ro("created", AttrType::kDateTime, "When the resource was added."),
             ro("lastModified", AttrType::kDateTime, "When the resource was last updated."),
             ro("location", AttrType::kReference, "The URI of the resource.").refs({"uri"}),
             ro("version", AttrType::kString, "The version (ETag) of the resource.")});
}

SchemaDef makeUserSchema() {
  SchemaDef s;
  s.id = std::string(kUserSchema);
  s.name = "User";
  s.description = "User Account";
  auto ro = [](AttributeDef d) {
    d.mutability = Mutability::kReadOnly;
    return d;
  };
  s.attributes = {
      idAttr(),
      externalIdAttr(),
      Attr("userName", AttrType::kString,
           "Unique identifier for the User, typically used by the user to directly authenticate "
           "to the service provider. REQUIRED.")
          .required()
          .uniqueness("server"),
      Attr("name", AttrType::kComplex, "The components of the user's real name.")
          .subs({str("formatted", "The full name, formatted for display."),
                 str("familyName", "The family name of the User."),
                 str("givenName", "The given name of the User."),
                 str("middleName", "The middle name(s) of the User."),
                 str("honorificPrefix", "The honorific prefix(es) of the User."),
                 str("honorificSuffix", "The honorific suffix(es) of the User.")}),
      str("displayName", "The name of the User, suitable for display to end-users."),
      str("nickName", "The casual way to address the user in real life."),
      Attr("profileUrl", AttrType::kReference,
           "A fully qualified URL pointing to a page representing the User's online profile.")
          .refs({"external"}),
      str("title", "The user's title, such as \"Vice President\"."),
      str("userType", "Identifies the relationship between the organization and the user."),
      str("preferredLanguage", "The User's preferred written or spoken language."),
      str("locale", "The User's default location for localizing output."),
      str("timezone", "The User's time zone in the 'Olson' time zone database format."),
      Attr("active", AttrType::kBoolean, "The User's administrative status."),
      Attr("password", AttrType::kString, "The User's cleartext password.")
          .mutability(Mutability::kWriteOnly)
          .returned(Returned::kNever),
      plural("emails", "Email addresses for the user.", str("value", "Email address for the user."),
             {"work", "home", "other"}),
      plural("phoneNumbers", "Phone numbers for the User.",
             str("value", "Phone number of the User."),
             {"work", "home", "mobile", "fax", "pager", "other"}),
      plural("ims", "Instant messaging addresses for the User.",
             str("value", "Instant messaging address for the User."),
             {"aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"}),
      plural("photos", "URLs of photos of the User.",
             Attr("value", AttrType::kReference, "URL of a photo of the User.").refs({"external"}),
             {"photo", "thumbnail"}),
      Attr("addresses", AttrType::kComplex, "A physical mailing address for this User.")
          .multi()
          .subs({str("formatted", "The full mailing address, formatted for display."),
                 str("streetAddress", "The full street address component."),
                 str("locality", "The city or locality component."),
                 str("region", "The state or region component."),
                 str("postalCode", "The zip code or postal code component."),
                 str("country", "The country name component."),
                 Attr("type", AttrType::kString, "A label indicating the attribute's function.")
                     .canonical({"work", "home", "other"}),
                 Attr("primary", AttrType::kBoolean,
                      "A Boolean value indicating the preferred mailing address.")}),
      Attr("groups", AttrType::kComplex,
           "A list of groups to which the user belongs, either through direct membership or "
           "through nested groups.")
          .multi()
          .mutability(Mutability::kReadOnly)
          .subs({ro(str("value", "The identifier of the User's group.")),
                 ro(Attr("$ref", AttrType::kReference, "The URI of the Group resource.")
                        .refs({"User", "Group"})),
                 ro(str("display", "A human-readable name, primarily used for display.")),
                 ro(Attr("type", AttrType::kString, "How the membership was derived.")
                        .canonical({"direct", "indirect"}))}),
      plural("entitlements", "A list of entitlements for the User.",
             str("value", "The value of an entitlement."), {}),
      plural("roles", "A list of roles for the User.", str("value", "The value of a role."), {}),
      plural("x509Certificates", "A list of certificates issued to the User.",
             str("value", "The value of an X.509 certificate (base64 DER)."), {}),
      metaAttr(),
  };
  return s;
}

SchemaDef makeGroupSchema() {
  SchemaDef s;
  s.id = std::string(kGroupSchema);
  s.name = "Group";
  s.description = "Group";
  s.attributes = {
      idAttr(),
      externalIdAttr(),
      Attr("displayName", AttrType::kString, "A human-readable name for the Group. REQUIRED.")
          .required(),
      Attr("members", AttrType::kComplex, "A list of members of the Group.")
          .multi()
          .subs({Attr("value", AttrType::kString, "Identifier of the member of this Group.")
                     .caseExact()
                     .mutability(Mutability::kImmutable),
                 Attr("$ref", AttrType::kReference,
                      "The URI corresponding to a SCIM resource that is a member of this Group.")
                     .mutability(Mutability::kImmutable)
                     .refs({"User", "Group"}),
                 str("display", "A human-readable name, primarily used for display."),
                 Attr("type", AttrType::kString, "A label indicating the type of resource.")
                     .mutability(Mutability::kImmutable)
                     .canonical({"User", "Group"})}),
      metaAttr(),
  };
  return s;
}

SchemaDef makeEnterpriseUserSchema() {
  SchemaDef s;
  s.id = std::string(kEnterpriseUserSchema);
  s.name = "EnterpriseUser";
  s.description = "Enterprise User";
  s.attributes = {
      str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
      str("costCenter", "Identifies the name of a cost center."),
      str("organization", "Identifies the name of an organization."),
      str("division", "Identifies the name of a division."),
      str("department", "Identifies the name of a department."),
      Attr("manager", AttrType::kComplex, "The User's manager.")
          .subs({str("value", "The id of the SCIM resource representing the User's manager."),
                 Attr("$ref", AttrType::kReference,
                      "The URI of the SCIM resource representing the User's manager.")
                     .refs({"User"}),
                 Attr("displayName", AttrType::kString, "The displayName of the User's manager.")
                     .mutability(Mutability::kReadOnly)}),
  };
  return s;
}

SchemaDef makeTandemUserSchema() {
  SchemaDef s;
  s.id = std::string(kTandemUserSchema);
  s.name = "TandemUser";
  s.description = "Tandem reverse-mentoring attributes of a User";
  s.attributes = {
      Attr("level", AttrType::kInteger,
           "Career grade from 0 (entry) to 100 (executive); pairs mentors across seniority."),
      Attr("hireDate", AttrType::kString, "Date the person joined, as YYYY-MM-DD."),
      Attr("hireDateConfidence", AttrType::kString, "How reliable hireDate is.")
          .canonical({"exact", "approximate", "unknown"}),
      Attr("languages", AttrType::kString,
           "Languages the person can mentor in, as ISO 639-1 codes (\"en\", \"de\").")
          .multi(),
      str("location", "Where the person works (office or city)."),
  };
  return s;
}

ResourceTypeDef makeUserResourceType() {
  return {"User",
          "/Users",
          "User Account",
          std::string(kUserSchema),
          {std::string(kEnterpriseUserSchema), std::string(kTandemUserSchema)}};
}

ResourceTypeDef makeGroupResourceType() {
  return {"Group", "/Groups", "Group", std::string(kGroupSchema), {}};
}

const char* typeName(AttrType t) {
  switch (t) {
    case AttrType::kString:
      return "string";
    case AttrType::kBoolean:
      return "boolean";
    case AttrType::kDecimal:
      return "decimal";
    case AttrType::kInteger:
      return "integer";
    case AttrType::kDateTime:
      return "dateTime";
    case AttrType::kReference:
      return "reference";
    case AttrType::kComplex:
      return "complex";
  }
  return "string";
}

const char* mutabilityName(Mutability m) {
  switch (m) {
    case Mutability::kReadWrite:
      return "readWrite";
    case Mutability::kReadOnly:
      return "readOnly";
    case Mutability::kImmutable:
      return "immutable";
    case Mutability::kWriteOnly:
      return "writeOnly";
  }
  return "readWrite";
}

const char* returnedName(Returned r) {
  switch (r) {
    case Returned::kDefault:
      return "default";
    case Returned::kAlways:
      return "always";
    case Returned::kNever:
      return "never";
    case Returned::kRequest:
      return "request";
  }
  return "default";
}

nlohmann::json attributeJson(const AttributeDef& a) {
  nlohmann::json j = {
      {"name", a.name},
      {"type", typeName(a.type)},
      {"multiValued", a.multiValued},
      {"description", a.description},
      {"required", a.required},
      {"caseExact", a.caseExact},
      {"mutability", mutabilityName(a.mutability)},
      {"returned", returnedName(a.returned)},
      {"uniqueness", a.uniqueness},
  };
  if (!a.canonicalValues.empty()) j["canonicalValues"] = a.canonicalValues;
  if (a.type == AttrType::kReference) j["referenceTypes"] = a.referenceTypes;
  if (a.type == AttrType::kComplex) {
    nlohmann::json subs = nlohmann::json::array();
    for (const AttributeDef& sub : a.subAttributes) subs.push_back(attributeJson(sub));
    j["subAttributes"] = std::move(subs);
  }
  return j;
}

std::string trimSlash(const std::string& baseUrl) {
  std::string s = baseUrl;
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

const AttributeDef* findIn(const std::vector<AttributeDef>& attrs, std::string_view name) {
  for (const AttributeDef& a : attrs) {
    if (iequals(a.name, name)) return &a;
  }
  return nullptr;
}

// The schema `id` names if it belongs to `type` (core or extension), else nullptr.
const SchemaDef* schemaOfType(const ResourceTypeDef& type, std::string_view id) {
  if (iequals(id, type.schema)) return findSchema(type.schema);
  for (const std::string& ext : type.extensions) {
    if (iequals(id, ext)) return findSchema(ext);
  }
  return nullptr;
}

// --- projection --------------------------------------------------------------------------------

// One resolved name of an attributes/excludedAttributes list.
struct Selector {
  const SchemaDef* schema = nullptr;
  const AttributeDef* attr = nullptr;  // nullptr: the whole schema (an extension URN alone)
  const AttributeDef* sub = nullptr;
};

std::vector<Selector> resolveSelectors(const ResourceTypeDef& type,
                                       const std::vector<std::string>& names) {
  std::vector<Selector> out;
  for (const std::string& name : names) {
    const AttrPath p = parseAttributeName(name);
    Selector s;
    s.schema = p.schema.empty() ? findSchema(type.schema) : schemaOfType(type, p.schema);
    if (s.schema == nullptr) continue;  // unknown: ignored (RFC 7644 section 3.4.2.5)
    if (p.name.empty()) {
      if (iequals(s.schema->id, type.schema)) continue;  // the core URN alone names nothing
      out.push_back(s);
      continue;
    }
    s.attr = findIn(s.schema->attributes, p.name);
    if (s.attr == nullptr) continue;
    if (!p.sub.empty()) {
      s.sub = findIn(s.attr->subAttributes, p.sub);
      if (s.sub == nullptr) continue;
    }
    out.push_back(s);
  }
  return out;
}

// Keeps (keep = true) or removes the sub-attributes of `value` (a complex object or an array of
// them) named in `subs`; sub-attributes returned "always" are never removed, "never" ones always.
// Elements left empty are dropped. Returns false when nothing is left.
bool filterSubs(nlohmann::json& value, const AttributeDef& attr,
                const std::vector<const AttributeDef*>& subs, bool keep) {
  auto filterObject = [&](nlohmann::json& obj) {
    if (!obj.is_object()) return true;
    std::vector<std::string> drop;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const AttributeDef* def = findIn(attr.subAttributes, it.key());
      if (def != nullptr && def->returned == Returned::kNever) {
        drop.push_back(it.key());
        continue;
      }
      if (def != nullptr && def->returned == Returned::kAlways) continue;
      const bool named = def != nullptr && std::find(subs.begin(), subs.end(), def) != subs.end();
      if (named != keep) drop.push_back(it.key());
    }
    for (const std::string& k : drop) obj.erase(k);
    return !obj.empty();
  };
  if (value.is_array()) {
    nlohmann::json kept = nlohmann::json::array();
    for (nlohmann::json& element : value) {
      if (filterObject(element)) kept.push_back(std::move(element));
    }
    value = std::move(kept);
    return !value.empty();
  }
  return filterObject(value);
}

struct Projection {
  std::vector<Selector> attributes;
  std::vector<Selector> excluded;
  bool include = false;  // attributes= was given

  // Whether `key` (of `def` in `schema`, or unknown when def is null) stays in `parent`; trims
  // its sub-attributes as asked.
  bool keep(nlohmann::json& value, const SchemaDef* schema, const AttributeDef* def) const {
    if (def == nullptr) return !include;
    if (def->returned == Returned::kNever) return false;
    if (def->returned == Returned::kAlways) return true;
    if (include) {
      std::vector<const AttributeDef*> subs;
      for (const Selector& s : attributes) {
        if (s.schema != schema) continue;
        if (s.attr == nullptr || (s.attr == def && s.sub == nullptr)) return true;
        if (s.attr == def) subs.push_back(s.sub);
      }
      if (subs.empty()) return false;
      return filterSubs(value, *def, subs, /*keep=*/true);
    }
    if (def->returned == Returned::kRequest) return false;
    std::vector<const AttributeDef*> subs;
    for (const Selector& s : excluded) {
      if (s.schema != schema) continue;
      if (s.attr == nullptr || (s.attr == def && s.sub == nullptr)) return false;
      if (s.attr == def) subs.push_back(s.sub);
    }
    if (subs.empty()) return true;
    return filterSubs(value, *def, subs, /*keep=*/false);
  }

  void apply(nlohmann::json& object, const SchemaDef* schema) const {
    std::vector<std::string> drop;
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (!keep(it.value(), schema, findIn(schema->attributes, it.key()))) drop.push_back(it.key());
    }
    for (const std::string& k : drop) object.erase(k);
  }
};

}  // namespace

const SchemaDef& userSchema() {
  static const SchemaDef s = makeUserSchema();
  return s;
}

const SchemaDef& groupSchema() {
  static const SchemaDef s = makeGroupSchema();
  return s;
}

const SchemaDef& enterpriseUserSchema() {
  static const SchemaDef s = makeEnterpriseUserSchema();
  return s;
}

const SchemaDef& tandemUserSchema() {
  static const SchemaDef s = makeTandemUserSchema();
  return s;
}

const std::vector<const SchemaDef*>& allSchemas() {
  static const std::vector<const SchemaDef*> all = {&userSchema(), &groupSchema(),
                                                    &enterpriseUserSchema(), &tandemUserSchema()};
  return all;
}

const ResourceTypeDef& userResourceType() {
  static const ResourceTypeDef t = makeUserResourceType();
  return t;
}

const ResourceTypeDef& groupResourceType() {
  static const ResourceTypeDef t = makeGroupResourceType();
  return t;
}

const SchemaDef* findSchema(std::string_view id) {
  for (const SchemaDef* s : allSchemas()) {
    if (iequals(s->id, id)) return s;
  }
  return nullptr;
}

AttrPath parseAttributeName(std::string_view text) {
  AttrPath p;
  std::string_view rest = text;
  if (istartsWith(text, "urn:")) {
    const SchemaDef* best = nullptr;
    for (const SchemaDef* s : allSchemas()) {
      if (istartsWith(text, s->id) && (text.size() == s->id.size() || text[s->id.size()] == ':') &&
          (best == nullptr || s->id.size() > best->id.size())) {
        best = s;
      }
    }
    if (best != nullptr) {
      p.schema = best->id;
      rest = text.size() == best->id.size() ? std::string_view() : text.substr(best->id.size() + 1);
    } else {
      const size_t colon = text.rfind(':');
      p.schema = std::string(text.substr(0, colon));
      rest = text.substr(colon + 1);
    }
  }
  const size_t dot = rest.find('.');
  if (dot == std::string_view::npos) {
    p.name = std::string(rest);
  } else {
    p.name = std::string(rest.substr(0, dot));
    p.sub = std::string(rest.substr(dot + 1));
  }
  return p;
}

const AttributeDef* findAttribute(const ResourceTypeDef& type, const AttrPath& path) {
  AttrPath p = path;
  if (p.schema.empty() && p.name.find(':') != std::string::npos) {
    const std::string sub = p.sub;
    p = parseAttributeName(p.name);
    if (!sub.empty()) {
      if (!p.sub.empty()) return nullptr;
      p.sub = sub;
    }
  } else if (p.sub.empty() && p.name.find('.') != std::string::npos) {
    const size_t dot = p.name.find('.');
    p.sub = p.name.substr(dot + 1);
    p.name.resize(dot);
  }
  const SchemaDef* schema =
      p.schema.empty() ? findSchema(type.schema) : schemaOfType(type, p.schema);
  if (schema == nullptr || p.name.empty()) return nullptr;
  const AttributeDef* attr = findIn(schema->attributes, p.name);
  if (attr == nullptr || p.sub.empty()) return attr;
  return findIn(attr->subAttributes, p.sub);
}

nlohmann::json schemaJson(const SchemaDef& schema, const std::string& baseUrl) {
  nlohmann::json attrs = nlohmann::json::array();
  for (const AttributeDef& a : schema.attributes) attrs.push_back(attributeJson(a));
  return {
      {"schemas", {std::string(kSchemaSchema)}},
      {"id", schema.id},
      {"name", schema.name},
      {"description", schema.description},
      {"attributes", std::move(attrs)},
      {"meta",
       {{"resourceType", "Schema"}, {"location", trimSlash(baseUrl) + "/Schemas/" + schema.id}}},
  };
}

nlohmann::json resourceTypeJson(const ResourceTypeDef& type, const std::string& baseUrl) {
  nlohmann::json j = {
      {"schemas", {std::string(kResourceTypeSchema)}},
      {"id", type.name},
      {"name", type.name},
      {"endpoint", type.endpoint},
      {"description", type.description},
      {"schema", type.schema},
      {"meta",
       {{"resourceType", "ResourceType"},
        {"location", trimSlash(baseUrl) + "/ResourceTypes/" + type.name}}},
  };
  if (!type.extensions.empty()) {
    nlohmann::json exts = nlohmann::json::array();
    for (const std::string& ext : type.extensions) {
      exts.push_back({{"schema", ext}, {"required", false}});
    }
    j["schemaExtensions"] = std::move(exts);
  }
  return j;
}

void projectAttributes(nlohmann::json& resource, const ResourceTypeDef& type,
                       const std::vector<std::string>& attributes,
                       const std::vector<std::string>& excludedAttributes) {
  if (!resource.is_object()) return;
  Projection projection;
  projection.include = !attributes.empty();
  projection.attributes = resolveSelectors(type, attributes);
  projection.excluded = resolveSelectors(type, excludedAttributes);
  const SchemaDef* core = findSchema(type.schema);

  std::vector<std::string> drop;
  for (auto it = resource.begin(); it != resource.end(); ++it) {
    const std::string& key = it.key();
    if (key == "schemas") continue;
    const SchemaDef* ext = iequals(key, type.schema) ? nullptr : schemaOfType(type, key);
    if (ext == nullptr) {
      if (!projection.keep(it.value(), core, findIn(core->attributes, key))) drop.push_back(key);
      continue;
    }
    nlohmann::json& object = it.value();
    if (!object.is_object()) {
      drop.push_back(key);
      continue;
    }
    projection.apply(object, ext);
    if (object.empty()) drop.push_back(key);
  }
  for (const std::string& k : drop) resource.erase(k);
}

std::vector<std::string> splitAttributeList(std::string_view value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view part = value.substr(start, comma - start);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front())) != 0) {
      part.remove_prefix(1);
    }
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back())) != 0) {
      part.remove_suffix(1);
    }
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

}  // namespace tandem::scim
