#include "ctc/http/ops_routes.hpp"

#include <sodium.h>
#include <strings.h>

#include "ctc/http/envelope.hpp"
#include "ctc/ops/metrics.hpp"

namespace ctc::http {
namespace {

bool bearerMatches(const ApiRequest& r, const std::string& token) {
  auto header = r.header("Authorization").value_or("");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() != kScheme.size() + token.size() ||
      strncasecmp(header.data(), kScheme.data(), kScheme.size()) != 0)
    return false;
  return sodium_memcmp(header.data() + kScheme.size(), token.data(), token.size()) == 0;
}

}  // namespace

void registerOpsRoutes(Router& router, OpsEndpoints ops) {
  router.add("GET", "/healthz", [](const ApiRequest&, const PathParams&) {
    return success({{"status", "ok"}});
  });
  router.add("GET", "/readyz", [ready = ops.readiness](const ApiRequest&, const PathParams&) {
    if (auto status = ready(); !status) return failure(status.error());
    return success({{"status", "ready"}});
  });
  router.add("GET", "/metrics",
             [render = ops.renderMetrics, token = ops.metricsToken](const ApiRequest& r,
                                                                    const PathParams&) {
               if (!token.empty() && !bearerMatches(r, token)) {
                 ApiResponse refused =
                     failure(Error{ErrorKind::Unauthorized,
                                   "send the metrics token as 'Authorization: Bearer <token>'",
                                   {}});
                 refused.headers = {{"WWW-Authenticate", "Bearer realm=\"metrics\""}};
                 return refused;
               }
               ApiResponse r200;
               r200.contentType = ops::MetricsRegistry::kContentType;
               r200.body = render();
               return r200;
             });
}

}  // namespace ctc::http
