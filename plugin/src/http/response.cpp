#include "http/response.h"

#include "core/json_text.h"

namespace tandem::http {

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = core::jsonText(body);
  return r;
}

Response Response::error(const core::Status& status) {
  return json(httpStatusFor(status),
              {{"error", {{"code", status.errorCode()}, {"message", status.message()}}}});
}

Response Response::noContent() {
  Response r;
  r.status = 204;
  return r;
}

int httpStatusFor(const core::Status& status) {
  using core::StatusCode;
  if (status.errorCode() == "payload_too_large") return 413;
  if (status.errorCode() == "method_not_allowed") return 405;
  if (status.errorCode() == "precondition_failed") return 412;
  if (status.errorCode() == "unsupported_media_type") return 415;
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

}  // namespace tandem::http
