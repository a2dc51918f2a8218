#include "../route_helpers.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/serializers.hpp"
#include "legacy_routes.hpp"
#include "project_bodies.hpp"

namespace ctc::http::legacy {

using nlohmann::json;
using service::Principal;

void registerTeamRoutes(Router& router, const Services& s) {
  router.add("GET", "/", [](const ApiRequest&, const PathParams&) {
    return success({{"service", "crashtest-compat"}, {"version", CTC_VERSION}});
  });
  router.add("GET", "/health", [](const ApiRequest&, const PathParams&) {
    return success({{"status", "ok"}});
  });

  router.add("GET", "/teams", authed(s, [s](const Principal& who, auto&, auto&) {
               return respond(s.targets.listTeams(who), [](const auto& teams) {
                 json out = json::array();
                 for (const auto& t : teams) out.push_back(toJson(t));
                 return success(out);
               });
             }));
  router.add("GET", "/teams/:teamId",
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId"});
               if (!id) return failure(id.error());
               return respond(s.targets.getTeam(who, (*id)[0]),
                              [](const auto& t) { return success(toJson(t)); });
             }));

  router.add("GET", kProjectsPath, authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId"});
               if (!id) return failure(id.error());
               return respond(s.targets.list(who, (*id)[0]), [](const auto& targets) {
                 json out = json::array();
                 for (const auto& t : targets) out.push_back(toJson(t));
                 return success(out);
               });
             }));
  router.add("POST", kProjectsPath,
             authed(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = ids(p, {":teamId"});
               if (!id) return failure(id.error());
               auto in = targetInput(r);
               if (!in) return failure(in.error());
               return respond(s.targets.create(who, (*id)[0], *in), [](const Target& t) {
                 return success(toJson(t), 201, "project created");
               });
             }));
  router.add("GET", kProjectPath, authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.targets.get(who, (*id)[0], (*id)[1]),
                              [](const Target& t) { return success(toJson(t)); });
             }));
  // Updates the scan settings. POST, not PATCH: the vendor's API used only GET, POST, DELETE.
  router.add("POST", kProjectPath,
             authed(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               auto patch = targetUpdate(r);
               if (!patch) return failure(patch.error());
               const char* what =
                   patch->authentication ? "project updated" : "scan settings updated";
               return respond(s.targets.update(who, (*id)[0], (*id)[1], *patch),
                              [what](const Target& t) { return success(toJson(t), 200, what); });
             }));
  router.add("DELETE", kProjectPath,
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               auto removed = s.targets.remove(who, (*id)[0], (*id)[1]);
               if (!removed) return failure(removed.error());
               return success({{"id", (*id)[1]}, {"deleted", true}}, 200, "project deleted");
             }));
  router.add("POST", kProjectPath + "/webhook",
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.targets.createWebhook(who, (*id)[0], (*id)[1]),
                              [](const std::string& secret) {
                                return success({{"secret", secret}}, 201,
                                               "webhook secret created; it is shown only once");
                              });
             }));
  router.add("DELETE", kProjectPath + "/webhook",
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.targets.revokeWebhooks(who, (*id)[0], (*id)[1]), [](int n) {
                 return success({{"revoked", n}}, 200, "webhook secrets revoked");
               });
             }));
}

}  // namespace ctc::http::legacy
