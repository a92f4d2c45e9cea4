// The SCIM schemas Tandem serves (RFC 7643): core User and Group, the Enterprise User extension and
// Tandem's own extension (career level, hire date, languages), as data. The discovery endpoints
// render them, PATCH reads attribute types from them (booleans sent as "True"), and
// attributes/excludedAttributes projection reads `returned` from them. Immutable, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scim/filter.h"

namespace tandem::scim {

inline constexpr std::string_view kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr std::string_view kGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr std::string_view kEnterpriseUserSchema =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr std::string_view kTandemUserSchema =
    "urn:tandem:params:scim:schemas:extension:tandem:2.0:User";
inline constexpr std::string_view kListResponseSchema =
    "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr std::string_view kPatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr std::string_view kErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
inline constexpr std::string_view kSearchRequestSchema =
    "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
inline constexpr std::string_view kBulkRequestSchema =
    "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
inline constexpr std::string_view kBulkResponseSchema =
    "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
inline constexpr std::string_view kServiceProviderConfigSchema =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
inline constexpr std::string_view kResourceTypeSchema =
    "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
inline constexpr std::string_view kSchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

enum class AttrType { kString, kBoolean, kDecimal, kInteger, kDateTime, kReference, kComplex };
enum class Mutability { kReadWrite, kReadOnly, kImmutable, kWriteOnly };
enum class Returned { kDefault, kAlways, kNever, kRequest };

struct AttributeDef {
  std::string name;
  AttrType type = AttrType::kString;
  bool multiValued = false;
  bool required = false;
  bool caseExact = false;
  Mutability mutability = Mutability::kReadWrite;
  Returned returned = Returned::kDefault;
  std::string uniqueness = "none";  // none | server | global
  std::string description;
  std::vector<std::string> referenceTypes;
  std::vector<std::string> canonicalValues;
  std::vector<AttributeDef> subAttributes;
};

struct SchemaDef {
  std::string id;  // URN
  std::string name;
  std::string description;
  std::vector<AttributeDef> attributes;
};

struct ResourceTypeDef {
  std::string name;      // "User"
  std::string endpoint;  // "/Users"
  std::string description;
  std::string schema;    // core schema URN
  std::vector<std::string> extensions;  // extension schema URNs (none required)
};

const SchemaDef& userSchema();
const SchemaDef& groupSchema();
const SchemaDef& enterpriseUserSchema();
const SchemaDef& tandemUserSchema();
// Every schema above, in that order.
const std::vector<const SchemaDef*>& allSchemas();
// User, then Group.
const ResourceTypeDef& userResourceType();
const ResourceTypeDef& groupResourceType();
// The schema with this id (case-insensitive), or nullptr.
const SchemaDef* findSchema(std::string_view id);

// Splits an attribute name as written in attributes=, excludedAttributes= or a path-less PATCH
// key into its parts, recognising the schema URNs above as prefixes (their "2.0" holds a dot):
// "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value" ->
// {schema = kEnterpriseUserSchema, name = "manager", sub = "value"}; a URN alone gives an empty
// name; "name.givenName" -> {name = "name", sub = "givenName"}. An unknown URN ends at the last
// ':'. Known URNs come back in their canonical spelling, names as written. Never fails.
AttrPath parseAttributeName(std::string_view text);

// The definition an attribute path names for a resource type, or nullptr when unknown. With a
// schema URN, only that schema (which must be the type's core schema or one of its extensions);
// without, the core schema. With a sub-attribute, the sub-attribute's definition. Names compare
// case-insensitively. `path.name` may itself be dotted ("name.givenName") when `sub` is empty.
const AttributeDef* findAttribute(const ResourceTypeDef& type, const AttrPath& path);

// RFC 7643 section 7 representation of a schema, and section 6 of a resource type, with
// meta.location under `baseUrl` (e.g. "https://hr.example.com/scim/v2").
nlohmann::json schemaJson(const SchemaDef& schema, const std::string& baseUrl);
nlohmann::json resourceTypeJson(const ResourceTypeDef& type, const std::string& baseUrl);

// Applies RFC 7644 section 3.4.2.5 to a rendered resource (with "schemas", "id", "meta", core
// attributes at top level and extension attributes under their URN): with `attributes` non-empty,
// keeps only those (plus every attribute returned "always": id, schemas for the type, meta is
// "default" but kept when asked); else removes `excludedAttributes` (never an "always" one).
// Names are attribute paths (case-insensitive, optionally URN-prefixed, optionally with a
// sub-attribute). Attributes returned "never" are always removed; "request" ones only kept when
// named in `attributes`. Unknown names are ignored (RFC 7644 allows that).
void projectAttributes(nlohmann::json& resource, const ResourceTypeDef& type,
                       const std::vector<std::string>& attributes,
                       const std::vector<std::string>& excludedAttributes);

// Splits an attributes/excludedAttributes query value ("userName,name.givenName") into paths.
std::vector<std::string> splitAttributeList(std::string_view value);

}  // namespace tandem::scim
