// SCIM PATCH (RFC 7644 section 3.5.2) as identity providers really send it: the parsed request,
// and its application to one rendered resource held as JSON. Pure; thread-safe.
//
// Accepted shapes (see ../shared/design/DIRECTORY.md):
//  - "op" in any case ("Replace", "Add", "Remove", "replace");
//  - a path ("displayName", "name.givenName", "emails[type eq \"work\"].value",
//    "urn:...:enterprise:2.0:User:manager", "members[value eq \"id\"]");
//  - no path: "value" is an object whose keys are attribute paths, including Entra's dotted
//    enterprise keys ("urn:...:enterprise:2.0:User:department") and sub-attribute keys
//    ("name.givenName");
//  - booleans as the strings "True"/"False" (any case) for boolean attributes;
//  - add/replace on a filtered path that matches no element creates the element, with the
//    filter's "eq" conditions as its attributes;
//  - enterprise manager as a bare string ("id") or an object ({"value": "id"});
//  - remove of multi-valued elements by filter (members[value eq "x"]) or by a "value" list
//    (Entra's legacy form: {"op":"remove","path":"members","value":[{"value":"x"}]}).
// Application is all-or-nothing: applyPatch works on a copy and only hands it back when every
// operation succeeded.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "scim/filter.h"
#include "scim/schemas.h"

namespace tandem::scim {

// SCIM error types (RFC 7644 section 3.12), carried as Status::detail() by errors of this area.
inline constexpr const char* kInvalidFilter = "invalidFilter";
inline constexpr const char* kInvalidPath = "invalidPath";
inline constexpr const char* kInvalidValue = "invalidValue";
inline constexpr const char* kInvalidSyntax = "invalidSyntax";
inline constexpr const char* kNoTarget = "noTarget";
inline constexpr const char* kMutability = "mutability";
inline constexpr const char* kUniqueness = "uniqueness";
inline constexpr const char* kTooMany = "tooMany";

struct PatchOperation {
  enum class Op { kAdd, kRemove, kReplace };
  Op op = Op::kReplace;
  std::optional<PatchPath> path;  // nullopt: path-less
  std::string pathText;           // as sent, for messages
  nlohmann::json value;           // null when absent
};

// Parses a PatchOp body (already parsed JSON). Checks "schemas" holds the PatchOp URN and
// "Operations" is a non-empty array (at most 1000 operations) of objects with a known op; remove
// needs a path unless it carries a value (Entra's member removal). kInvalidArgument with detail
// kInvalidSyntax, kInvalidPath (bad path), kInvalidValue (add/replace without "value", path-less
// without an object value) or kNoTarget (remove with neither path nor value, RFC 7644 3.5.2.2).
core::Result<std::vector<PatchOperation>> parsePatchRequest(const nlohmann::json& body);

// Applies `ops` in order to `resource` (a rendered resource of `type`: core attributes at top
// level, extension attributes under their schema URN). On success `resource` holds the result;
// on error it is unchanged. Errors (kInvalidArgument with detail): kInvalidPath for a path naming
// no attribute of the type, kNoTarget for a remove/replace on a filtered path that matches
// nothing where the RFC demands a target, kMutability for a readOnly or immutable attribute (id,
// meta, groups), kInvalidValue for a value of the wrong type. Values are normalised: "True" ->
// true for boolean attributes, manager "x" -> {"value":"x"}, attribute names to the schema's
// spelling. Adds to a multi-valued attribute append elements not already present (by "value").
// The extension URN is added to resource["schemas"] when an extension attribute gets a value,
// and the extension (with its URN) dropped when its last attribute is removed. Decisions where
// the RFC leaves room: remove with a filter matching nothing is kNoTarget (RFC 7644 section 3.12),
// but remove of absent attributes and Entra's value-list remove of absent members succeed; a
// null value unassigns (RFC 7643 section 2.5); removing or emptying a required attribute
// (userName, Group displayName) is kInvalidValue; "primary": true on one element clears it on the
// others; readOnly sub-attributes inside a value (manager.displayName) are dropped, while a path
// naming one is kMutability; unknown sub-attributes inside a value are kInvalidPath.
core::Status applyPatch(nlohmann::json& resource, const ResourceTypeDef& type,
                        const std::vector<PatchOperation>& ops);

// Normalises a full resource sent with POST or PUT the same way (booleans, manager, attribute
// name case, dotted extension keys at top level moved under their URN). readOnly attributes
// ("id", "meta", "groups", manager.displayName) are dropped, as RFC 7644 section 3.3 says they are
// ignored; nulls and empty arrays are dropped (unassigned); "schemas" lists the core schema and
// exactly the extensions that hold a value. kInvalidValue for wrong types or a missing required
// attribute (userName, Group displayName), kInvalidPath for an unknown attribute.
core::Status normaliseResource(nlohmann::json& resource, const ResourceTypeDef& type);

}  // namespace tandem::scim
