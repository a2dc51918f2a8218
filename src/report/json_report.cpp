#include <nlohmann/json.hpp>

#include "ctc/report/curl_command.hpp"
#include "ctc/report/finding_groups.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/report/risk_rating.hpp"
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

json summaryJson(const ScanReport& report, const GroupedReport& grouped) {
  const SeverityCounts counts = countBySeverity(grouped.findings);
  json summary = {{"total", counts.total}};
  for (Severity s : kSeveritiesDescending) summary[std::string(toString(s))] = counts[s];
  summary["instances"] = report.findings.size();
  summary["risk"] = overallRisk(grouped.findings).level;
  if (report.comparedWith) {
    const int fresh = newCount(grouped);
    summary["new"] = fresh;
    summary["unchanged"] = static_cast<int>(grouped.findings.size()) - fresh;
    summary["fixed"] = grouped.fixed.size();
  }
  return summary;
}

json optionalText(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

json evidenceJson(const std::string& request, const std::string& response) {
  const std::string curl = curlCommand(request);
  return {{"request", request}, {"response", response}, {"curl", optionalText(curl)}};
}

json instanceJson(const FindingInstance& i) {
  return {
      {"url", i.url},
      {"method", i.method},
      {"parameter", optionalText(i.parameter)},
      {"evidence", evidenceJson(i.evidenceRequest, i.evidenceResponse)},
      {"authenticated", i.authenticated},
      {"operation", optionalText(i.operation)},
  };
}

json changeJson(const std::optional<FindingChange>& change) {
  if (!change) return nullptr;
  return *change == FindingChange::New ? "new" : "unchanged";
}

json findingJson(const GroupedFinding& group) {
  const Finding& f = group.finding;
  const std::optional<double> cvss = cvssScore(f.cvss);
  const std::optional<std::string> cwe = cweId(f.cwe);
  json instances = json::array();
  for (const auto& instance : group.instances) instances.push_back(instanceJson(instance));
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
      {"parameter", optionalText(f.parameter)},
      {"evidence", evidenceJson(f.evidenceRequest, f.evidenceResponse)},
      {"description", f.description},
      {"recommendation", f.recommendation},
      {"references", f.references},
      {"authenticated", f.authenticated},
      {"operation", optionalText(f.operation)},
      {"specification", optionalText(f.specification)},
      {"change", changeJson(group.change)},
      {"instances", std::move(instances)},
  };
}

json fixedJson(const FixedFinding& f) {
  return {{"check", f.checkId},
          {"title", f.title},
          {"severity", std::string(toString(f.severity))},
          {"url", f.url},
          {"parameter", optionalText(f.parameter)}};
}

}  // namespace

std::string renderJson(const ScanReport& report) {
  json checks = json::array();
  for (const CheckRun& check : report.checksRun) checks.push_back(check.checkId);
  const GroupedReport grouped = groupReport(report);
  json findings = json::array();
  for (const GroupedFinding& g : grouped.findings) findings.push_back(findingJson(g));
  json fixed = json::array();
  for (const FixedFinding& f : grouped.fixed) fixed.push_back(fixedJson(f));

  const json document = {
      {"scan", scanJson(report)},
      {"target", targetJson(report.target)},
      {"team", {{"name", report.teamName}}},
      {"generated_at", report.generatedAt},
      {"summary", summaryJson(report, grouped)},
      {"checks_run", std::move(checks)},
      {"findings", std::move(findings)},
      {"compared_with", report.comparedWith ? json(*report.comparedWith) : json(nullptr)},
      {"fixed", std::move(fixed)},
  };
  // Scanned text may be invalid UTF-8; the default handler would throw.
  return document.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace ctc::report
