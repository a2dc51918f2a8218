#include <nlohmann/json.hpp>

#include "ctc/report/curl_command.hpp"
#include "ctc/report/report_writer.hpp"
#include "report_common.hpp"

namespace ctc::report {
namespace {

// ordered_json keeps the keys in the documented order, which is easier to read.
using json = nlohmann::ordered_json;

json optionalString(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json scanJson(const ScanReport& report) {
  const Scan& scan = report.scan;
  return {
      {"id", scan.id},
      {"status_code", static_cast<int>(scan.status)},
      {"status", std::string(toString(scan.status))},
      {"progress", scan.progress},
      {"created_at", scan.createdAt},
      {"started_at", optionalString(scan.startedAt)},
      {"finished_at", optionalString(scan.finishedAt)},
      {"message", optionalString(scan.message)},
      {"partial", report.partial},
      {"requests_sent", scan.requestsSent},
      {"pages_crawled", scan.pagesCrawled},
  };
}

// Deliberately field by field: credentialsJson and the inline swagger never leave the server.
json targetJson(const Target& target) {
  return {
      {"id", target.id},
      {"title", target.title},
      {"url", target.url},
      {"type", std::string(toString(target.type))},
  };
}

json summaryJson(const std::vector<Finding>& findings) {
  const SeverityCounts counts = countBySeverity(findings);
  json summary = {{"total", counts.total}};
  for (Severity s : kSeveritiesDescending) summary[std::string(toString(s))] = counts[s];
  return summary;
}

json findingJson(const Finding& f) {
  const std::optional<double> cvss = cvssScore(f.cvss);
  const std::optional<std::string> cwe = cweId(f.cwe);
  const std::string curl = curlCommand(f.evidenceRequest);
  return {
      {"id", f.id},
      {"check", f.checkId},
      {"family", f.family},
      {"title", f.title},
      {"severity", std::string(toString(f.severity))},
      {"cvss", cvss ? json(*cvss) : json(nullptr)},
      {"cwe", cwe ? json(f.cwe) : json(nullptr)},
      {"cwe_id", optionalString(cwe)},
      {"owasp", f.owasp},
      {"url", f.url},
      {"method", f.method},
      {"parameter", f.parameter.empty() ? json(nullptr) : json(f.parameter)},
      {"evidence",
       {{"request", f.evidenceRequest},
        {"response", f.evidenceResponse},
        {"curl", curl.empty() ? json(nullptr) : json(curl)}}},
      {"description", f.description},
      {"recommendation", f.recommendation},
      {"references", f.references},
      {"authenticated", f.authenticated},
      {"operation", f.operation.empty() ? json(nullptr) : json(f.operation)},
      {"specification", f.specification.empty() ? json(nullptr) : json(f.specification)},
  };
}

}  // namespace

std::string renderJson(const ScanReport& report) {
  json checks = json::array();
  for (const CheckRun& check : report.checksRun) checks.push_back(check.checkId);
  json findings = json::array();
  for (const Finding& f : report.findings) findings.push_back(findingJson(f));

  const json document = {
      {"scan", scanJson(report)},
      {"target", targetJson(report.target)},
      {"team", {{"name", report.teamName}}},
      {"generated_at", report.generatedAt},
      {"summary", summaryJson(report.findings)},
      {"checks_run", std::move(checks)},
      {"findings", std::move(findings)},
  };
  // Scanned text may be invalid UTF-8; the default handler would throw.
  return document.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace ctc::report
