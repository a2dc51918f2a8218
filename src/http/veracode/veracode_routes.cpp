#include "veracode_routes.hpp"

#include <chrono>
#include <ctime>

#include "../route_helpers.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/multipart.hpp"
#include "ctc/http/request_body.hpp"
#include "ctc/service/authentication.hpp"
#include "ctc/util/clock.hpp"
#include "veracode_json.hpp"

namespace ctc::http::veracode {
namespace {

using nlohmann::json;
using service::Principal;

const std::string kBase = "/was/configservice/v1";

/// The path and query the client signed: the request-target as sent (absolute-form reduced to
/// its path).
std::string signedUrl(const ApiRequest& r) {
  std::string target = r.target.empty() ? r.path : r.target;
  for (const char* scheme : {"http://", "https://"})
    if (target.rfind(scheme, 0) == 0) {
      auto slash = target.find('/', std::string(scheme).size());
      target = slash == std::string::npos ? "/" : target.substr(slash);
    }
  return target;
}

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// HMAC authentication, then the per-credential rate limit. No head check: verifying burns
/// the nonce, so it happens once, when the whole request is in.
Handler signedBy(const Services& s, AuthedHandler f) {
  return [s, f = std::move(f)](const ApiRequest& r, const PathParams& p) {
    service::SignedRequest request{r.header("Authorization"), r.header("Host").value_or(""),
                                   signedUrl(r), r.method};
    auto who = s.hmac.authenticate(request, nowMs());
    if (!who) return veracodeFailure(who.error());
    if (auto d = s.apiLimiter.take("key:" + std::to_string(who->keyId)); !d.allowed)
      return tooManyRequests(d, "API id", veracodeFailure);
    return f(*who, r, p);
  };
}

Result<int64_t> analysisIdOf(const PathParams& p) {
  auto id = parseId(p.at(":analysisId"), "analysis_id");
  if (!id) return Error::notFound("analysis " + p.at(":analysisId").substr(0, 64) + " not found");
  return *id;
}

/// scan_config_request.auth_configuration: AUTO (a form login: the scan finds the login form
/// itself, as Veracode's auto-login does) or BASIC, one of them; login scripts (FORM) and client
/// certificates (CERT) are refused rather than scanned logged out.
Result<std::optional<Authentication>> authenticationOf(const json& config, const std::string& at) {
  const std::string field = at + ".scan_config_request.auth_configuration.authentications";
  auto configured = config.find("auth_configuration");
  if (configured == config.end() || configured->is_null()) return std::optional<Authentication>();
  if (!configured->is_object())
    return Error::field(at + ".scan_config_request.auth_configuration", "must be an object");
  auto methods = configured->find("authentications");
  if (methods == configured->end() || methods->is_null()) return std::optional<Authentication>();
  if (!methods->is_object()) return Error::field(field, "must be an object");
  std::optional<Authentication> chosen;
  for (const auto& [type, method] : methods->items()) {
    const std::string where = field + "." + type.substr(0, 16);
    if (type != "AUTO" && type != "BASIC")
      return Error::field(where, type == "FORM" || type == "CERT"
                                     ? "login scripts and client certificates are not supported "
                                       "here: use AUTO (user name and password) or BASIC"
                                     : "must be AUTO or BASIC");
    if (chosen) return Error::field(field, "give one of AUTO or BASIC, not both");
    if (!method.is_object()) return Error::field(where, "must be an object");
    json ours = {{"type", type == "AUTO" ? "form" : "basic"}};
    for (const char* member : {"username", "password"})
      if (auto value = method.find(member); value != method.end()) ours[member] = *value;
    auto auth = service::parseAuthentication(ours, where, false);
    if (!auth) return auth.error();
    chosen = std::move(*auth);
  }
  return chosen;
}

/// scans[].scan_config_request.target_url.url (and .api_scan_setting.spec_id), for every scan
/// whose action_type is ADD (or absent, when `addOnly` is false).
Result<std::vector<service::AnalysisScanInput>> scanInputs(const json& body, bool addOnly) {
  std::vector<service::AnalysisScanInput> urls;
  auto scans = body.find("scans");
  if (scans == body.end() || scans->is_null()) return urls;
  if (!scans->is_array()) return Error::field("scans", "must be an array");
  for (std::size_t i = 0; i < scans->size(); ++i) {
    const json& scan = (*scans)[i];
    std::string at = "scans[" + std::to_string(i) + "]";
    if (!scan.is_object()) return Error::field(at, "must be an object");
    std::string action = scan.value("action_type", addOnly ? "" : "ADD");
    if (action != "ADD")
      return Error::field(at + ".action_type",
                          "only ADD is supported here (scans are added, never changed)");
    const json* url = &scan;
    for (const char* member : {"scan_config_request", "target_url", "url"}) {
      if (!url->is_object() || !url->contains(member))
        return Error::field(at + ".scan_config_request.target_url.url", "is required");
      url = &(*url)[member];
    }
    if (!url->is_string() || url->get<std::string>().empty())
      return Error::field(at + ".scan_config_request.target_url.url", "must be a URL");
    service::AnalysisScanInput in{url->get<std::string>(), std::nullopt};
    const json& config = scan["scan_config_request"];
    auto authentication = authenticationOf(config, at);
    if (!authentication) return authentication.error();
    in.authentication = std::move(*authentication);
    if (auto api = config.find("api_scan_setting"); api != config.end() && !api->is_null()) {
      std::string field = at + ".scan_config_request.api_scan_setting.spec_id";
      auto spec = api->is_object() ? api->find("spec_id") : api->end();
      if (spec == api->end()) return Error::field(field, "is required");
      std::string text = spec->is_string()           ? spec->get<std::string>()
                         : spec->is_number_integer() ? std::to_string(spec->get<int64_t>())
                                                     : "";
      auto id = parseId(text, field);
      if (!id) return Error::field(field, "must be a spec_id from /api_specifications");
      in.specId = *id;
    }
    urls.push_back(std::move(in));
  }
  return urls;
}

/// schedule: {now, start_date, duration{length, unit}}; absent or now: at once.
Status readSchedule(const json& body, service::AnalysisInput& in) {
  auto it = body.find("schedule");
  if (it == body.end() || it->is_null()) return Unit{};
  if (!it->is_object()) return Error::field("schedule", "must be an object");
  bool now = it->value("now", false);
  if (auto d = it->find("duration"); d != it->end() && !d->is_null()) {
    if (!d->is_object() || !d->contains("length") || !(*d)["length"].is_number_integer() ||
        (*d)["length"].get<int64_t>() < 1)
      return Error::field("schedule.duration.length", "must be a positive integer");
    std::string unit = d->value("unit", "DAY");
    int64_t seconds = unit == "DAY" ? 86400 : unit == "HOUR" ? 3600 : unit == "MINUTE" ? 60 : 0;
    if (!seconds) return Error::field("schedule.duration.unit", "must be DAY, HOUR or MINUTE");
    in.durationSeconds = seconds * (*d)["length"].get<int64_t>();
  }
  if (auto s = it->find("start_date"); !now && s != it->end() && !s->is_null()) {
    if (!s->is_string()) return Error::field("schedule.start_date", "must be an ISO-8601 time");
    auto when = parseIso8601(s->get<std::string>());
    if (!when)
      return Error::field("schedule.start_date",
                          "must be an ISO-8601 time with a zone, e.g. 2026-12-03T10:15+01:00");
    in.startAt = *when;
  }
  return Unit{};
}

Result<service::AnalysisInput> analysisInput(const ApiRequest& r) {
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  service::AnalysisInput in;
  auto name = stringField(*body, "name");
  if (!name) return name.error();
  in.name = *name;
  auto scans = scanInputs(*body, false);
  if (!scans) return scans.error();
  in.scans = std::move(*scans);
  if (auto schedule = readSchedule(*body, in); !schedule) return schedule.error();
  return in;
}

Result<bool> flag(const ApiRequest& r, const char* name) {
  auto v = r.queryParam(name);
  if (!v || v->empty() || *v == "false") return false;
  if (*v == "true") return true;
  return Error::field(name, "must be true or false");
}

}  // namespace

void registerVeracodeRoutes(Router& router, const Services& s) {
  router.addSurface("/was/", veracodeFailure);
  router.addSurface("/appsec/", veracodeFailure);
  const std::string analyses = kBase + "/analyses";
  const std::string analysis = analyses + "/:analysisId";

  router.add("POST", analyses, signedBy(s, [s](const Principal& who, const ApiRequest& r, auto&) {
               auto verify = flag(r, "run_verification");
               if (!verify) return veracodeFailure(verify.error());
               auto validateOnly = flag(r, "validate_only");
               if (!validateOnly) return veracodeFailure(validateOnly.error());
               auto in = analysisInput(r);
               if (!in) return veracodeFailure(in.error());
               if (*validateOnly) return emptyResponse(202);
               auto created = s.analyses.create(who, *in, std::time(nullptr));
               if (!created) return veracodeFailure(created.error());
               ApiResponse out = emptyResponse(201);
               out.headers.emplace_back("Location", origin(r) + kBase + "/analyses/" +
                                                        std::to_string(created->analysis.id));
               return out;
             }));
  router.add("GET", analyses, signedBy(s, [s](const Principal& who, const ApiRequest& r, auto&) {
               auto name = r.queryParam("name");
               auto list = s.analyses.list(who, name && !name->empty() ? name : std::nullopt);
               if (!list) return veracodeFailure(list.error());
               std::vector<json> items;
               for (const auto& a : *list) items.push_back(analysisSummaryJson(a, origin(r)));
               auto page = halPage("analyses", items, r, origin(r) + signedUrl(r));
               if (!page) return veracodeFailure(page.error());
               return jsonResponse(*page);
             }));
  router.add("GET", analysis,
             signedBy(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = analysisIdOf(p);
               if (!id) return veracodeFailure(id.error());
               auto a = s.analyses.get(who, *id);
               if (!a) return veracodeFailure(a.error());
               return jsonResponse(analysisJson(*a, origin(r)));
             }));
  router.add("PUT", analysis,
             signedBy(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = analysisIdOf(p);
               if (!id) return veracodeFailure(id.error());
               if (r.queryParam("method").value_or("") != "PATCH")
                 return veracodeFailure(Error::field(
                     "method", "only ?method=PATCH is supported (add scans with action_type ADD)"));
               auto body = bodyAsObject(r);
               if (!body) return veracodeFailure(body.error());
               auto scans = scanInputs(*body, true);
               if (!scans) return veracodeFailure(scans.error());
               auto changed = s.analyses.addScans(who, *id, *scans);
               if (!changed) return veracodeFailure(changed.error());
               return emptyResponse(204);
             }));
  router.add("DELETE", analysis, signedBy(s, [s](const Principal& who, auto&, const PathParams& p) {
               auto id = analysisIdOf(p);
               if (!id) return veracodeFailure(id.error());
               auto removed = s.analyses.remove(who, *id);
               if (!removed) {
                 Error e = removed.error();
                 if (e.kind == ErrorKind::Conflict) e.kind = ErrorKind::BadRequest;  // as there
                 return veracodeFailure(e);
               }
               return emptyResponse(204);
             }));
  router.add("GET", analysis + "/scans",
             signedBy(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = analysisIdOf(p);
               if (!id) return veracodeFailure(id.error());
               auto a = s.analyses.get(who, *id);
               if (!a) return veracodeFailure(a.error());
               std::vector<json> items;
               for (const auto& t : a->targets) items.push_back(detailedScanJson(*a, t, origin(r)));
               auto page = halPage("scans", items, r, origin(r) + signedUrl(r));
               if (!page) return veracodeFailure(page.error());
               return jsonResponse(*page);
             }));
  router.add("POST", kBase + "/api_specifications",
             signedBy(s, [s](const Principal& who, const ApiRequest& r, auto&) {
               auto boundary = multipartBoundary(r.header("Content-Type").value_or(""));
               if (!boundary) return veracodeFailure(boundary.error());
               if (!*boundary)
                 return veracodeFailure(Error::field(
                     "file", "send the description as multipart/form-data with a 'file' part"));
               auto part = findMultipartPart(r.body, **boundary, "file");
               if (!part) return veracodeFailure(part.error());
               if (!*part)
                 return veracodeFailure(Error::field("file", "is required: no 'file' part"));
               auto stored = s.analyses.uploadDocument(who, r.queryParam("spec_name").value_or(""),
                                                       (*part)->filename, (*part)->body);
               if (!stored) return veracodeFailure(stored.error());
               return jsonResponse(apiSpecificationJson(*stored, origin(r)));
             }));
  router.add("GET", kBase + "/api_specifications",
             signedBy(s, [s](const Principal& who, const ApiRequest& r, auto&) {
               auto name = r.queryParam("spec_name");
               auto docs =
                   s.analyses.listDocuments(who, name && !name->empty() ? name : std::nullopt);
               if (!docs) return veracodeFailure(docs.error());
               std::vector<json> items;
               for (const auto& d : *docs) items.push_back(apiSpecificationJson(d, origin(r)));
               auto page = halPage("api_specs", items, r, origin(r) + signedUrl(r));
               if (!page) return veracodeFailure(page.error());
               return jsonResponse(*page);
             }));
  router.add("GET", kBase + "/api_specifications/:specId",
             signedBy(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = parseId(p.at(":specId"), "spec_id");
               if (!id) return veracodeFailure(Error::notFound("no such API specification"));
               auto doc = s.analyses.getDocument(who, *id);
               if (!doc) return veracodeFailure(doc.error());
               return jsonResponse(apiSpecificationJson(*doc, origin(r)));
             }));
  router.add(
      "GET", kBase + "/code_groups/errorcode",
      signedBy(s, [](const Principal&, auto&, auto&) { return jsonResponse(errorCodesJson()); }));

  router.add("GET", "/appsec/v2/applications/:analysisId/findings",
             signedBy(s, [s](const Principal& who, const ApiRequest& r, const PathParams& p) {
               auto id = analysisIdOf(p);
               if (!id) return veracodeFailure(id.error());
               std::vector<json> items;
               std::string type = r.queryParam("scan_type").value_or("DYNAMIC");
               auto reports = s.analyses.reports(who, *id);
               if (!reports) return veracodeFailure(reports.error());
               if (type == "DYNAMIC")
                 for (const auto& report : *reports)
                   for (auto& f : findingsJson(report, *id)) items.push_back(std::move(f));
               auto page = halPage("findings", items, r, origin(r) + signedUrl(r));
               if (!page) return veracodeFailure(page.error());
               return jsonResponse(*page);
             }));
}

}  // namespace ctc::http::veracode
