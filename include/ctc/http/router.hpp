#pragma once
/// One route table. Patterns are "/teams/:teamId/{projects|targets}/:projectId": ":name"
/// captures a segment (percent-decoded), "{a|b}" matches either literal. A leading "/api/v1" on
/// the request path is optional, repeated and trailing slashes are ignored. Routes are added
/// before serving starts and only read afterwards, so matching is thread-safe.
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "ctc/http/api_types.hpp"

namespace ctc::http {

using Handler = std::function<ApiResponse(const ApiRequest&, const PathParams&)>;

struct RouteMatch {
  const Handler* handler = nullptr;
  PathParams params;
};
struct NoRoute {};
struct MethodNotAllowed {
  std::string allowed;  ///< "GET, POST"
};

class Router {
 public:
  void add(std::string method, const std::string& pattern, Handler handler);
  std::variant<RouteMatch, NoRoute, MethodNotAllowed> match(const std::string& method,
                                                            const std::string& path) const;

 private:
  struct Segment {
    std::string capture;                ///< parameter name, or empty for a literal
    std::vector<std::string> literals;  ///< accepted spellings
  };
  struct Route {
    std::string method;
    std::vector<Segment> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

/// Splits a request path into decoded segments, dropping empty ones and an "/api/v1" prefix.
/// nullopt if a segment has a malformed percent escape.
std::optional<std::vector<std::string>> pathSegments(const std::string& path);

}  // namespace ctc::http
