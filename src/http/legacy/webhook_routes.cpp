#include "../route_helpers.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/serializers.hpp"
#include "legacy_routes.hpp"
#include "project_bodies.hpp"
#include "scan_answers.hpp"

namespace ctc::http::legacy {

// The secret in the path is the credential.
void registerWebhookRoutes(Router& router, const Services& s) {
  router.add("POST", "/webhook/:secret", hooked(s, [s](const ApiRequest& r, const PathParams& p) {
               auto inputs = webhookInputs(r);
               if (!inputs) return failure(inputs.error());
               return startedResponse(s.scans.startFromWebhook(p.at(":secret"), *inputs));
             }));
  const std::string hookScan = "/webhook/:secret/scans/:scanId";
  auto hookScanStatus = [s](const ApiRequest&, const PathParams& p) {
    auto id = ids(p, {":scanId"});
    if (!id) return failure(id.error());
    return respond(s.scans.getFromWebhook(p.at(":secret"), (*id)[0]), statusAnswer);
  };
  router.add("GET", hookScan, hooked(s, hookScanStatus));
  router.add("GET", hookScan + "/status", hooked(s, hookScanStatus));
  auto hookReport = [s](const ApiRequest& r, const PathParams& p) {
    auto id = ids(p, {":scanId"});
    if (!id) return failure(id.error());
    auto wanted = reportRequestOf(r, p);
    if (!wanted) return failure(wanted.error());
    return reportResponse(s.scans.reportFromWebhook(p.at(":secret"), (*id)[0], *wanted));
  };
  router.add("GET", hookScan + "/{report|reports}", hooked(s, hookReport));
  router.add("GET", hookScan + "/{report|reports}/:format", hooked(s, hookReport));
}

}  // namespace ctc::http::legacy
