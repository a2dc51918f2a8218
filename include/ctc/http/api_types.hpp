#pragma once
/// The HTTP layer's own request/response model: plain data, so routing, parsing and error
/// mapping are testable without a socket. The Pistache adapter converts to and from it.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ctc::http {

struct ApiRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< raw path, not decoded
  std::string target;  ///< the request-target as sent: raw path and "?query" (signatures)
  std::vector<std::pair<std::string, std::string>> query;  ///< decoded, in arrival order
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// First header with this name, any case.
  std::optional<std::string> header(std::string_view name) const;
  /// First query parameter with this name, any case.
  std::optional<std::string> queryParam(std::string_view name) const;
};

struct ApiResponse {
  int status = 200;
  std::string contentType = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers
};

using PathParams = std::map<std::string, std::string>;

}  // namespace ctc::http
