#include "ctc/http/api_routes.hpp"

#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "legacy/legacy_routes.hpp"

namespace ctc::http {

void registerRoutes(Router& router, const Services& s) {
  legacy::registerLegacyRoutes(router, s);
}

namespace {

ApiResponse methodNotAllowed(const ApiRequest& request, const MethodNotAllowed& na) {
  ApiResponse r = failure(Error{
      ErrorKind::BadRequest,
      "method " + request.method.substr(0, 16) + " is not allowed here; allowed: " + na.allowed,
      {}});
  r.status = 405;
  r.headers.emplace_back("Allow", na.allowed);
  return r;
}

ApiResponse noSuchEndpoint(const ApiRequest& request) {
  return failure(Error::notFound("no such endpoint: " + request.method.substr(0, 16) + " " +
                                 request.path.substr(0, 200)));
}

}  // namespace

/// Runs f, answering whatever it throws with a generic 500.
template <typename F>
auto neverThrowing(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return failure(Error::internal(std::string("unhandled exception: ") + e.what()));
  } catch (...) {
    return failure(Error::internal("unhandled non-standard exception"));
  }
}

ApiResponse dispatch(const Router& router, const ApiRequest& request, std::string* route) {
  return neverThrowing([&]() -> ApiResponse {
    if (request.body.size() > kMaxBodyBytes)
      return failure(Error{ErrorKind::TooLarge, "request body is larger than 1 MiB", {}});
    auto matched = router.match(request.method, request.path);
    if (auto* m = std::get_if<RouteMatch>(&matched)) {
      if (route) *route = *m->pattern;
      return (*m->handler)(request, m->params);
    }
    if (auto* na = std::get_if<MethodNotAllowed>(&matched)) return methodNotAllowed(request, *na);
    return noSuchEndpoint(request);
  });
}

std::optional<ApiResponse> dispatchHead(const Router& router, const ApiRequest& head,
                                        std::string* route) {
  return neverThrowing([&]() -> std::optional<ApiResponse> {
    auto matched = router.match(head.method, head.path);
    if (auto* m = std::get_if<RouteMatch>(&matched)) {
      if (route) *route = *m->pattern;
      return m->check ? (*m->check)(head) : std::nullopt;
    }
    if (auto* na = std::get_if<MethodNotAllowed>(&matched)) return methodNotAllowed(head, *na);
    return noSuchEndpoint(head);
  });
}

}  // namespace ctc::http
