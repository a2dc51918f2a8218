// SARIF 2.1.0 (OASIS), what GitHub code scanning and most CI dashboards ingest: one rule per
// check of the catalogue that found something, one result per grouped finding with a location
// per instance, the first instance's request and response, and a fingerprint stable across scans.
#include <nlohmann/json.hpp>

#include "ctc/report/curl_command.hpp"
#include "ctc/report/finding_groups.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/scanner/check_catalog.hpp"
#include "report_common.hpp"

namespace ctc::report {
namespace {

using json = nlohmann::ordered_json;

/// error / warning / note, as code scanning shows them.
std::string level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High:
      return "error";
    case Severity::Medium:
      return "warning";
    case Severity::Low:
    case Severity::Info:
      return "note";
  }
  return "note";
}

/// GitHub's security-severity: a CVSS-like score; its bands give critical >= 9, high >= 7,
/// medium >= 4, low > 0.
std::string securitySeverity(const Finding& f) {
  if (auto cvss = cvssScore(f.cvss)) return formatCvss(*cvss);
  switch (f.severity) {
    case Severity::Critical:
      return "9.5";
    case Severity::High:
      return "8.0";
    case Severity::Medium:
      return "5.5";
    case Severity::Low:
      return "3.0";
    case Severity::Info:
      return "0.0";
  }
  return "0.0";
}

json ruleJson(const Finding& f) {
  json tags = json::array({"security"});
  if (auto cwe = cweId(f.cwe)) {
    tags.push_back(*cwe);
    tags.push_back("external/cwe/cwe-" + std::to_string(f.cwe));
  }
  if (!f.owasp.empty()) tags.push_back("OWASP " + f.owasp);
  json rule = {
      {"id", f.checkId},
      {"name", f.title},
      {"shortDescription", {{"text", f.title}}},
      {"fullDescription", {{"text", f.description.empty() ? f.title : f.description}}},
      {"help", {{"text", f.recommendation.empty() ? f.title : f.recommendation}}},
      {"defaultConfiguration", {{"level", level(f.severity)}}},
      {"properties",
       {{"tags", tags},
        {"security-severity", securitySeverity(f)},
        {"problem.severity", level(f.severity) == "note" ? "recommendation" : level(f.severity)},
        {"precision", "high"}}},
  };
  if (!f.references.empty()) rule["helpUri"] = f.references.front();
  return rule;
}

/// "GET https://host/path" (or a longer evidence line) as a SARIF webRequest.
json webRequestJson(const FindingInstance& i) {
  json request = {
      {"protocol", "HTTP"}, {"version", "1.1"}, {"method", i.method}, {"target", i.url}};
  if (auto curl = curlCommand(i.evidenceRequest); !curl.empty())
    request["properties"] = {{"curl", curl}, {"evidence", i.evidenceRequest}};
  return request;
}

json resultJson(const GroupedFinding& g, int ruleIndex) {
  const Finding& f = g.finding;
  json locations = json::array();
  for (const auto& instance : g.instances)
    // A page has no lines: region line 1 with the evidence as its snippet, as ZAP's SARIF does,
    // so viewers that need a region (code scanning) show the proof.
    locations.push_back(
        {{"physicalLocation",
          {{"artifactLocation", {{"uri", instance.url}}},
           {"region",
            {{"startLine", 1},
             {"startColumn", 1},
             {"endLine", 1},
             {"endColumn", 1},
             {"snippet", {{"text", instance.evidenceResponse}}}}}}},
         {"message",
          {{"text",
            instance.method + " " + instance.url +
                (instance.parameter.empty() ? "" : " (parameter " + instance.parameter + ")")}}}});
  std::string where = f.parameter.empty() ? f.url : f.url + " (parameter " + f.parameter + ")";
  std::string more =
      g.instances.size() > 1 ? " and " + std::to_string(g.instances.size() - 1) + " more" : "";
  json result = {
      {"ruleId", f.checkId},
      {"ruleIndex", ruleIndex},
      {"level", level(f.severity)},
      {"message", {{"text", f.title + " at " + where + more + ". " + f.recommendation}}},
      {"locations", std::move(locations)},
      {"partialFingerprints", {{"crashtestFinding/v1", stableKey(g)}}},
      {"webRequest", webRequestJson(g.instances.front())},
      {"webResponse", {{"body", {{"text", f.evidenceResponse}}}}},
      {"properties",
       {{"severity", std::string(toString(f.severity))},
        {"instances", g.instances.size()},
        {"authenticated", f.authenticated}}},
  };
  if (g.change) result["baselineState"] = *g.change == FindingChange::New ? "new" : "unchanged";
  return result;
}

}  // namespace

std::string renderSarif(const ScanReport& report) {
  const GroupedReport grouped = groupReport(report);
  json rules = json::array();
  std::map<std::string, int> ruleIndex;
  json results = json::array();
  for (const auto& g : grouped.findings) {
    auto [it, added] = ruleIndex.emplace(g.finding.checkId, static_cast<int>(rules.size()));
    if (added) rules.push_back(ruleJson(g.finding));
    results.push_back(resultJson(g, it->second));
  }
  json invocation = {{"executionSuccessful", report.scan.status == ScanStatus::Finished}};
  if (report.scan.startedAt) invocation["startTimeUtc"] = *report.scan.startedAt;
  if (report.scan.finishedAt) invocation["endTimeUtc"] = *report.scan.finishedAt;
  if (report.scan.message)
    invocation["toolExecutionNotifications"] =
        json::array({{{"level", report.partial ? "error" : "note"},
                      {"message", {{"text", *report.scan.message}}}}});
  json run = {
      {"tool",
       {{"driver",
         {{"name", "crashtest-compat"},
          {"version", CTC_VERSION},
          {"semanticVersion", CTC_VERSION},
          {"rules", std::move(rules)}}}}},
      {"invocations", json::array({invocation})},
      {"automationDetails",
       {{"id", "crashtest-compat/target-" + std::to_string(report.target.id) + "/scan-" +
                   std::to_string(report.scan.id)}}},
      {"results", std::move(results)},
      {"properties",
       {{"target", report.target.url},
        {"comparedWith", report.comparedWith ? json(*report.comparedWith) : json(nullptr)},
        {"fixed", grouped.fixed.size()}}},
  };
  json document = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::array({std::move(run)})}};
  return document.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace ctc::report
