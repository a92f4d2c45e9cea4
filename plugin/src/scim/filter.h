// SCIM 2.0 filters and attribute paths (RFC 7644 section 3.4.2.2 and 3.5.2): the parsed form, the
// parsers, and evaluation against one JSON value (used for value paths such as
// emails[type eq "work"] inside a resource). Translation to SQL lives in storage/.
//
// Grammar accepted (ABNF of RFC 7644, made lenient where identity providers are known to deviate):
//   FILTER    = attrExp / logExp / valuePath / "not" *SP "(" FILTER ")" / "(" FILTER ")"
//   attrExp   = attrPath SP "pr" / attrPath SP compareOp SP compValue
//   compareOp = eq / ne / co / sw / ew / gt / lt / ge / le       (case-insensitive)
//   compValue = false / null / true / number / string              (JSON literals)
//             / bare word                                          (Entra: externalId eq 1234-ab)
//   valuePath = attrPath "[" valFilter "]"  (valFilter: a FILTER whose paths are sub-attributes)
//   attrPath  = [URI ":"] ATTRNAME *1subAttr
// "and" binds tighter than "or"; "not" needs parentheses. Keywords and attribute names are
// case-insensitive. Depth and length are bounded (kMaxFilterDepth, kMaxFilterLength).
//
// Details:
//  - Unquoted values: true/false/null (any case) are JSON literals and a token that matches the
//    JSON number grammar (12345, -1.5, 1e3) is a JSON number, both with bareValue = false; any
//    other unquoted run of characters up to a space, "(", ")", "[" or "]" is kept as a JSON string
//    with bareValue = true (Entra: externalId eq 6d2a7c3e-..., userName eq user@contoso.com).
//    Leading zeros are not JSON numbers, so "externalId eq 00123" keeps its text.
//  - Quoted strings are JSON strings: \" \\ \/ \b \f \n \r \t \uXXXX (surrogate pairs combined,
//    unpaired ones rejected), decoded to UTF-8. The whole text must be valid UTF-8.
//  - Whitespace is one or more of space, tab, CR, LF; allowed before and after the filter.
//  - gt/ge/lt/le with true, false or null are rejected (RFC 7644: 400 invalidFilter).
//  - A sub-attribute after "]" (emails[type eq "work"].value) is only accepted by parsePatchPath;
//    "[" inside "[...]" is rejected.
//  - Depth counts each "(...)", "not (...)" and "[...]" as one level.
//  - Error messages read "invalid filter at position N: expected ..., found ..." (or "invalid
//    path ..."), N being the 1-based position in characters; the Status carries the detail
//    "invalidFilter" (parseFilter) or "invalidPath" (parsePatchPath).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tandem::scim {

inline constexpr size_t kMaxFilterLength = 4096;
inline constexpr int kMaxFilterDepth = 32;

// An attribute reference: optional schema URN, attribute name, optional sub-attribute.
// "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value" ->
//   {schema = "urn:...:enterprise:2.0:User", name = "manager", sub = "value"}.
// Names keep the spelling of the request; compare them case-insensitively.
struct AttrPath {
  std::string schema;
  std::string name;
  std::string sub;

  // "schema:name.sub" as written back in error messages.
  std::string toString() const;
};

enum class CompareOp { kEq, kNe, kCo, kSw, kEw, kGt, kGe, kLt, kLe };

// One node of a filter tree. Value type (deep copies).
struct Filter {
  enum class Kind {
    kCompare,    // attr op value
    kPresent,    // attr pr
    kAnd,        // left and right
    kOr,         // left or right
    kNot,        // not (left)
    kValuePath,  // attr[left]: some element of the multi-valued attr matches left, whose paths
                 // are relative to the element (e.g. "type", "value")
  };
  Kind kind = Kind::kPresent;
  AttrPath attr;                // kCompare, kPresent, kValuePath
  CompareOp op = CompareOp::kEq;  // kCompare
  nlohmann::json value;         // kCompare: string, number, boolean or null
  bool bareValue = false;       // kCompare: the value was an unquoted word (kept as a string)
  std::shared_ptr<const Filter> left;   // kAnd, kOr, kNot, kValuePath
  std::shared_ptr<const Filter> right;  // kAnd, kOr
};

// Parses a filter. kInvalidArgument with a message naming the position and what was expected
// (the SCIM layer answers it as 400 invalidFilter). Never throws.
core::Result<Filter> parseFilter(std::string_view text);

// A PATCH path (RFC 7644 section 3.5.2): attrPath, or valuePath with an optional sub-attribute
// after the bracket: emails[type eq "work"].value -> {attr = emails, filter = type eq "work",
// subAttr = "value"}. A URN-prefixed attribute of an extension ends at the last ':' before the
// name: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department".
struct PatchPath {
  AttrPath attr;
  std::optional<Filter> filter;
  std::string subAttr;  // after "]." ; empty when none
};

// kInvalidArgument (answered as 400 invalidPath) for anything else.
core::Result<PatchPath> parsePatchPath(std::string_view text);

// Whether `element` (a JSON object: a resource, or one element of a multi-valued attribute)
// satisfies `filter`. Attribute names are looked up case-insensitively; a URN prefix is ignored
// when `element` has no such key (the caller passes the right object). String comparison is
// case-insensitive (ASCII folding) unless caseExact(attr) says otherwise; gt/ge/lt/le compare
// strings lexicographically, numbers numerically and booleans not at all (false). A missing
// attribute fails every comparison except "ne" (true) and is not present.
// Multi-valued attributes (JSON arrays): a comparison holds when any element satisfies it; a
// complex value (object) compared without a sub-attribute compares its "value" ("emails eq x");
// "emails.value eq x" looks at every element's "value". "ne" is the negation of "eq" (no value
// equals). "eq null" holds for a missing or null attribute. A string attribute compared with a
// number compares the number's JSON text ("externalId eq 12345" matches "12345"). "pr": the
// value is not null, "", [] or {}. A value path holds when some element of the array (or the
// single object) satisfies the inner filter; elements that are not objects are seen as
// {"value": element}. Inside a value path, caseExact receives the qualified path
// (emails[value eq "x"] -> {name = "emails", sub = "value"}). Never throws.
using CaseExactFn = std::function<bool(const AttrPath&)>;
bool matches(const Filter& filter, const nlohmann::json& element, const CaseExactFn& caseExact = {});

// A dateTime value (RFC 7643 section 2.3.5) in the form the store keeps timestamps: UTC, whole
// seconds, "YYYY-MM-DDTHH:MM:SSZ", so that text comparison orders it correctly.
struct UtcDateTime {
  std::string text;       // "2024-05-01T08:00:00Z"
  bool fraction = false;  // the value had nonzero fractional seconds (or was a leap second): it
                          // lies strictly after `text` and before the next second
};

// Parses an RFC 3339 date-time, "YYYY-MM-DDTHH:MM:SS[.digits](Z|+HH:MM|-HH:MM)" ('T' and 'Z' in
// either case), and converts it to UTC: "2024-05-01T10:00:00.250+02:00" ->
// {"2024-05-01T08:00:00Z", fraction = true}. A date without a time, a missing offset or an
// out-of-range field (month 13, February 30, hour 24, offset above 23:59, a year outside
// 0001-9999 once in UTC) is kInvalidArgument with detail "invalidFilter". Never throws.
core::Result<UtcDateTime> parseDateTime(std::string_view text);

// Case-insensitive ASCII equality, the rule for attribute names, operators and keywords.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

// The member of `object` whose key equals `name` ignoring case (an exact match first), or
// nullptr (also when `object` is not an object).
const nlohmann::json* findMember(const nlohmann::json& object, std::string_view name);

}  // namespace tandem::scim
