// Status and Result for host-side code (connectors/). The plugin's tandem::core::Status lives
// behind the ABI and is not linked into hosts, so hosts carry this small equivalent: a canonical
// lower-snake code ("invalid_argument", "unavailable", ...) and a human-readable message.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace tandem::host {

// A success or an error. Thread-safety: a value type.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(std::string code, std::string message)
      : code_(std::move(code)), message_(std::move(message)) {
    assert(!code_.empty());
  }
  static Status ok() { return {}; }

  bool isOk() const { return code_.empty(); }
  // Canonical code, empty when ok.
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  std::string code_;
  std::string message_;
};

inline Status invalidArgument(std::string m) { return {"invalid_argument", std::move(m)}; }
inline Status notFound(std::string m) { return {"not_found", std::move(m)}; }
inline Status unavailable(std::string m) { return {"unavailable", std::move(m)}; }
inline Status failedPrecondition(std::string m) { return {"failed_precondition", std::move(m)}; }
inline Status internalError(std::string m) { return {"internal", std::move(m)}; }

// A value or an error Status. Accessing value() of an error is a bug (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).isOk());
  }

  bool isOk() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return isOk() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & {
    assert(isOk());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(isOk());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(isOk());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace tandem::host
