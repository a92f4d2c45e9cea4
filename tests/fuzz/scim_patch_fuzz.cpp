// libFuzzer target: SCIM PATCH bodies (scim/patch.h). The input is parsed as JSON (non-JSON inputs
// are skipped), then parsePatchRequest and, on success, applyPatch on a fixed sample user. Checks
// the contract besides crashes: errors are kInvalidArgument, a failed applyPatch leaves the
// resource unchanged, and the result serialises.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "scim/patch.h"
#include "scim/schemas.h"

namespace {

using nlohmann::json;

const json& sampleUser() {
  static const json user = json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "701984",
    "userName": "bjensen@example.com",
    "name": {"formatted": "Ms. Barbara J Jensen", "familyName": "Jensen", "givenName": "Barbara"},
    "displayName": "Babs Jensen",
    "title": "Tour Guide",
    "active": true,
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
               {"value": "babs@jensen.org", "type": "home"}],
    "phoneNumbers": [{"value": "555-555-8377", "type": "work"}],
    "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza",
                   "locality": "Hollywood", "postalCode": "91608", "country": "USA"}],
    "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z",
             "lastModified": "2011-05-13T04:42:34Z", "version": "W/\"3694e05e9dff591\""},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "701984", "costCenter": "4130", "organization": "Universal Studios",
      "division": "Theme Park", "department": "Tour Operations",
      "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
    }
  })");
  return user;
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const json body = json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;

  auto ops = tandem::scim::parsePatchRequest(body);
  if (!ops.isOk()) {
    check(ops.status().code() == tandem::core::StatusCode::kInvalidArgument);
    (void)json(ops.status().message()).dump();
    return 0;
  }
  json resource = sampleUser();
  const tandem::core::Status status =
      tandem::scim::applyPatch(resource, tandem::scim::userResourceType(), ops.value());
  if (!status.isOk()) {
    check(status.code() == tandem::core::StatusCode::kInvalidArgument);
    check(resource == sampleUser());  // all-or-nothing
    (void)json(status.message()).dump();
    return 0;
  }
  check(resource.is_object());
  (void)resource.dump();  // throws (and so crashes) on invalid UTF-8
  return 0;
}
