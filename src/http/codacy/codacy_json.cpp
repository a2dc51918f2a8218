#include "codacy_json.hpp"

#include <cstdint>

#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "ctc/report/finding_groups.hpp"
#include "ctc/service/authentication.hpp"
#include "ctc/util/clock.hpp"
#include "ctc/util/uuid.hpp"

namespace ctc::http::codacy {
namespace {

using nlohmann::json;

constexpr uint32_t kAnalysisKind = 0xda57;
constexpr int kMaxStatuses = 20;  ///< a target's status[] lists its latest scans

const char* errorName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::BadRequest:
      return "BadRequest";
    case ErrorKind::Unauthorized:
      return "Unauthorized";
    case ErrorKind::Forbidden:
      return "Forbidden";
    case ErrorKind::NotFound:
      return "NotFound";
    case ErrorKind::Conflict:
      return "Conflict";
    case ErrorKind::TooLarge:
      return "PayloadTooLarge";
    case ErrorKind::RateLimited:
      return "TooManyRequests";
    case ErrorKind::Unavailable:
      return "ServiceUnavailable";
    case ErrorKind::Internal:
      return "InternalServerError";
  }
  return "InternalServerError";
}

const char* analysisState(ScanStatus status) {
  switch (status) {
    case ScanStatus::Queued:
      return "queued";
    case ScanStatus::Running:
      return "running";
    case ScanStatus::Finished:
      return "successful";
    case ScanStatus::Stopped:
    case ScanStatus::Failed:
      return "failed";
  }
  return "failed";
}

/// Codacy has no "info" priority; informational findings are Low.
const char* priority(Severity severity) {
  switch (severity) {
    case Severity::Critical:
      return "Critical";
    case Severity::High:
      return "High";
    case Severity::Medium:
      return "Medium";
    case Severity::Low:
    case Severity::Info:
      return "Low";
  }
  return "Low";
}

/// Days to fix by priority: Codacy's default security SLAs (api/COMPATIBILITY.md).
int slaDays(Severity severity) {
  switch (severity) {
    case Severity::Critical:
      return 30;
    case Severity::High:
      return 60;
    case Severity::Medium:
      return 90;
    case Severity::Low:
    case Severity::Info:
      return 120;
  }
  return 120;
}

}  // namespace

ApiResponse codacyFailure(const Error& error) {
  ApiResponse r;
  r.status = httpStatus(error.kind);
  json body = {{"error", errorName(error.kind)},
               {"message", publicMessage(error)},
               {"actions", json::array()}};
  if (!error.fields.empty()) body["innerMessage"] = json(error.fields).dump();
  r.body = dumpJson(body);
  return r;
}

ApiResponse codacyData(json data, int status) {
  return jsonResponse({{"data", std::move(data)}}, status);
}

std::string analysisId(int64_t scanId) {
  return idUuid(kAnalysisKind, scanId);
}

json targetJson(const Target& target, const std::vector<Scan>& scans) {
  json statuses = json::array();
  for (const Scan& scan : scans) {
    if (statuses.size() >= kMaxStatuses) break;
    json s = {{"status", analysisState(scan.status)},
              {"transitionedAt", scan.finishedAt.value_or(scan.startedAt.value_or(scan.createdAt))},
              {"analysisId", analysisId(scan.id)}};
    if (scan.message) s["transitionReason"] = *scan.message;
    statuses.push_back(std::move(s));
  }
  json out = {{"id", target.id},
              {"url", target.url},
              {"status", std::move(statuses)},
              {"targetType", target.type == TargetType::Api ? "openapi" : "webapp"}};
  if (!target.swaggerUrl.empty()) out["apiDefinitionUrl"] = target.swaggerUrl;
  auto auth = service::decodeStoredAuthentication(target.credentialsJson);
  if (auth && *auth && (*auth)->type == AuthType::Headers) {
    json names = json::array();
    for (const auto& [name, value] : (*auth)->headers) names.push_back(name);
    out["apiAuthHeaderNames"] = std::move(names);
  }
  return out;
}

std::vector<SecurityItem> securityItems(const ScanReport& report, const std::string& now) {
  std::vector<SecurityItem> items;
  auto grouped = report::groupReport(report);
  std::string openedAt = report.scan.startedAt.value_or(report.scan.createdAt);
  auto opened = parseIso8601(openedAt).value_or(0);
  auto current = parseIso8601(now).value_or(0);
  for (const GroupedFinding& group : grouped.findings) {
    const Finding& f = group.finding;
    std::time_t due = opened + slaDays(f.severity) * 86400L;
    const char* status = current > due                 ? "Overdue"
                         : current > due - 15 * 86400L ? "DueSoon"
                                                       : "OnTrack";
    std::string id = nameUuid("codacy-item\n" + std::to_string(report.target.id) + "\n" +
                              report::stableKey(group));
    json affected = json::array();
    for (const FindingInstance& at : group.instances)
      affected.push_back(at.method + " " + at.url +
                         (at.parameter.empty() ? "" : " [" + at.parameter + "]"));
    json item = {{"id", id},
                 {"itemSource", "Codacy"},
                 {"itemSourceId", report::stableKey(group)},
                 {"title", f.title},
                 {"openedAt", openedAt},
                 {"dueAt", iso8601(due)},
                 {"priority", priority(f.severity)},
                 {"status", status},
                 {"scanType", "DAST"},
                 {"securityCategory", f.family},
                 {"summary", f.description},
                 {"remediation", f.recommendation},
                 {"application", report.target.url},
                 {"dastTargetUrls", report.target.url},
                 {"affectedTargets", affected},
                 {"additionalInfo", f.evidenceResponse}};
    if (f.cwe > 0) item["cwe"] = "CWE-" + std::to_string(f.cwe);
    if (f.cvss) item["cvssScore"] = *f.cvss;
    items.push_back({std::move(id), std::move(item)});
  }
  return items;
}

Result<json> page(const json& all, const ApiRequest& request) {
  auto offset = pagingParam(request, "cursor", 0, 0, INT64_MAX);
  if (!offset) return Error::field("cursor", "is not a cursor this API gave out");
  auto limit = pagingParam(request, "limit", 100, 1, 1000);
  if (!limit) return limit.error();
  return page(all, *offset, *limit);
}

json page(const json& all, int64_t offset, int64_t limit) {
  json data = json::array();
  int64_t total = static_cast<int64_t>(all.size());
  for (int64_t i = offset; i < total && i < offset + limit; ++i) data.push_back(all[i]);
  json pagination = {{"limit", limit}, {"total", total}};
  if (offset + limit < total) pagination["cursor"] = std::to_string(offset + limit);
  return json{{"data", std::move(data)}, {"pagination", std::move(pagination)}};
}

}  // namespace ctc::http::codacy
