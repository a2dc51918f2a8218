#include "codacy_routes.hpp"

#include <strings.h>

#include <set>

#include "../route_helpers.hpp"
#include "codacy_json.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "ctc/service/authentication.hpp"
#include "ctc/util/clock.hpp"

namespace ctc::http::codacy {
namespace {

using nlohmann::json;
using service::Principal;

const std::string kBase = "/api/v3/organizations/:provider/:organization";

/// The key's team named by the path; 400 for a provider Codacy does not have.
Result<int64_t> teamOf(const Services& s, const Principal& who, const PathParams& p) {
  static const std::set<std::string> providers{"gh", "ghe", "gl", "gle", "bb", "bbe"};
  if (!providers.count(p.at(":provider")))
    return Error::field("provider", "must be one of gh, ghe, gl, gle, bb, bbe");
  auto teams = s.targets.listTeams(who);
  if (!teams) return teams.error();
  const std::string& name = p.at(":organization");
  const storage::TeamMembership* caseless = nullptr;
  for (const auto& m : *teams) {
    if (m.team.name == name) return m.team.id;
    if (!caseless && strcasecmp(m.team.name.c_str(), name.c_str()) == 0) caseless = &m;
  }
  if (caseless) return caseless->team.id;
  return Error::notFound("organization '" + name.substr(0, 100) +
                         "' is not one of this API token's teams");
}

using TeamHandler = std::function<ApiResponse(const Principal&, int64_t teamId, const ApiRequest&,
                                              const PathParams&)>;

/// `api-token` authentication, then the organization's team.
GuardedHandler inTeam(const Services& s, TeamHandler f) {
  return authed(
      s,
      [s, f = std::move(f)](const Principal& who, const ApiRequest& r, const PathParams& p) {
        auto team = teamOf(s, who, p);
        if (!team) return codacyFailure(team.error());
        return f(who, *team, r, p);
      },
      [](const ApiRequest& r) { return r.header("api-token"); },
      [](const Error& e) {
        if (e.kind != ErrorKind::Unauthorized) return codacyFailure(e);
        return codacyFailure(
            Error::unauthorized("send one of this server's API keys in the 'api-token' header"));
      });
}

Result<int64_t> targetIdOf(const PathParams& p) {
  auto id = parseId(p.at(":targetId"), "dastTargetId");
  if (!id) return id.error();
  return *id;
}

/// {"url", "targetType", "apiDefinitionUrl", "apiAuthHeaders"} as a target to create.
Result<service::TargetInput> targetInput(const ApiRequest& r) {
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  service::TargetInput in;
  auto url = stringField(*body, "url");
  if (!url) return url.error();
  if (url->empty()) return Error::field("url", "is required");
  in.url = in.title = *url;
  auto type = stringField(*body, "targetType", "webapp");
  if (!type) return type.error();
  auto definition = stringField(*body, "apiDefinitionUrl");
  if (!definition) return definition.error();
  if (*type == "openapi") {
    if (definition->empty())
      return Error::field("apiDefinitionUrl", "is required for OpenAPI targets");
    in.type = "api";
    in.swaggerUrl = *definition;
  } else if (*type == "graphql") {
    return Error::field("targetType",
                        "graphql targets are not supported by this server; use webapp or openapi");
  } else if (*type != "webapp") {
    return Error::field("targetType", "must be webapp, openapi or graphql");
  }
  if (auto h = body->find("apiAuthHeaders"); h != body->end() && !h->is_null()) {
    auto auth = service::parseAuthentication(json{{"type", "headers"}, {"headers", *h}},
                                             "apiAuthHeaders", false);
    if (!auth) return auth.error();
    if (!auth->headers.empty()) in.authentication = std::move(*auth);
  }
  return in;
}

/// The targets as DastTargets, each with its scans.
Result<json> targetsJson(const Services& s, const Principal& who, int64_t team,
                         const std::vector<Target>& targets) {
  json out = json::array();
  for (const Target& t : targets) {
    auto scans = s.scans.list(who, team, t.id);
    if (!scans) return scans.error();
    out.push_back(targetJson(t, *scans));
  }
  return out;
}

/// The security items of the team's latest scans that match the search body (all filters
/// optional; Codacy names).
Result<json> searchItems(const Services& s, const Principal& who, int64_t team,
                         const ApiRequest& r) {
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  auto list = [&](const char* name) -> Result<std::optional<std::set<std::string>>> {
    auto it = body->find(name);
    if (it == body->end() || it->is_null()) return std::optional<std::set<std::string>>();
    if (!it->is_array()) return Error::field(name, "must be an array of strings");
    std::set<std::string> values;
    for (const auto& v : *it) {
      if (!v.is_string()) return Error::field(name, "must be an array of strings");
      values.insert(v.get<std::string>());
    }
    return std::optional<std::set<std::string>>(std::move(values));
  };
  auto scanTypes = list("scanTypes");
  if (!scanTypes) return scanTypes.error();
  auto priorities = list("priorities");
  if (!priorities) return priorities.error();
  auto statuses = list("statuses");
  if (!statuses) return statuses.error();
  auto urls = list("dastTargetUrls");
  if (!urls) return urls.error();
  auto text = stringField(*body, "searchText");
  if (!text) return text.error();
  json items = json::array();
  if (*scanTypes && !(*scanTypes)->count("DAST")) return items;  // nothing but DAST here
  auto reports = s.scans.latestReports(who, team);
  if (!reports) return reports.error();
  std::string now = nowIso8601();
  for (const ScanReport& report : *reports) {
    if (*urls && !(*urls)->count(report.target.url)) continue;
    for (auto& item : securityItems(report, now)) {
      const json& j = item.json;
      if (*priorities && !(*priorities)->count(j["priority"].get<std::string>())) continue;
      if (*statuses && !(*statuses)->count(j["status"].get<std::string>())) continue;
      if (!text->empty() && j["title"].get<std::string>().find(*text) == std::string::npos)
        continue;
      items.push_back(std::move(item.json));
    }
  }
  return items;
}

}  // namespace

void registerCodacyRoutes(Router& router, const Services& s) {
  router.addSurface("/api/v3/", codacyFailure);
  const std::string targets = kBase + "/dast/targets";
  const std::string target = targets + "/:targetId";

  router.add("POST", targets,
             inTeam(s, [s](const Principal& who, int64_t team, const ApiRequest& r, auto&) {
               auto in = targetInput(r);
               if (!in) return codacyFailure(in.error());
               return respond(
                   s.targets.create(who, team, *in),
                   [](const Target& t) { return codacyData(targetJson(t, {})); }, codacyFailure);
             }));
  router.add("GET", targets,
             inTeam(s, [s](const Principal& who, int64_t team, const ApiRequest& r, auto&) {
               auto list = s.targets.list(who, team);
               if (!list) return codacyFailure(list.error());
               auto all = targetsJson(s, who, team, *list);
               if (!all) return codacyFailure(all.error());
               return respond(
                   page(*all, r), [](const json& body) { return jsonResponse(body); },
                   codacyFailure);
             }));
  router.add("GET", target,
             inTeam(s, [s](const Principal& who, int64_t team, auto&, const PathParams& p) {
               auto id = targetIdOf(p);
               if (!id) return codacyFailure(id.error());
               auto t = s.targets.get(who, team, *id);
               if (!t) return codacyFailure(t.error());
               return respond(
                   targetsJson(s, who, team, {*t}),
                   [](const json& one) { return codacyData(one[0]); }, codacyFailure);
             }));
  router.add("DELETE", target,
             inTeam(s, [s](const Principal& who, int64_t team, auto&, const PathParams& p) {
               auto id = targetIdOf(p);
               if (!id) return codacyFailure(id.error());
               if (auto removed = s.targets.remove(who, team, *id); !removed)
                 return codacyFailure(removed.error());
               return emptyResponse(204);
             }));
  router.add("POST", target + "/analyze",
             inTeam(s, [s](const Principal& who, int64_t team, auto&, const PathParams& p) {
               auto id = targetIdOf(p);
               if (!id) return codacyFailure(id.error());
               return respond(
                   s.scans.start(who, team, *id),
                   [](const service::StartedScan& st) {
                     return codacyData({{"analysisId", analysisId(st.scan.id)}});
                   },
                   codacyFailure);
             }));

  router.add("POST", kBase + "/security/items/search",
             inTeam(s, [s](const Principal& who, int64_t team, const ApiRequest& r, auto&) {
               auto items = searchItems(s, who, team, r);
               if (!items) return codacyFailure(items.error());
               return respond(
                   page(*items, r), [](const json& body) { return jsonResponse(body); },
                   codacyFailure);
             }));
  router.add("GET", kBase + "/security/items/:itemId",
             inTeam(s, [s](const Principal& who, int64_t team, auto&, const PathParams& p) {
               auto reports = s.scans.latestReports(who, team);
               if (!reports) return codacyFailure(reports.error());
               std::string now = nowIso8601();
               for (const ScanReport& report : *reports)
                 for (auto& item : securityItems(report, now))
                   if (item.id == p.at(":itemId")) return codacyData(std::move(item.json));
               return codacyFailure(Error::notFound("no such security item"));
             }));
}

}  // namespace ctc::http::codacy
