#include "ctc/http/api_routes.hpp"

#include "codacy/codacy_routes.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "legacy/legacy_routes.hpp"
#include "veracode/veracode_routes.hpp"

namespace ctc::http {

void registerRoutes(Router& router, const Services& s) {
  legacy::registerLegacyRoutes(router, s);
  codacy::registerCodacyRoutes(router, s);
  veracode::registerVeracodeRoutes(router, s);
}

namespace {

const FailureRenderer kLegacyFailure = failure;

ApiResponse methodNotAllowed(const FailureRenderer& fail, const ApiRequest& request,
                             const MethodNotAllowed& na) {
  ApiResponse r = fail(Error{
      ErrorKind::BadRequest,
      "method " + request.method.substr(0, 16) + " is not allowed here; allowed: " + na.allowed,
      {}});
  r.status = 405;
  r.headers.emplace_back("Allow", na.allowed);
  return r;
}

ApiResponse noSuchEndpoint(const FailureRenderer& fail, const ApiRequest& request) {
  return fail(Error::notFound("no such endpoint: " + request.method.substr(0, 16) + " " +
                              request.path.substr(0, 200)));
}

/// Runs f, answering whatever it throws with a generic 500.
template <typename F>
auto neverThrowing(const FailureRenderer& fail, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return fail(Error::internal(std::string("unhandled exception: ") + e.what()));
  } catch (...) {
    return fail(Error::internal("unhandled non-standard exception"));
  }
}

}  // namespace

ApiResponse dispatch(const Router& router, const ApiRequest& request, std::string* route) {
  const FailureRenderer& fail = router.failureFor(request.path, kLegacyFailure);
  return neverThrowing(fail, [&]() -> ApiResponse {
    if (request.body.size() > kMaxBodyBytes)
      return fail(Error{ErrorKind::TooLarge, "request body is larger than 1 MiB", {}});
    auto matched = router.match(request.method, request.path);
    if (auto* m = std::get_if<RouteMatch>(&matched)) {
      if (route) *route = *m->pattern;
      return (*m->handler)(request, m->params);
    }
    if (auto* na = std::get_if<MethodNotAllowed>(&matched))
      return methodNotAllowed(fail, request, *na);
    return noSuchEndpoint(fail, request);
  });
}

std::optional<ApiResponse> dispatchHead(const Router& router, const ApiRequest& head,
                                        std::string* route) {
  const FailureRenderer& fail = router.failureFor(head.path, kLegacyFailure);
  return neverThrowing(fail, [&]() -> std::optional<ApiResponse> {
    auto matched = router.match(head.method, head.path);
    if (auto* m = std::get_if<RouteMatch>(&matched)) {
      if (route) *route = *m->pattern;
      return m->check ? (*m->check)(head) : std::nullopt;
    }
    if (auto* na = std::get_if<MethodNotAllowed>(&matched))
      return methodNotAllowed(fail, head, *na);
    return noSuchEndpoint(fail, head);
  });
}

}  // namespace ctc::http
