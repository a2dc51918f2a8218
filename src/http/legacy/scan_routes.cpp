#include "../route_helpers.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/serializers.hpp"
#include "legacy_routes.hpp"
#include "scan_answers.hpp"

namespace ctc::http::legacy {

using nlohmann::json;
using service::Principal;

void registerScanRoutes(Router& router, const Services& s) {
  router.add("POST", kProjectPath + "/scans",
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return startedResponse(s.scans.start(who, (*id)[0], (*id)[1]));
             }));
  router.add("GET", kProjectPath + "/scans",
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.scans.list(who, (*id)[0], (*id)[1]), [](const auto& scans) {
                 json out = json::array();
                 for (const auto& scan : scans) out.push_back(toJson(scan));
                 return success(out);
               });
             }));

  // Scan routes, both flat (/teams/t/scans/s) and nested under the project.
  for (const std::string& scan :
       {std::string("/teams/:teamId/scans/:scanId"), kProjectPath + "/scans/:scanId"}) {
    router.add("GET", scan, authed(s, [s](const Principal& who, auto&, const PathParams& p) {
                 auto id = scanIds(p);
                 if (!id) return failure(id.error());
                 return respond(s.scans.get(who, (*id)[0], (*id)[1], optionalProject(p)),
                                [](const Scan& sc) { return success(toJson(sc)); });
               }));
    router.add(
        "GET", scan + "/status", authed(s, [s](const Principal& who, auto&, const PathParams& p) {
          auto id = scanIds(p);
          if (!id) return failure(id.error());
          return respond(s.scans.get(who, (*id)[0], (*id)[1], optionalProject(p)), statusAnswer);
        }));
    auto stop = authed(s, [s](const Principal& who, auto&, const PathParams& p) {
      auto id = scanIds(p);
      if (!id) return failure(id.error());
      return respond(s.scans.stop(who, (*id)[0], (*id)[1], optionalProject(p)), [](const Scan& sc) {
        return success({{"scanId", sc.id}, {"status", statusJson(sc)}}, 200, "scan stopped");
      });
    });
    router.add("POST", scan + "/stop", stop);
    router.add("DELETE", scan, stop);
    auto report = authed(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
      auto id = scanIds(p);
      if (!id) return failure(id.error());
      auto wanted = reportRequestOf(r, p);
      if (!wanted) return failure(wanted.error());
      return reportResponse(s.scans.report(who, (*id)[0], (*id)[1], *wanted, optionalProject(p)));
    });
    router.add("GET", scan + "/{report|reports}", report);
    router.add("GET", scan + "/{report|reports}/:format", report);
  }
}

}  // namespace ctc::http::legacy
