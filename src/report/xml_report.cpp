#include <string>

#include "ctc/report/curl_command.hpp"
#include "ctc/report/report_writer.hpp"
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

void writeSummary(XmlWriter& w, const std::vector<Finding>& findings) {
  const SeverityCounts counts = countBySeverity(findings);
  w.startElement("summary");
  w.element("total", std::to_string(counts.total));
  for (Severity s : kSeveritiesDescending) w.element(toString(s), std::to_string(counts[s]));
  w.endElement();
}

void writeFinding(XmlWriter& w, const Finding& f) {
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
  w.startElement("evidence");
  w.element("request", f.evidenceRequest);
  w.element("response", f.evidenceResponse);
  if (auto curl = curlCommand(f.evidenceRequest); !curl.empty()) w.element("curl", curl);
  w.endElement();
  w.element("description", f.description);
  w.element("recommendation", f.recommendation);
  w.startElement("references");
  for (const std::string& reference : f.references) w.element("reference", reference);
  w.endElement();
  w.element("authenticated", f.authenticated ? "true" : "false");
  if (!f.operation.empty()) w.element("operation", f.operation);
  if (!f.specification.empty()) w.element("specification", f.specification);
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
  writeSummary(w, report.findings);
  w.startElement("checks_run");
  for (const CheckRun& check : report.checksRun) w.element("check", check.checkId);
  w.endElement();
  w.startElement("findings");
  for (const Finding& f : report.findings) writeFinding(w, f);
  w.endElement();
  w.endElement();
  return w.finish();
}

}  // namespace ctc::report
