// Helpers shared by the handlers: JSON bodies, the caller's employee record, paging, JSON views.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "directory/employee.h"
#include "http/route.h"
#include "mentoring/participant.h"
#include "mentoring/program.h"
#include "mentoring/skill.h"

namespace tandem::http {

// Parses the body as a JSON object: 400 invalid_json when it is not.
core::Result<nlohmann::json> jsonBody(const Request& request);

// The employee record of the caller (identity.userId): 403 when the account is unknown or inactive.
core::Result<directory::Employee> currentEmployee(RouteContext& ctx);

// Whether HR has the module switched on company-wide.
core::Result<bool> moduleEnabled(storage::StoreSession& store);

// Reads an integer path parameter: 404 when it is not a positive integer.
core::Result<int64_t> idParam(const Request& request, const std::string& name);

// Reads an integer query parameter within [min, max], or the default when absent; 400 otherwise.
core::Result<int> intQuery(const Request& request, const std::string& name, int fallback, int min,
                           int max);

// Typed field readers for request bodies; 400 naming the field when the type is wrong.
core::Result<std::string> stringField(const nlohmann::json& body, const std::string& key,
                                      bool required, const std::string& fallback = "");
core::Result<int> intField(const nlohmann::json& body, const std::string& key, int fallback);
core::Result<bool> boolField(const nlohmann::json& body, const std::string& key, bool fallback);
// A required positive integer id; 400 "<key>: must be a positive integer id" otherwise.
core::Result<int64_t> idField(const nlohmann::json& body, const std::string& key);
// A free-text field of at most maxBytes bytes (notes, reasons); "" when absent and not required.
core::Result<std::string> textField(const nlohmann::json& body, const std::string& key,
                                    bool required, size_t maxBytes);

nlohmann::json employeeJson(const directory::Employee& e);
nlohmann::json skillJson(const mentoring::Skill& s, const std::string& locale);
nlohmann::json participantJson(const mentoring::Participant& p);
nlohmann::json participantSkillsJson(const mentoring::Participant& p);
nlohmann::json programJson(const mentoring::Program& p);

// Parses [{"skillId","direction","level"}]; 400 naming the item on a bad shape.
core::Result<std::vector<mentoring::ParticipantSkill>> parseParticipantSkills(
    const nlohmann::json& items);

// Runs fn in a transaction and maps its Status or the Response it produced. fn fills `out`.
Response inTransaction(storage::StoreSession& store,
                       const std::function<core::Status(Response& out)>& fn);

}  // namespace tandem::http
