#include "ctc/http/api_routes.hpp"

#include <spdlog/spdlog.h>

#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "ctc/http/serializers.hpp"
#include "ctc/service/authentication.hpp"
#include "route_helpers.hpp"
#include "specification_routes.hpp"

namespace ctc::http {
namespace {

using nlohmann::json;
using service::Principal;

/// The project id of a nested scan route (validated by scanIds), or nullopt on flat routes.
std::optional<int64_t> optionalProject(const PathParams& p) {
  auto it = p.find(":projectId");
  if (it == p.end()) return std::nullopt;
  auto id = parseId(it->second, "projectId");
  return id ? std::optional<int64_t>(*id) : std::nullopt;
}

/// teamId and scanId of a scan route; a nested route's projectId must be valid too.
Result<std::vector<int64_t>> scanIds(const PathParams& p) {
  if (p.count(":projectId")) return ids(p, {":teamId", ":scanId", ":projectId"});
  return ids(p, {":teamId", ":scanId"});
}

/// The format from the path or `?format=`, and the JUnit gate from `?fail_on=&new_only=`.
Result<report::ReportRequest> reportRequestOf(const ApiRequest& r, const PathParams& p) {
  std::string format = "json";
  if (auto it = p.find(":format"); it != p.end())
    format = it->second;
  else if (auto q = r.queryParam("format"))
    format = *q;
  return report::parseReportRequest(format, r.queryParam("fail_on"), r.queryParam("new_only"));
}

ApiResponse reportResponse(const Result<report::RenderedReport>& rendered) {
  if (!rendered) return failure(rendered.error());
  ApiResponse r;
  r.status = 200;
  r.contentType = rendered->contentType;
  r.body = rendered->body;
  bool pdf = rendered->contentType == "application/pdf";
  r.headers.emplace_back("Content-Disposition", std::string(pdf ? "attachment" : "inline") +
                                                    "; filename=\"" + rendered->filename + "\"");
  if (rendered->contentType.rfind("text/html", 0) == 0) {
    // Scanned pages' text is in it: nothing it contains may load or run anything.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  }
  return r;
}

/// The OpenAPI document under the last of `fields` present (an object, kept as JSON text, or a
/// string), nullopt when none is; BadRequest for another type.
Result<std::optional<std::string>> openApiDocument(const nlohmann::json& body,
                                                   std::initializer_list<const char*> fields) {
  std::optional<std::string> document;
  for (const char* field : fields) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) continue;
    if (it->is_object())
      document = dumpJson(*it);
    else if (it->is_string())
      document = it->get<std::string>();
    else
      return Error::field(field, "must be an OpenAPI document (object or string)");
  }
  return document;
}

/// The "scan_settings" object of a project body, type-checked; absent or null is an empty patch.
/// A null member resets that setting. Unknown members are refused (unlike unknown top-level
/// fields): a misspelt "exclude_path" must not quietly let a scan request "/logout".
Result<service::ScanSettingsPatch> scanSettingsPatch(const json& body) {
  service::ScanSettingsPatch patch;
  auto it = body.find("scan_settings");
  if (it == body.end() || it->is_null()) return patch;
  if (!it->is_object()) return Error::field("scan_settings", "must be an object");
  for (const auto& [key, value] : it->items()) {
    std::string field = "scan_settings." + key.substr(0, 64);
    if (key == "requests_per_second") {
      if (value.is_null()) {
        patch.requestsPerSecond = std::optional<double>();
      } else if (value.is_number()) {
        double rate = value.get<double>();
        patch.requestsPerSecond = rate == 0 ? 0.0 : rate;  // no "-0.0" stored or sent back
      } else {
        return Error::field(field, "must be a number (requests per second, 0 = unlimited)");
      }
    } else if (key == "include_paths" || key == "exclude_paths") {
      std::vector<std::string> patterns;
      if (!value.is_null() && !value.is_array())
        return Error::field(field, "must be an array of path patterns");
      for (std::size_t i = 0; value.is_array() && i < value.size(); ++i) {
        if (!value[i].is_string())
          return Error::field(field + "[" + std::to_string(i) + "]", "must be a string");
        patterns.push_back(value[i].get<std::string>());
      }
      (key == "include_paths" ? patch.includePaths : patch.excludePaths) = std::move(patterns);
    } else if (key == "server") {
      if (!value.is_null() && !value.is_string())
        return Error::field(field, "must be a URL string (or null)");
      patch.server = value.is_string() ? value.get<std::string>() : "";
    } else if (key == "allow_destructive_methods") {
      if (!value.is_null() && !value.is_boolean())
        return Error::field(field, "must be true or false");
      patch.allowDestructiveMethods = value.is_boolean() && value.get<bool>();
    } else {
      return Error::field(field,
                          "is not a scan setting; use requests_per_second, include_paths, "
                          "exclude_paths, allow_destructive_methods or server");
    }
  }
  return patch;
}

/// The "authentication" of a project body: absent = unchanged, null = none.
Result<std::optional<std::optional<Authentication>>> authenticationPatch(const json& body) {
  auto it = body.find("authentication");
  if (it == body.end()) return std::optional<std::optional<Authentication>>();
  if (it->is_null())  // set, to none (a plain nullopt here would mean "unchanged")
    return std::optional<std::optional<Authentication>>(std::in_place);
  auto auth = service::parseAuthentication(*it, "authentication", false);
  if (!auth) return auth.error();
  return std::optional<std::optional<Authentication>>(std::move(*auth));
}

/// The body of a project update: "scan_settings" or "authentication" (or both); other fields
/// are ignored, so a project read with GET can be sent back as it is. The authentication GET
/// shows has no secrets, so it is only taken when it has them: the route changes nothing else.
Result<service::TargetPatch> targetUpdate(const ApiRequest& r) {
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  auto settings = body->find("scan_settings");
  auto auth = body->find("authentication");
  bool hasSettings = settings != body->end() && !settings->is_null();
  if (!hasSettings && auth == body->end())
    return Error::field("scan_settings",
                        "is required (or \"authentication\"); it is what this route changes");
  service::TargetPatch patch;
  auto settingsPatch = scanSettingsPatch(*body);
  if (!settingsPatch) return settingsPatch.error();
  patch.scanSettings = std::move(*settingsPatch);
  auto authPatch = authenticationPatch(*body);
  if (!authPatch) return authPatch.error();
  patch.authentication = std::move(*authPatch);
  return patch;
}

Result<service::TargetInput> targetInput(const ApiRequest& r) {
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  service::TargetInput in;
  // Accept the vendor's and our names: title/name, swagger/openapi, JSON or form bodies.
  for (auto [field, out] :
       {std::pair{"title", &in.title}, std::pair{"url", &in.url}, std::pair{"type", &in.type},
        std::pair{"description", &in.description}, std::pair{"swagger_url", &in.swaggerUrl}}) {
    auto v = stringField(*body, field, *out);
    if (!v) return v.error();
    *out = *v;
  }
  if (in.title.empty()) {
    auto name = stringField(*body, "name");
    if (!name) return name.error();
    in.title = *name;
  }
  auto swagger = openApiDocument(*body, {"swagger", "openapi"});
  if (!swagger) return swagger.error();
  if (*swagger) in.swagger = **swagger;
  auto settings = scanSettingsPatch(*body);
  if (!settings) return settings.error();
  in.scanSettings = std::move(*settings);
  auto auth = authenticationPatch(*body);
  if (!auth) return auth.error();
  if (*auth) in.authentication = **auth;
  return in;
}

Result<service::WebhookInputs> webhookInputs(const ApiRequest& r) {
  service::WebhookInputs in;
  std::string contentType = r.header("Content-Type").value_or("");
  auto first = r.body.find_first_not_of(" \t\r\n");
  // Published clients POST an empty body, often labelled as a form: nothing to read.
  if (first == std::string::npos) return in;
  if (r.body[first] != '{' && contentType.find("json") == std::string::npos) return in;
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  if (auto it = body->find("credentials"); it != body->end() && !it->is_null()) {
    auto credentials = service::parseAuthentication(*it, "credentials", true);
    if (!credentials) return credentials.error();
    in.credentials = std::move(*credentials);
  }
  auto swagger = openApiDocument(*body, {"openapi", "swagger", "specification"});
  if (!swagger) return swagger.error();
  in.swagger = *swagger;
  return in;
}

json startedJson(const service::StartedScan& s) {
  return {{"scanId", s.scan.id}, {"status", statusJson(s.scan)}, {"created", s.created}};
}

}  // namespace

std::optional<std::string> apiKeyOf(const ApiRequest& request) {
  if (auto h = request.header("api_key")) return h;
  return request.queryParam("api_key");
}

void registerRoutes(Router& router, const Services& s) {
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

  const std::string projects = "/teams/:teamId/{projects|targets}";
  router.add("GET", projects, authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId"});
               if (!id) return failure(id.error());
               return respond(s.targets.list(who, (*id)[0]), [](const auto& targets) {
                 json out = json::array();
                 for (const auto& t : targets) out.push_back(toJson(t));
                 return success(out);
               });
             }));
  router.add("POST", projects,
             authed(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = ids(p, {":teamId"});
               if (!id) return failure(id.error());
               auto in = targetInput(r);
               if (!in) return failure(in.error());
               return respond(s.targets.create(who, (*id)[0], *in), [](const Target& t) {
                 return success(toJson(t), 201, "project created");
               });
             }));
  const std::string project = projects + "/:projectId";
  router.add("GET", project, authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.targets.get(who, (*id)[0], (*id)[1]),
                              [](const Target& t) { return success(toJson(t)); });
             }));
  // Updates the scan settings. POST, not PATCH: the vendor's API used only GET, POST, DELETE.
  router.add("POST", project,
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
  router.add("DELETE", project, authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               auto removed = s.targets.remove(who, (*id)[0], (*id)[1]);
               if (!removed) return failure(removed.error());
               return success({{"id", (*id)[1]}, {"deleted", true}}, 200, "project deleted");
             }));
  registerSpecificationRoutes(router, s, project);
  router.add("POST", project + "/webhook",
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.targets.createWebhook(who, (*id)[0], (*id)[1]),
                              [](const std::string& secret) {
                                return success({{"secret", secret}}, 201,
                                               "webhook secret created; it is shown only once");
                              });
             }));
  router.add("DELETE", project + "/webhook",
             authed(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.targets.revokeWebhooks(who, (*id)[0], (*id)[1]), [](int n) {
                 return success({{"revoked", n}}, 200, "webhook secrets revoked");
               });
             }));
  router.add(
      "POST", project + "/scans", authed(s, [s](const Principal& who, auto&, const PathParams& p) {
        auto id = ids(p, {":teamId", ":projectId"});
        if (!id) return failure(id.error());
        return respond(
            s.scans.start(who, (*id)[0], (*id)[1]), [](const service::StartedScan& started) {
              return success(
                  startedJson(started), started.created ? 201 : 200,
                  started.created ? "scan queued" : "a scan of this project is already active");
            });
      }));
  router.add("GET", project + "/scans",
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
       {std::string("/teams/:teamId/scans/:scanId"), project + "/scans/:scanId"}) {
    router.add("GET", scan, authed(s, [s](const Principal& who, auto&, const PathParams& p) {
                 auto id = scanIds(p);
                 if (!id) return failure(id.error());
                 return respond(s.scans.get(who, (*id)[0], (*id)[1], optionalProject(p)),
                                [](const Scan& sc) { return success(toJson(sc)); });
               }));
    router.add("GET", scan + "/status",
               authed(s, [s](const Principal& who, auto&, const PathParams& p) {
                 auto id = scanIds(p);
                 if (!id) return failure(id.error());
                 return respond(s.scans.get(who, (*id)[0], (*id)[1], optionalProject(p)),
                                [](const Scan& sc) {
                                  return success({{"scanId", sc.id}, {"status", statusJson(sc)}});
                                });
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

  // Webhook API: the secret in the path is the credential.
  router.add("POST", "/webhook/:secret", hooked(s, [s](const ApiRequest& r, const PathParams& p) {
               auto inputs = webhookInputs(r);
               if (!inputs) return failure(inputs.error());
               return respond(s.scans.startFromWebhook(p.at(":secret"), *inputs),
                              [](const service::StartedScan& started) {
                                return success(startedJson(started), started.created ? 201 : 200,
                                               started.created
                                                   ? "scan queued"
                                                   : "a scan of this project is already active");
                              });
             }));
  const std::string hookScan = "/webhook/:secret/scans/:scanId";
  auto hookScanStatus = [s](const ApiRequest&, const PathParams& p) {
    auto id = ids(p, {":scanId"});
    if (!id) return failure(id.error());
    return respond(s.scans.getFromWebhook(p.at(":secret"), (*id)[0]), [](const Scan& sc) {
      return success({{"scanId", sc.id}, {"status", statusJson(sc)}});
    });
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
