#pragma once
/// One route table. Patterns are "/teams/:teamId/{projects|targets}/:projectId": ":name"
/// captures a segment (percent-decoded), "{a|b}" matches either literal. A leading "/api/v1" on
/// the request path is optional, repeated and trailing slashes are ignored. Routes are added
/// before serving starts and only read afterwards, so matching is thread-safe.
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ctc/http/api_types.hpp"
#include "ctc/util/result.hpp"

namespace ctc::http {

using Handler = std::function<ApiResponse(const ApiRequest&, const PathParams&)>;
/// What a route can decide from the request head alone (method, path, query, headers): an
/// answer that makes its body unnecessary, e.g. 401. Lets the server refuse a request that
/// sent `Expect: 100-continue` before the client sends the body.
using HeadCheck = std::function<std::optional<ApiResponse>(const ApiRequest&)>;

/// How a surface renders an error (its own envelope and status mapping).
using FailureRenderer = std::function<ApiResponse(const Error&)>;

/// A handler with its head check.
struct GuardedHandler {
  Handler handler;
  HeadCheck check;
};

struct RouteMatch {
  const Handler* handler = nullptr;
  const HeadCheck* check = nullptr;      ///< null when the route has none
  const std::string* pattern = nullptr;  ///< the route template, for metrics and logs
  PathParams params;
};
struct NoRoute {};
struct MethodNotAllowed {
  std::string allowed;  ///< "GET, POST"
};

class Router {
 public:
  void add(std::string method, const std::string& pattern, Handler handler);
  void add(std::string method, const std::string& pattern, GuardedHandler guarded);
  std::variant<RouteMatch, NoRoute, MethodNotAllowed> match(const std::string& method,
                                                            const std::string& path) const;
  /// Paths under `prefix` ("/api/v3/") belong to another API surface: its unknown routes,
  /// wrong methods and crashes are rendered by `failure` instead of the default.
  void addSurface(std::string prefix, FailureRenderer failure);
  /// The renderer of the surface `path` belongs to; `fallback` when none.
  const FailureRenderer& failureFor(const std::string& path, const FailureRenderer& fallback) const;

 private:
  struct Segment {
    std::string capture;                ///< parameter name, or empty for a literal
    std::vector<std::string> literals;  ///< accepted spellings
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    HeadCheck check;
  };
  std::vector<Route> routes_;
  std::vector<std::pair<std::string, FailureRenderer>> surfaces_;
};

/// Splits a request path into decoded segments, dropping empty ones and an "/api/v1" prefix.
/// nullopt if a segment has a malformed percent escape.
std::optional<std::vector<std::string>> pathSegments(const std::string& path);

}  // namespace ctc::http
