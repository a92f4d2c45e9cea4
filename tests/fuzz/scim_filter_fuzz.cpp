// libFuzzer target: SCIM filters and PATCH paths (scim/filter.h). Besides crashes and sanitizer
// reports it checks the contract: errors are kInvalidArgument with the right detail and a message
// that is valid UTF-8; a parsed tree is well-formed and its values serialise; matches() never
// throws.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "scim/filter.h"

namespace {

using nlohmann::json;
using tandem::scim::AttrPath;
using tandem::scim::Filter;

const json& sampleUser() {
  static const json user = json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "12345",
    "userName": "bjensen@example.com",
    "name": {"familyName": "Jensen", "givenName": "Barbara"},
    "displayName": "Babs Jensen",
    "nickName": null,
    "title": "",
    "active": true,
    "loginCount": 42,
    "score": -1.5e3,
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
               {"value": "babs@jensen.org", "type": "home"}, "odd", 7, null, []],
    "phoneNumbers": [],
    "meta": {"lastModified": "2011-05-13T04:42:34Z"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "701984",
      "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
    }
  })");
  return user;
}

void check(bool ok) {
  if (!ok) std::abort();
}

void checkError(const tandem::core::Status& status, std::string_view detail) {
  check(status.code() == tandem::core::StatusCode::kInvalidArgument);
  check(status.errorCode() == detail);
  check(!status.message().empty());
  (void)json(status.message()).dump();  // throws (and so crashes) on invalid UTF-8
}

void checkPath(const AttrPath& path) {
  check(!path.name.empty());
  (void)json(path.toString()).dump();
}

void checkTree(const Filter& f) {
  switch (f.kind) {
    case Filter::Kind::kCompare:
      checkPath(f.attr);
      check(f.value.is_string() || f.value.is_number() || f.value.is_boolean() ||
            f.value.is_null());
      check(!f.bareValue || f.value.is_string());
      (void)f.value.dump();
      check(!f.left && !f.right);
      break;
    case Filter::Kind::kPresent:
      checkPath(f.attr);
      check(!f.left && !f.right);
      break;
    case Filter::Kind::kAnd:
    case Filter::Kind::kOr:
      check(f.left && f.right);
      checkTree(*f.left);
      checkTree(*f.right);
      break;
    case Filter::Kind::kNot:
    case Filter::Kind::kValuePath:
      check(f.left && !f.right);
      if (f.kind == Filter::Kind::kValuePath) checkPath(f.attr);
      checkTree(*f.left);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto filter = tandem::scim::parseFilter(text);
  if (filter.isOk()) {
    checkTree(filter.value());
    (void)tandem::scim::matches(filter.value(), sampleUser());
    (void)tandem::scim::matches(filter.value(), sampleUser(),
                                [](const AttrPath& p) { return p.name.size() % 2 == 0; });
    (void)tandem::scim::matches(filter.value(), sampleUser()["emails"]);
  } else {
    checkError(filter.status(), "invalidFilter");
  }

  auto path = tandem::scim::parsePatchPath(text);
  if (path.isOk()) {
    checkPath(path->attr);
    if (path->filter) checkTree(*path->filter);
    check(path->subAttr.empty() || path->filter.has_value());
  } else {
    checkError(path.status(), "invalidPath");
  }
  return 0;
}
