// The HTML report: one self-contained file (inline style, no script, font or image; a CSP meta
// says so to the browser), readable on a phone: the verdict, a severity chart, then the findings
// grouped by severity, each with its places, evidence, curl and fix.
#include <algorithm>
#include <cctype>
#include <string>

#include "ctc/report/curl_command.hpp"
#include "ctc/report/finding_groups.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/report/risk_rating.hpp"
#include "ctc/report/xml_text.hpp"
#include "ctc/util/html_escape.hpp"
#include "report_common.hpp"

namespace ctc::report {
namespace {

/// Text for HTML content and attribute values: invalid UTF-8 becomes U+FFFD and control
/// characters go, as in the XML report, then & < > " ' are entities.
std::string esc(std::string_view text) {
  return htmlEscaped(sanitizeXmlText(text));
}

const char* kStyle = R"(
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif;color:#1b2433;background:#f4f6f9}main{max-width:960px;margin:0 auto;padding:16px}
header{background:#1c2640;color:#fff;padding:20px 16px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9d2e3;overflow-wrap:anywhere}.card{background:#fff;
border-radius:8px;padding:16px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.risk{color:#fff;border-radius:8px;padding:16px}.risk b{font-size:26px;display:block}
.chart div{display:flex;align-items:center;gap:8px;margin:4px 0}.chart span.l{width:70px}
.chart span.n{width:32px;text-align:right}.bar{flex:1;background:#e6e9ef;height:14px;
border-radius:3px}.bar i{display:block;height:14px;border-radius:3px}
h2{font-size:19px;margin:24px 0 8px}details{background:#fff;border-radius:8px;margin:8px 0;
box-shadow:0 1px 2px rgba(0,0,0,.08)}summary{cursor:pointer;padding:12px 16px;font-weight:600;
overflow-wrap:anywhere}details>div{padding:0 16px 12px}.badge{display:inline-block;color:#fff;
border-radius:4px;padding:1px 8px;font-size:12px;margin-right:6px;vertical-align:1px}
.new{background:#1c2640}.unchanged{background:#8a93a3}pre{white-space:pre-wrap;
overflow-wrap:anywhere;background:#f0f2f6;padding:8px;border-radius:4px;font-size:13px;margin:4px 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:#5b6475}
dd{margin:0;overflow-wrap:anywhere}.muted{color:#5b6475}a{color:#1f5fbf;overflow-wrap:anywhere}
@media (max-width:600px){dl{grid-template-columns:1fr}dt{margin-top:6px}}
)";

const char* severityColor(Severity s) {
  switch (s) {
    case Severity::Critical:
      return "#7d0c29";
    case Severity::High:
      return "#d63026";
    case Severity::Medium:
      return "#f28c1c";
    case Severity::Low:
      return "#c9a300";
    case Severity::Info:
      return "#5487d1";
  }
  return "#8a93a3";
}

std::string capitalized(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

void evidenceHtml(std::string& out, const FindingInstance& i) {
  out += "<p class=muted>" + esc(i.method) + " " + esc(i.url) +
         (i.parameter.empty() ? "" : " &middot; parameter <b>" + esc(i.parameter) + "</b>") +
         (i.authenticated ? " &middot; logged in" : "") + "</p>";
  if (!i.evidenceRequest.empty())
    out += "<div>Request</div><pre>" + esc(i.evidenceRequest) + "</pre>";
  if (auto curl = curlCommand(i.evidenceRequest); !curl.empty())
    out += "<div>Reproduce</div><pre>" + esc(curl) + "</pre>";
  if (!i.evidenceResponse.empty())
    out += "<div>Response</div><pre>" + esc(i.evidenceResponse) + "</pre>";
}

void findingHtml(std::string& out, const GroupedFinding& g) {
  const Finding& f = g.finding;
  out += "<details><summary><span class=badge style=\"background:" +
         std::string(severityColor(f.severity)) + "\">" + capitalized(toString(f.severity)) +
         "</span>";
  if (g.change)
    out += *g.change == FindingChange::New ? "<span class=\"badge new\">New</span>"
                                           : "<span class=\"badge unchanged\">Unchanged</span>";
  out += esc(titleWithParameter(f)) + " <span class=muted>(" + std::to_string(g.instances.size()) +
         (g.instances.size() == 1 ? " place" : " places") + ")</span></summary><div><dl>";
  out += "<dt>Check</dt><dd>" + esc(f.checkId) + "</dd>";
  if (auto cwe = cweId(f.cwe)) out += "<dt>CWE</dt><dd>" + esc(*cwe) + "</dd>";
  if (!f.owasp.empty()) out += "<dt>OWASP</dt><dd>" + esc(f.owasp) + "</dd>";
  if (auto cvss = cvssScore(f.cvss)) out += "<dt>CVSS</dt><dd>" + formatCvss(*cvss) + "</dd>";
  if (!f.operation.empty())
    out += "<dt>Operation</dt><dd>" + esc(f.operation) + " (" + esc(f.specification) + ")</dd>";
  out += "</dl><h3>What</h3><p>" + esc(f.description) + "</p><h3>How to fix</h3><p>" +
         esc(f.recommendation) + "</p><h3>Where</h3>";
  for (const auto& instance : g.instances) evidenceHtml(out, instance);
  if (!f.references.empty()) {
    out += "<h3>References</h3><ul>";
    for (const auto& r : f.references)
      out += "<li><a href=\"" + esc(r) + "\" rel=\"noreferrer noopener\">" + esc(r) + "</a></li>";
    out += "</ul>";
  }
  out += "</div></details>";
}

}  // namespace

std::string renderHtml(const ScanReport& report) {
  const GroupedReport grouped = groupReport(report);
  const RiskRating risk = overallRisk(grouped.findings);
  const SeverityCounts counts = countBySeverity(grouped.findings);
  const Scan& scan = report.scan;
  std::string out;
  out.reserve(64 * 1024);
  out +=
      "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
      "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\"><title>Scan " +
      std::to_string(scan.id) + " of " + esc(report.target.title) + "</title><style>" + kStyle +
      "</style></head><body><header><h1>Security scan report: " + esc(report.target.title) +
      "</h1><p>" + esc(report.target.url) + "</p><p>Scan " + std::to_string(scan.id) +
      " &middot; " + esc(std::string(toString(scan.status))) + " &middot; " +
      esc(readableTime(scan.finishedAt.value_or(scan.createdAt)));
  if (auto seconds = scanDurationSeconds(scan)) out += " &middot; " + formatDuration(*seconds);
  out += " &middot; " + std::to_string(scan.requestsSent) + " requests</p></header><main>";
  if (report.partial)
    out += "<div class=card><b>Partial report.</b> The scan " +
           esc(std::string(toString(scan.status))) +
           " before it completed: findings may be missing." +
           (scan.message ? " " + esc(*scan.message) : "") + "</div>";
  bool calm = risk.level == "none" || risk.level == "minimal";
  out += "<div class=risk style=\"background:" +
         std::string(calm ? "#33894f" : severityColor(risk.color)) + "\">Overall risk<b>" +
         esc(capitalized(risk.level)) + "</b>" + esc(risk.reason) +
         "</div><div class=\"card chart\"><div><b>" + std::to_string(counts.total) +
         (counts.total == 1 ? " finding" : " findings") + " at " +
         std::to_string(report.findings.size()) +
         (report.findings.size() == 1 ? " place" : " places") + "</b></div>";
  int largest = 1;
  for (int c : counts.bySeverity) largest = std::max(largest, c);
  for (Severity s : kSeveritiesDescending)
    out += "<div><span class=l>" + capitalized(toString(s)) + "</span><span class=n>" +
           std::to_string(counts[s]) +
           "</span><span class=bar><i style=\"width:" + std::to_string(counts[s] * 100 / largest) +
           "%;background:" + severityColor(s) + "\"></i></span></div>";
  if (report.comparedWith) {
    const int fresh = newCount(grouped);
    out += "<p>Since scan " + std::to_string(*report.comparedWith) + ": <b>" +
           std::to_string(fresh) + " new</b>, " + std::to_string(grouped.findings.size() - fresh) +
           " unchanged, " + std::to_string(grouped.fixed.size()) + " fixed.</p>";
  }
  out += "</div>";
  for (Severity s : kSeveritiesDescending) {
    if (counts[s] == 0) continue;
    out += "<h2>" + capitalized(toString(s)) + " (" + std::to_string(counts[s]) + ")</h2>";
    for (const auto& g : grouped.findings)
      if (g.finding.severity == s) findingHtml(out, g);
  }
  if (grouped.findings.empty())
    out += "<div class=card>No findings: " + std::to_string(report.checksRun.size()) +
           " checks found no problem.</div>";
  if (!grouped.fixed.empty()) {
    out += "<h2>Fixed since scan " + std::to_string(*report.comparedWith) +
           "</h2><div class=card><ul>";
    for (const auto& f : grouped.fixed)
      out += "<li>" + capitalized(toString(f.severity)) + ": " + esc(f.title) + " &mdash; " +
             esc(f.url) + (f.parameter.empty() ? "" : " (" + esc(f.parameter) + ")") + "</li>";
    out += "</ul></div>";
  }
  out += "<p class=muted>Generated " + esc(report.generatedAt) + " by crashtest-compat " +
         CTC_VERSION + " for " + esc(report.teamName) + ".</p></main></body></html>\n";
  return out;
}

}  // namespace ctc::report
