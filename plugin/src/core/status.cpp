#include "core/status.h"

namespace tandem::core {

std::string_view statusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kDeadlineExceeded: return "deadline_exceeded";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
    case StatusCode::kInternal: return "internal";
  }
  return "unknown";
}

Status statusFromCode(std::string_view code, std::string message) {
  for (int i = static_cast<int>(StatusCode::kInvalidArgument);
       i <= static_cast<int>(StatusCode::kInternal); ++i) {
    const auto c = static_cast<StatusCode>(i);
    if (statusCodeName(c) == code) return {c, std::move(message)};
  }
  if (code == "cancelled") return Status(StatusCode::kFailedPrecondition, std::move(message)).withDetail("cancelled");
  if (code == "version") return Status(StatusCode::kFailedPrecondition, std::move(message)).withDetail("version");
  // An application code such as "module_disabled": kept as the detail of a failed precondition.
  return Status(StatusCode::kFailedPrecondition, std::move(message)).withDetail(std::string(code));
}

std::string Status::toString() const {
  if (isOk()) return "ok";
  return errorCode() + ": " + message_;
}

}  // namespace tandem::core
