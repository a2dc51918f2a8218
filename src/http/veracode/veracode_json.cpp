#include "veracode_json.hpp"

#include <cstdint>

#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "ctc/report/finding_groups.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/util/clock.hpp"
#include "ctc/util/html_escape.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::http::veracode {
namespace {

using nlohmann::json;

const char* errorCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::BadRequest:
      return "INVALID_INPUT";
    case ErrorKind::Unauthorized:
      return "UNAUTHORIZED";
    case ErrorKind::Forbidden:
      return "FORBIDDEN";
    case ErrorKind::NotFound:
      return "NOT_FOUND";
    case ErrorKind::Conflict:
      return "NAME_NOT_UNIQUE";
    case ErrorKind::TooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorKind::RateLimited:
      return "TOO_MANY_REQUESTS";
    case ErrorKind::Unavailable:
      return "SERVICE_UNAVAILABLE";
    case ErrorKind::Internal:
      return "INTERNAL_SERVER_ERROR";
  }
  return "INTERNAL_SERVER_ERROR";
}

/// Veracode's occurrence status of one scan of ours; SCHEDULED before its first scan.
const char* statusType(const std::optional<Scan>& scan, bool started) {
  if (!scan) return started ? "SUBMITTED" : "SCHEDULED";
  switch (scan->status) {
    case ScanStatus::Queued:
      return "SUBMITTED";
    case ScanStatus::Running:
      return "IN_PROGRESS";
    case ScanStatus::Finished:
      return "FINISHED_RESULTS_AVAILABLE";
    case ScanStatus::Stopped:
      return "STOPPED";
    case ScanStatus::Failed:
      return "STOPPED_TECHNICAL_ISSUE";
  }
  return "UNKNOWN_STATUS";
}

/// The analysis' status: that of its least advanced scan (queued before running before ended).
const char* analysisStatus(const service::AnalysisView& a) {
  int rank = 99;
  const char* worst = "SCHEDULED";
  auto order = [](ScanStatus s) {
    switch (s) {
      case ScanStatus::Queued:
        return 0;
      case ScanStatus::Running:
        return 1;
      case ScanStatus::Failed:
        return 2;
      case ScanStatus::Stopped:
        return 3;
      case ScanStatus::Finished:
        return 4;
    }
    return 4;
  };
  for (const auto& t : a.targets) {
    if (!t.latestScan) return statusType(std::nullopt, a.analysis.started);
    if (int r = order(t.latestScan->status); r < rank) {
      rank = r;
      worst = statusType(t.latestScan, true);
    }
  }
  return a.targets.empty() ? "NOT_RUN" : worst;
}

json link(const std::string& href) {
  return {{"href", href}};
}

std::string analysisHref(const std::string& origin, int64_t id) {
  return origin + "/was/configservice/v1/analyses/" + std::to_string(id);
}

json scheduleJson(const storage::AnalysisRow& a) {
  json s = {{"now", !a.startAt.has_value()}, {"schedule_status", "ACTIVE"}};
  if (a.startAt) s["start_date"] = iso8601(*a.startAt);
  if (a.durationSeconds > 0) {
    int64_t d = a.durationSeconds;
    if (d % 86400 == 0)
      s["duration"] = {{"length", d / 86400}, {"unit", "DAY"}};
    else if (d % 3600 == 0)
      s["duration"] = {{"length", d / 3600}, {"unit", "HOUR"}};
    else
      s["duration"] = {{"length", d / 60}, {"unit", "MINUTE"}};
  }
  return s;
}

/// Veracode severities: 0 informational .. 5 very high.
int severityNumber(Severity s) {
  switch (s) {
    case Severity::Info:
      return 0;
    case Severity::Low:
      return 2;
    case Severity::Medium:
      return 3;
    case Severity::High:
      return 4;
    case Severity::Critical:
      return 5;
  }
  return 0;
}

}  // namespace

ApiResponse veracodeFailure(const Error& error) {
  ApiResponse r;
  r.status = httpStatus(error.kind);
  json meta = json::object();
  for (const auto& [field, reasons] : error.fields) meta[field] = reasons;
  json e = {{"id", generateRequestId()},
            {"code", errorCode(error.kind)},
            {"status", std::to_string(r.status)},
            {"detail", publicMessage(error)},
            {"meta", meta}};
  r.body = dumpJson({{"_embedded", {{"errors", json::array({e})}}}});
  return r;
}

std::string origin(const ApiRequest& request) {
  return "http://" + request.header("Host").value_or("localhost");
}

json analysisSummaryJson(const service::AnalysisView& a, const std::string& origin) {
  std::string self = analysisHref(origin, a.analysis.id);
  json out = {{"analysis_id", std::to_string(a.analysis.id)},
              {"name", a.analysis.name},
              {"number_of_scans", a.targets.size()},
              {"schedule_summary", scheduleJson(a.analysis)},
              {"latest_occurrence_status", {{"status_type", analysisStatus(a)}}},
              {"created_on", a.analysis.createdAt},
              {"last_modified_on", a.analysis.modifiedAt},
              {"_links", {{"self", link(self)}, {"scans", link(self + "/scans")}}}};
  // COMPLETED once it ran and every scan has ended (pipelines wait for this).
  bool ended = a.analysis.started && !a.targets.empty();
  for (const auto& t : a.targets) ended = ended && t.latestScan && isFinal(t.latestScan->status);
  if (ended) out["schedule_summary"]["schedule_status"] = "COMPLETED";
  return out;
}

json analysisJson(const service::AnalysisView& a, const std::string& origin) {
  json out = analysisSummaryJson(a, origin);
  out["schedule"] = out["schedule_summary"];
  out.erase("schedule_summary");
  return out;
}

json detailedScanJson(const service::AnalysisView& a, const service::AnalysisTarget& t,
                      const std::string& origin) {
  return {
      {"scan_id", std::to_string(t.target.id)},
      {"target_url", t.target.url},
      {"analysis_id", std::to_string(a.analysis.id)},
      {"analysis_name", a.analysis.name},
      {"latest_occurrence_status", {{"status_type", statusType(t.latestScan, a.analysis.started)}}},
      {"created_on", t.target.createdAt},
      {"last_modified_on", t.latestScan ? t.latestScan->createdAt : t.target.createdAt},
      {"_links",
       {{"self", link(analysisHref(origin, a.analysis.id) + "/scans")},
        {"analysis", link(analysisHref(origin, a.analysis.id))}}}};
}

std::vector<json> findingsJson(const ScanReport& report, int64_t analysisId) {
  std::vector<json> out;
  auto grouped = report::groupReport(report);
  for (const GroupedFinding& g : grouped.findings) {
    const Finding& f = g.finding;
    auto url = scanner::parseTargetUrl(f.url);
    json details = {
        {"severity", severityNumber(f.severity)},
        {"cwe",
         {{"id", f.cwe},
          {"name", f.title},
          {"href", "https://api.veracode.com/appsec/v1/cwes/" + std::to_string(f.cwe)}}},
        {"url", f.url},
        {"path", url ? url->path : f.url},
        {"hostname", url ? url->host : ""},
        {"port", url ? std::to_string(url->port) : ""},
        {"plugin", f.title},
        {"discovered_by_vsa", 0},
        {"finding_category", {{"id", f.cwe}, {"name", f.family}}},
        {"attack_vector", f.evidenceRequest}};
    if (!f.parameter.empty()) details["vulnerable_parameter"] = f.parameter;
    std::string seen = report.scan.finishedAt.value_or(report.scan.createdAt);
    out.push_back({{"issue_id", f.id},
                   {"scan_type", "DYNAMIC"},
                   {"description", "<span>" + htmlEscaped(f.description) + "</span> <span>" +
                                       htmlEscaped(f.recommendation) + "</span>"},
                   {"count", g.instances.size()},
                   {"context_type", "APPLICATION"},
                   {"context_guid", std::to_string(analysisId)},
                   {"violates_policy", f.severity >= Severity::High},
                   {"finding_status",
                    {{"first_found_date", report.scan.startedAt.value_or(report.scan.createdAt)},
                     {"status", "OPEN"},
                     {"resolution", "UNRESOLVED"},
                     {"mitigation_review_status", "NONE"},
                     {"new", g.change != FindingChange::Unchanged},
                     {"resolution_status", "NONE"},
                     {"last_seen_date", seen}}},
                   {"finding_details", std::move(details)},
                   {"build_id", report.scan.id}});
  }
  return out;
}

Result<json> halPage(const std::string& name, const std::vector<json>& items,
                     const ApiRequest& request, const std::string& selfHref) {
  auto page = pagingParam(request, "page", 0, 0, INT32_MAX);
  if (!page) return page.error();
  auto size = pagingParam(request, "size", 20, 1, 500);
  if (!size) return size.error();
  int64_t total = static_cast<int64_t>(items.size());
  json slice = json::array();
  for (int64_t i = *page * *size; i < total && i < (*page + 1) * *size; ++i)
    slice.push_back(items[static_cast<std::size_t>(i)]);
  int64_t pages = (total + *size - 1) / *size;
  return json{
      {"_embedded", {{name, std::move(slice)}}},
      {"_links", {{"self", link(selfHref)}}},
      {"page",
       {{"number", *page}, {"size", *size}, {"total_elements", total}, {"total_pages", pages}}}};
}

json apiSpecificationJson(const storage::ApiDocument& doc, const std::string& origin) {
  return {{"spec_id", std::to_string(doc.id)},
          {"spec_name", doc.name},
          {"file_name", doc.fileName},
          {"endpoint_count", doc.operations},
          {"created_date_time", doc.createdAt},
          {"modified_date_time", doc.modifiedAt},
          {"capabilities", json::array()},
          {"_links",
           {{"self", link(origin + "/was/configservice/v1/api_specifications/" +
                          std::to_string(doc.id))}}}};
}

json errorCodesJson() {
  auto code = [](const char* id, const char* name, const char* description, const char* fix) {
    return json{{"id", id},         {"name", name},        {"description", description},
                {"default", false}, {"deprecated", false}, {"fix", fix},
                {"generic", false}};
  };
  return {{"_embedded",
           {{"codes",
             json::array(
                 {code("LOGIN_FAILED", "Login failed",
                       "The scan's login did not reach a logged-in page: still on the login page, "
                       "the logged-out marker shown, or no session cookie set.",
                       "Check the user name, password and markers of the target's authentication."),
                  code("LOGIN_FORM_NOT_FOUND", "Login form not found",
                       "No form with a password field at the login URL.",
                       "Give the login URL of the page that shows the form."),
                  code("LOGIN_OFF_ORIGIN", "Login on another origin",
                       "The login URL or its form posts to another origin than the target; "
                       "credentials are never sent there.",
                       "Use a login URL on the target's own scheme, host and port."),
                  code("LOGIN_UNREACHABLE", "Login page unreachable",
                       "The login request failed (DNS, connection, TLS or timeout).",
                       "Check that the target answers from this server.")})}}}};
}

}  // namespace ctc::http::veracode
