#pragma once
/// An API description read from an OpenAPI 2.0 or 3.x document (JSON or YAML) or from an HTTP
/// Archive: the servers it names and the operations a scan sends, each with the parameters and
/// body it needs, filled with values the server should accept.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/scanner/fetch/http_types.hpp"
#include "ctc/util/result.hpp"

namespace ctc::scanner {

enum class SpecType { OpenApi2, OpenApi3, Har };

/// "openapi2", "openapi3", "har".
std::string_view toString(SpecType type);

struct SpecParameter {
  std::string name;
  std::string location;  ///< "path", "query", "header", "cookie" or "form"
  nlohmann::json value;  ///< what the request sends (example, default, enum or synthesised)
  std::string type;      ///< the schema's type ("string", "integer", ...; "" when untyped)
};

struct SpecOperation {
  std::string method;       ///< upper case
  std::string path;         ///< template relative to the server: "/users/{username}"
  std::string operationId;  ///< may be empty
  std::vector<SpecParameter> parameters;
  std::string bodyType;         ///< "application/json", "application/x-www-form-urlencoded" or ""
  nlohmann::json body;          ///< the JSON document (bodyType json); form fields are parameters
  bool needsAuth = false;       ///< the description declares a security requirement
  std::vector<Header> headers;  ///< HAR only: recorded headers replayed as they were
  std::string recordedPath;     ///< HAR only: the path as it was recorded

  /// "GET /users/{username}" (a HAR's: "GET /users/alice"): how a finding names it.
  std::string label() const { return method + " " + (recordedPath.empty() ? path : recordedPath); }
};

struct ApiSpec {
  SpecType type = SpecType::OpenApi3;
  std::string title;
  std::vector<std::string> servers;  ///< absolute http(s) URLs without a trailing '/'
  std::vector<SpecOperation> operations;
};

struct SpecLimits {
  std::size_t maxBytes = 8 * 1024 * 1024;
  std::size_t maxOperations = 20000;
};

/// Reads and validates a description. `projectUrl` resolves relative or missing servers (and,
/// for a HAR, is the only origin whose requests are kept). Errors are BadRequest and say what is
/// wrong and where ("line 3, column 7" or a JSON pointer); a document over maxBytes is TooLarge.
/// Never throws.
Result<ApiSpec> parseApiSpec(std::string_view text, const std::string& projectUrl,
                             const SpecLimits& limits = {});

}  // namespace ctc::scanner
