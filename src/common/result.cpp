#include "common/result.hpp"

namespace ariadne {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input: return "invalid_input";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::internal: return "internal";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::integrity: return "integrity";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::length_required: return "length_required";
  }
  return "internal";
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input: return 400;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::too_large: return 413;
    case ErrorCode::unsupported: return 415;
    case ErrorCode::length_required: return 411;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::integrity:
    case ErrorCode::internal: return 500;
  }
  return 500;
}

int exit_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input:
    case ErrorCode::too_large:
    case ErrorCode::unsupported:
    case ErrorCode::length_required:
    case ErrorCode::conflict:
    case ErrorCode::not_found: return 2;
    default: return 1;
  }
}

Error Error::invalid(std::string field, std::string reason) {
  std::string message = field.empty() ? reason : field + ": " + reason;
  return Error{ErrorCode::invalid_input, std::move(message), {{std::move(field), std::move(reason)}}};
}

Error Error::invalid_fields(std::vector<FieldError> fields) {
  std::string message;
  for (const auto& f : fields) {
    if (!message.empty()) message += "; ";
    message += f.field.empty() ? f.reason : f.field + ": " + f.reason;
  }
  return Error{ErrorCode::invalid_input, std::move(message), std::move(fields)};
}

Error Error::not_found(std::string what) {
  return Error{ErrorCode::not_found, std::move(what) + " not found", {}};
}
Error Error::forbidden(std::string why) {
  return Error{ErrorCode::forbidden, std::move(why), {}};
}
Error Error::conflict(std::string why) {
  return Error{ErrorCode::conflict, std::move(why), {}};
}
Error Error::internal(std::string why) {
  return Error{ErrorCode::internal, std::move(why), {}};
}

}  // namespace ariadne
