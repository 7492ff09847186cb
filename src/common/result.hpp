// Result<T>: the one way Ariadne's modules report failure across a boundary.
// An Error carries an append-only code, a message for people, and optional
// field-level reasons; HTTP statuses and CLI exit codes derive from the code.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ariadne {

// Append-only: never renumber, only add at the end.
enum class ErrorCode {
  invalid_input = 1,     // malformed or failing validation (400, exit 2)
  unauthenticated = 2,   // no or bad credentials (401)
  forbidden = 3,         // role may not act (403)
  not_found = 4,         // absent or invisible to the caller (404)
  conflict = 5,          // duplicate or state clash (409)
  too_large = 6,         // body or batch over its limit (413)
  rate_limited = 7,      // too many attempts (429)
  internal = 8,          // a bug or an unexpected store failure (500)
  unavailable = 9,       // store busy or shutting down (503)
  integrity = 10,        // a tampered or broken audit chain (exit 1)
  unsupported = 11,      // media type or format not supported (415)
  length_required = 12,  // a body without Content-Length (411)
};

const char* error_code_name(ErrorCode code);
int http_status(ErrorCode code);
int exit_code(ErrorCode code);

struct FieldError {
  std::string field;
  std::string reason;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::vector<FieldError> fields;
  std::int64_t retry_after_s = 0;  // rate_limited: seconds before another attempt may succeed (HTTP Retry-After)

  static Error invalid(std::string field, std::string reason);
  static Error invalid_fields(std::vector<FieldError> fields);
  static Error not_found(std::string what);
  static Error forbidden(std::string why);
  static Error conflict(std::string why);
  static Error internal(std::string why);
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  // By value, so `for (auto& x : f().value())` never binds to a dead temporary.
  T value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& take_error() {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(failed_);
    return error_;
  }
  Error&& take_error() {
    assert(failed_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace ariadne

// Propagate a failed Result from the enclosing function.
#define ARIADNE_TRY(expr)                                              \
  do {                                                                 \
    auto ariadne_try_result_ = (expr);                                 \
    if (!ariadne_try_result_) return ariadne_try_result_.take_error(); \
  } while (0)

#define ARIADNE_CONCAT_INNER(a, b) a##b
#define ARIADNE_CONCAT(a, b) ARIADNE_CONCAT_INNER(a, b)
// NOLINTBEGIN(bugprone-macro-parentheses): tmp is a name and lhs a declaration.
#define ARIADNE_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                        \
  if (!tmp) return tmp.take_error();        \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

// Evaluate expr (a Result<T>); on failure return its error, else bind the value.
#define ARIADNE_ASSIGN(lhs, expr) ARIADNE_ASSIGN_IMPL(ARIADNE_CONCAT(ariadne_assign_, __LINE__), lhs, expr)
