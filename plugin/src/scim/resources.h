// The SCIM view of Tandem's people and groups: rendering stored records as SCIM resources, and
// reading a (normalised) User resource back into the columns Tandem matches on. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "scim/scim_repository.h"

namespace tandem::scim {

// The full representation of a person (before attributes/excludedAttributes), with meta
// (location under baseUrl, e.g. "http://127.0.0.1:8080/scim/v2", and version). Columns are
// authoritative; attributes Tandem does not map come from the provider's stored document.
nlohmann::json renderUser(const UserRecord& record, const std::string& baseUrl);

// A group, with its members when withMembers (record.members must then be read).
nlohmann::json renderGroup(const GroupRecord& record, const std::string& baseUrl,
                           bool withMembers);

// The version (ETag) of a user: W/"<16 hex digits>", a hash of every stored value the
// representation is made of (mapped columns, the manager, the provider's document) except meta and
// groups, so any change of a mapped or stored attribute changes it. Computed from the record, not
// by serialising the rendered JSON (a page of 100 people would pay for it twice).
std::string userVersion(const UserRecord& record);
// The version of a group: W/"<row version>".
std::string groupVersion(int64_t version);

// Fills record.employee's SCIM-mapped columns, record.scimExternalId and record.document from a
// normalised User resource (see normaliseResource). Keeps record.employee.id and externalId.
// kInvalidArgument with detail "invalidValue" naming the attribute for a missing userName, a level
// outside 0-100, a hireDate that is not YYYY-MM-DD, an unknown hireDateConfidence. The stored
// document never holds a password, id, meta or groups.
core::Status userFromResource(const nlohmann::json& resource, UserRecord& record);

// A fresh resource id: a random UUID (version 4), lower case.
std::string newResourceId();

}  // namespace tandem::scim
