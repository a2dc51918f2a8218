// Finding sections of the PDF report.
#include <algorithm>
#include <cctype>
#include <string>

#include "ctc/report/curl_command.hpp"
#include "pdf_sections.hpp"
#include "pdf_text_layout.hpp"
#include "report_common.hpp"

namespace ctc::report {
namespace {

constexpr TextStyle kBody{};
constexpr TextStyle kHeading{Face::Bold, 20, kBlack, 26};
constexpr TextStyle kFindingTitle{Face::Bold, 13, kBlack, 17};
constexpr TextStyle kSectionLabel{Face::Bold, 10, kBlack, 15};
constexpr TextStyle kSmallLabel{Face::Bold, 8, kGrey, 12};
constexpr TextStyle kLinkStyle{Face::Regular, 10, kLink, 13.5};
constexpr double kBadgeWidth = 64;

std::string safe(std::string_view text, std::size_t maxChars = kMaxTextChars) {
  return pdfSafeText(text, maxChars);
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Severity badge on the left, the (wrapped) title next to it; kept on one page.
void findingHeading(PdfFlow& flow, std::size_t number, const Finding& f) {
  const std::string title = std::to_string(number) + ". " + safe(f.title, kMaxTitleChars);
  const auto titleLines = flow.wrap(title, kFindingTitle, kContentWidth - kBadgeWidth - 10);
  // Heading plus a few detail rows, so a heading never sits alone at the bottom of a page.
  flow.ensureSpace(titleLines.size() * kFindingTitle.leading + 4 * kBody.leading);
  if (flow.full()) return;
  PdfDocument& doc = flow.doc();
  const double top = flow.y();
  const std::string label = upper(toString(f.severity));
  doc.fillRect(flow.page(), kMarginLeft, top - 15, kBadgeWidth, 15, severityColor(f.severity));
  doc.drawText(flow.page(), Face::Bold, 8, severityTextColor(f.severity),
               kMarginLeft + (kBadgeWidth - doc.textWidth(Face::Bold, 8, label)) / 2, top - 10.5,
               label);
  flow.lines(titleLines, kFindingTitle, kBadgeWidth + 10);
  flow.space(6);
}

// A bullet with a hanging indent, so wrapped URLs line up under the text.
void bullet(PdfFlow& flow, const std::string& text) {
  constexpr double kIndent = 18;
  const auto lines = flow.wrap(text, kLinkStyle, kContentWidth - kIndent);
  if (lines.empty()) return;
  flow.ensureSpace(kLinkStyle.leading);
  if (flow.full()) return;
  flow.doc().drawText(flow.page(), Face::Regular, kLinkStyle.size, kGrey, kMarginLeft + 6,
                      flow.y() - flow.doc().ascent(Face::Regular, kLinkStyle.size), "\u2022");
  flow.lines(lines, kLinkStyle, kIndent);
}

/// Places listed in full in a finding's section; the JSON, XML and SARIF reports list them all.
constexpr std::size_t kMaxPlacesShown = 20;

void evidence(PdfFlow& flow, const FindingInstance& f) {
  flow.space(6);
  flow.paragraph("Evidence", kSectionLabel);
  if (f.evidenceRequest.empty() && f.evidenceResponse.empty()) {
    flow.paragraph("No evidence recorded.", {Face::Regular, 10, kGrey, 13.5});
    return;
  }
  if (!f.evidenceRequest.empty()) {
    flow.paragraph("REQUEST", kSmallLabel);
    flow.codeBox(safe(f.evidenceRequest, kMaxEvidenceChars));
    flow.space(4);
    if (auto curl = curlCommand(f.evidenceRequest); !curl.empty()) {
      flow.paragraph("REPRODUCE", kSmallLabel);
      flow.codeBox(safe(curl, kMaxEvidenceChars));
      flow.space(4);
    }
  }
  if (!f.evidenceResponse.empty()) {
    flow.paragraph("RESPONSE", kSmallLabel);
    flow.codeBox(safe(f.evidenceResponse, kMaxEvidenceChars));
  }
}

std::string placeText(const FindingInstance& i) {
  std::string text = safe(i.method, kMaxTitleChars) + " " + safe(i.url, kMaxUrlChars);
  if (!i.parameter.empty()) text += "  (" + safe(i.parameter, kMaxTitleChars) + ")";
  return text;
}

/// The other places: each URL wrapped, with the curl that reproduces it.
void otherPlaces(PdfFlow& flow, const GroupedFinding& g) {
  if (g.instances.size() < 2) return;
  flow.space(8);
  flow.paragraph("Also found at (" + std::to_string(g.instances.size() - 1) + ")", kSectionLabel);
  std::size_t shown = 0;
  for (std::size_t i = 1; i < g.instances.size() && !flow.full(); ++i) {
    if (++shown > kMaxPlacesShown) {
      flow.paragraph(std::to_string(g.instances.size() - i) +
                         " more places are listed in the JSON, XML and SARIF reports.",
                     {Face::Regular, 10, kGrey, 13.5});
      return;
    }
    bullet(flow, placeText(g.instances[i]));
    if (auto curl = curlCommand(g.instances[i].evidenceRequest); !curl.empty())
      flow.codeBox(safe(curl, kMaxEvidenceChars));
    flow.space(2);
  }
}

void textSection(PdfFlow& flow, std::string_view label, std::string_view text) {
  if (text.empty()) return;
  flow.space(8);
  flow.ensureSpace(kSectionLabel.leading + 2 * kBody.leading);
  flow.paragraph(label, kSectionLabel);
  flow.paragraph(safe(text), kBody);
}

void findingSection(PdfFlow& flow, std::size_t number, const GroupedFinding& g) {
  const Finding& f = g.finding;
  findingHeading(flow, number, f);
  std::string severity(toString(f.severity));
  severity[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(severity[0])));
  if (const auto cvss = cvssScore(f.cvss)) severity += "  (CVSS " + formatCvss(*cvss) + ")";
  flow.labelValue("Severity", severity);
  if (const auto cwe = cweId(f.cwe)) flow.labelValue("CWE", *cwe);
  if (!f.owasp.empty()) flow.labelValue("OWASP", safe(f.owasp));
  flow.labelValue("Check", safe(f.checkId, kMaxTitleChars));
  if (g.change)
    flow.labelValue("Change", *g.change == FindingChange::New
                                  ? "New since the previous scan"
                                  : "Unchanged since the previous scan");
  flow.labelValue("Places", std::to_string(g.instances.size()));
  flow.labelValue("Request", safe(f.method, kMaxTitleChars) + " " + safe(f.url, kMaxUrlChars), 100,
                  kLinkStyle);
  if (!f.parameter.empty()) flow.labelValue("Parameter", safe(f.parameter, kMaxTitleChars));
  if (!f.operation.empty())
    flow.labelValue("Operation", safe(f.operation, kMaxUrlChars) + " (" +
                                     safe(f.specification, kMaxTitleChars) + ")");
  evidence(flow, g.instances.front());
  otherPlaces(flow, g);
  textSection(flow, "Description", f.description);
  textSection(flow, "Recommendation", f.recommendation);
  if (!f.references.empty()) {
    flow.space(8);
    flow.paragraph("References", kSectionLabel);
    for (const std::string& reference : f.references) bullet(flow, safe(reference, kMaxUrlChars));
  }
  flow.space(14);
  flow.rule();
  flow.space(16);
}

}  // namespace

void writeFindings(PdfFlow& flow, const ScanReport& report, const GroupedReport& grouped,
                   int maxPages, int reservePages) {
  if (grouped.findings.empty()) {
    // Short enough to share the summary page.
    flow.space(36);
    flow.paragraph("No findings", kHeading);
    flow.space(6);
    std::string text = "The scan ran " + std::to_string(report.checksRun.size()) +
                       " checks against " + safe(report.target.url, kMaxUrlChars) +
                       " and none of them found a problem.";
    if (report.partial)
      text += " The scan did not complete, so checks that did not run may still find problems.";
    flow.paragraph(text, kBody);
    return;
  }
  if (!flow.newPage()) return;
  flow.paragraph("Findings", kHeading);
  flow.space(10);
  for (std::size_t i = 0; i < grouped.findings.size(); ++i) {
    if (static_cast<int>(flow.doc().pages().size()) >= maxPages - reservePages) {
      flow.space(10);
      flow.paragraph("The PDF report is limited to " + std::to_string(maxPages) + " pages; " +
                         std::to_string(grouped.findings.size() - i) +
                         " more findings are listed in the JSON and XML reports.",
                     {Face::Bold, 10, kBlack, 13.5});
      return;
    }
    findingSection(flow, i + 1, grouped.findings[i]);
    if (flow.full()) return;
  }
}

}  // namespace ctc::report
