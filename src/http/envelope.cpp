#include "ctc/http/envelope.hpp"

#include <spdlog/spdlog.h>

namespace ctc::http {

std::string dumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int httpStatus(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::BadRequest:
      return 400;
    case ErrorKind::Unauthorized:
      return 401;
    case ErrorKind::Forbidden:
      return 403;
    case ErrorKind::NotFound:
      return 404;
    case ErrorKind::Conflict:
      return 409;
    case ErrorKind::TooLarge:
      return 413;
    case ErrorKind::RateLimited:
      return 429;
    case ErrorKind::Unavailable:
      return 503;
    case ErrorKind::Internal:
      return 500;
  }
  return 500;
}

ApiResponse jsonResponse(const nlohmann::json& body, int status) {
  ApiResponse r;
  r.status = status;
  r.body = dumpJson(body);
  return r;
}

ApiResponse emptyResponse(int status) {
  ApiResponse r;
  r.status = status;
  r.contentType.clear();
  return r;
}

ApiResponse success(nlohmann::json data, int status, const std::string& message) {
  ApiResponse r;
  r.status = status;
  nlohmann::json envelope(nlohmann::json::value_t::object);
  envelope["success"] = true;
  envelope["data"] = std::move(data);  // moved, not copied: status polls are the hot path
  envelope["message"] = message;
  r.body = dumpJson(envelope);
  return r;
}

std::string publicMessage(const Error& error) {
  if (error.kind != ErrorKind::Internal) return error.message;
  spdlog::error("internal error: {}", error.message);
  return "internal server error; the details are in the server log";
}

ApiResponse failure(const Error& error) {
  ApiResponse r;
  r.status = httpStatus(error.kind);
  std::string message = publicMessage(error);
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [field, reasons] : error.fields) errors[field] = reasons;
  r.body = dumpJson({{"success", false}, {"message", message}, {"errors", errors}});
  if (error.kind == ErrorKind::Unauthorized) r.headers.emplace_back("WWW-Authenticate", "API_KEY");
  return r;
}

}  // namespace ctc::http
