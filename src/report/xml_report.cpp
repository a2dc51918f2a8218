#include <string>

#include "ctc/report/curl_command.hpp"
#include "ctc/report/finding_groups.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/report/risk_rating.hpp"
#include "report_common.hpp"
#include "xml_writer.hpp"

namespace ctc::report {
namespace {

// Element names mirror the JSON keys; absent optionals are left out (minOccurs="0" in the XSD).
void optionalElement(XmlWriter& w, std::string_view name, const std::optional<std::string>& v) {
  if (v) w.element(name, *v);
}

void writeScan(XmlWriter& w, const ScanReport& report) {
  const Scan& scan = report.scan;
  w.startElement("scan");
  w.element("id", std::to_string(scan.id));
  w.element("status_code", std::to_string(static_cast<int>(scan.status)));
  w.element("status", toString(scan.status));
  w.element("progress", std::to_string(scan.progress));
  w.element("created_at", scan.createdAt);
  optionalElement(w, "started_at", scan.startedAt);
  optionalElement(w, "finished_at", scan.finishedAt);
  optionalElement(w, "message", scan.message);
  w.element("partial", report.partial ? "true" : "false");
  w.element("requests_sent", std::to_string(scan.requestsSent));
  w.element("pages_crawled", std::to_string(scan.pagesCrawled));
  w.endElement();
}

// Field by field on purpose: credentialsJson and the inline swagger are never rendered.
void writeTarget(XmlWriter& w, const Target& target) {
  w.startElement("target");
  w.element("id", std::to_string(target.id));
  w.element("title", target.title);
  w.element("url", target.url);
  w.element("type", toString(target.type));
  w.endElement();
}

void writeSummary(XmlWriter& w, const ScanReport& report, const GroupedReport& grouped) {
  const SeverityCounts counts = countBySeverity(grouped.findings);
  w.startElement("summary");
  w.element("total", std::to_string(counts.total));
  for (Severity s : kSeveritiesDescending) w.element(toString(s), std::to_string(counts[s]));
  w.element("instances", std::to_string(report.findings.size()));
  w.element("risk", overallRisk(grouped.findings).level);
  if (report.comparedWith) {
    const int fresh = newCount(grouped);
    w.element("new", std::to_string(fresh));
    w.element("unchanged", std::to_string(grouped.findings.size() - fresh));
    w.element("fixed", std::to_string(grouped.fixed.size()));
  }
  w.endElement();
}

void writeEvidence(XmlWriter& w, const std::string& request, const std::string& response) {
  w.startElement("evidence");
  w.element("request", request);
  w.element("response", response);
  if (auto curl = curlCommand(request); !curl.empty()) w.element("curl", curl);
  w.endElement();
}

void writeInstance(XmlWriter& w, const FindingInstance& i) {
  w.startElement("instance");
  w.element("url", i.url);
  w.element("method", i.method);
  if (!i.parameter.empty()) w.element("parameter", i.parameter);
  writeEvidence(w, i.evidenceRequest, i.evidenceResponse);
  w.element("authenticated", i.authenticated ? "true" : "false");
  if (!i.operation.empty()) w.element("operation", i.operation);
  w.endElement();
}

void writeFinding(XmlWriter& w, const GroupedFinding& group) {
  const Finding& f = group.finding;
  w.startElement("finding");
  w.attribute("id", std::to_string(f.id));
  w.element("check", f.checkId);
  w.element("family", f.family);
  w.element("title", f.title);
  w.element("severity", toString(f.severity));
  if (const auto cvss = cvssScore(f.cvss)) w.element("cvss", formatCvss(*cvss));
  if (const auto cwe = cweId(f.cwe)) {
    w.element("cwe", std::to_string(f.cwe));
    w.element("cwe_id", *cwe);
  }
  w.element("owasp", f.owasp);
  w.element("url", f.url);
  w.element("method", f.method);
  if (!f.parameter.empty()) w.element("parameter", f.parameter);
  writeEvidence(w, f.evidenceRequest, f.evidenceResponse);
  w.element("description", f.description);
  w.element("recommendation", f.recommendation);
  w.startElement("references");
  for (const std::string& reference : f.references) w.element("reference", reference);
  w.endElement();
  w.element("authenticated", f.authenticated ? "true" : "false");
  if (!f.operation.empty()) w.element("operation", f.operation);
  if (!f.specification.empty()) w.element("specification", f.specification);
  if (group.change) w.element("change", *group.change == FindingChange::New ? "new" : "unchanged");
  w.startElement("instances");
  for (const auto& instance : group.instances) writeInstance(w, instance);
  w.endElement();
  w.endElement();
}

void writeFixed(XmlWriter& w, const std::vector<FixedFinding>& fixed) {
  w.startElement("fixed");
  for (const auto& f : fixed) {
    w.startElement("finding");
    w.element("check", f.checkId);
    w.element("title", f.title);
    w.element("severity", toString(f.severity));
    w.element("url", f.url);
    if (!f.parameter.empty()) w.element("parameter", f.parameter);
    w.endElement();
  }
  w.endElement();
}

}  // namespace

std::string renderXml(const ScanReport& report) {
  XmlWriter w;
  w.startElement("crashtestReport");
  w.attribute("version", "1");
  writeScan(w, report);
  writeTarget(w, report.target);
  w.startElement("team");
  w.element("name", report.teamName);
  w.endElement();
  w.element("generated_at", report.generatedAt);
  const GroupedReport grouped = groupReport(report);
  writeSummary(w, report, grouped);
  w.startElement("checks_run");
  for (const CheckRun& check : report.checksRun) w.element("check", check.checkId);
  w.endElement();
  w.startElement("findings");
  for (const GroupedFinding& g : grouped.findings) writeFinding(w, g);
  w.endElement();
  if (report.comparedWith) w.element("compared_with", std::to_string(*report.comparedWith));
  writeFixed(w, grouped.fixed);
  w.endElement();
  return w.finish();
}

}  // namespace ctc::report
