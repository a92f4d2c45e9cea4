// Import of employees from a file: CSV (RFC 4180) or a SCIM 2.0 ListResponse of User resources.
// Parsing is pure; applying writes through the directory ports.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "directory/employee.h"
#include "directory/employee_repository.h"

namespace tandem::directory {

// One accepted record of a file.
struct ImportRow {
  int row = 0;        // CSV: the line on which the record starts (the header is line 1);
                      // SCIM: index in Resources + 1
  Employee employee;  // source and ids left empty; applyImport sets the source
  std::vector<std::string> groups;  // direct group names
};

// A record left out, and why. `reason` names the offending field.
struct RejectedRow {
  int row = 0;
  std::string externalId;  // empty when the record has none
  std::string reason;
};

struct ParsedImport {
  std::string format;  // "csv" or "scim"
  std::vector<ImportRow> rows;
  std::vector<RejectedRow> rejected;
};

// Parses an employee file held in memory. formatHint is "auto" (a first non-blank character '{'
// means SCIM, anything else CSV), "csv" or "scim".
//
// Errors: kInvalidArgument for an unknown hint or a malformed file: not UTF-8, an unterminated
// quote, a missing header or required column, invalid JSON, not a SCIM ListResponse. The message
// names the line (CSV) or byte offset (JSON). A record with bad values is not an error: it goes to
// `rejected` with a reason.
//
// CSV: header row required, names case-insensitive ("user_name" = "userName"), unknown columns
// ignored, comma separator (semicolon or tab detected from the header), UTF-8 BOM stripped, CRLF or
// LF, blank lines skipped, values trimmed. Columns: id (or external_id/externalId, required),
// userName (required), displayName (or givenName + familyName), givenName, familyName, email,
// department, title, level (0..100), hireDate (YYYY-MM-DD), hireDateConfidence, location,
// timeZone, locale, employeeType, languages (';'-separated), manager (the manager's id), active,
// groups (';'-separated).
core::Result<ParsedImport> parseEmployeeFile(std::string_view content, std::string_view formatHint);

// What an import did. Serialised as the result of the "import" job (docs/api.md, "Jobs").
struct ImportReport {
  std::string format;
  int64_t added = 0;
  int64_t updated = 0;  // attributes or group memberships changed
  int64_t unchanged = 0;
  std::vector<RejectedRow> rejected;  // parse and apply rejections, ordered by row
  int64_t unresolvedManagers = 0;     // manager references that match no employee (whole store)

  // {"format","added","updated","unchanged","rejected":[{"row","externalId","reason"}],
  //  "unresolvedManagers"}
  nlohmann::json toJson() const;
};

// Writes parsed rows through the ports; the caller wraps the call in one transaction. Each row is
// upserted with `source` (one of the sources employees.source accepts) and given its groups. A row
// whose externalId appeared earlier in the file, or whose upsert fails with kAlreadyExists
// (userName held by another record) or kInvalidArgument, is rejected and the import goes on. Then
// manager references are resolved.
//
// Errors: any other repository error, returned as is; the caller's transaction then rolls back.
core::Result<ImportReport> applyImport(const ParsedImport& parsed, EmployeeRepository& employees,
                                       GroupRepository& groups, const std::string& source);

}  // namespace tandem::directory
