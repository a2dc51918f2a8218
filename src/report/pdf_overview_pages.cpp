// Title page and summary page of the PDF report.
#include <algorithm>
#include <cctype>
#include <string>

#include "ctc/report/risk_rating.hpp"
#include "pdf_sections.hpp"
#include "pdf_text_layout.hpp"
#include "report_common.hpp"

namespace ctc::report {
namespace {

constexpr Rgb kBand{0.11f, 0.15f, 0.24f};
constexpr Rgb kWhite{1.0f, 1.0f, 1.0f};
constexpr Rgb kPartialFill{0.99f, 0.92f, 0.90f};
constexpr Rgb kPartialText{0.62f, 0.12f, 0.08f};

constexpr TextStyle kBody{};
constexpr TextStyle kHeading{Face::Bold, 20, kBlack, 26};
constexpr TextStyle kSubheading{Face::Bold, 12, kBlack, 17};

std::string safe(std::string_view text, std::size_t maxChars = kMaxTextChars) {
  return pdfSafeText(text, maxChars);
}

std::string capitalized(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

void partialNote(PdfFlow& flow, const ScanReport& report) {
  std::string text =
      "The scan stopped before it completed, so this report may miss findings. Status: " +
      std::string(toString(report.scan.status)) + ".";
  if (report.scan.message) text += " Reason: " + *report.scan.message;
  constexpr double kPadding = 10;
  const TextStyle style{Face::Regular, 10, kPartialText, 13.5};
  const auto lines = flow.wrap(safe(text), style, kContentWidth - 2 * kPadding);
  const double height = 2 * kPadding + 18 + lines.size() * style.leading;
  flow.ensureSpace(height);
  if (flow.full()) return;
  const double top = flow.y();
  flow.doc().fillRect(flow.page(), kMarginLeft, top - height, kContentWidth, height, kPartialFill);
  flow.doc().fillRect(flow.page(), kMarginLeft, top - height, 4, height, kPartialText);
  flow.advance(kPadding);
  flow.lines({"PARTIAL REPORT"}, {Face::Bold, 12, kPartialText, 18}, kPadding);
  flow.lines(lines, style, kPadding);
  flow.advance(kPadding);
}

void severityChart(PdfFlow& flow, const SeverityCounts& counts) {
  constexpr double kLabelWidth = 80, kCountWidth = 40, kRowHeight = 26, kBarHeight = 16;
  const double barLeft = kMarginLeft + kLabelWidth + kCountWidth + 12;
  const double barMax = kMarginLeft + kContentWidth - barLeft;
  int largest = 1;
  for (int c : counts.bySeverity) largest = std::max(largest, c);
  flow.ensureSpace(kRowHeight * 5);
  if (flow.full()) return;
  PdfDocument& doc = flow.doc();
  for (Severity s : kSeveritiesDescending) {
    const double top = flow.y();
    const double barBottom = top - kBarHeight;
    const double baseline = barBottom + 4.5;
    const std::string count = std::to_string(counts[s]);
    doc.drawText(flow.page(), Face::Bold, 10, kBlack, kMarginLeft, baseline,
                 capitalized(toString(s)));
    doc.drawText(flow.page(), Face::Regular, 10, kBlack,
                 kMarginLeft + kLabelWidth + kCountWidth - doc.textWidth(Face::Regular, 10, count),
                 baseline, count);
    doc.fillRect(flow.page(), barLeft, barBottom, barMax, kBarHeight, kLightGrey);
    doc.fillRect(flow.page(), barLeft, barBottom, barMax * counts[s] / largest, kBarHeight,
                 severityColor(s));
    flow.advance(kRowHeight);
  }
}

// One row per grouped finding: number, severity, title, places, change; the header repeats on
// every page. URLs are left to the finding sections, where they wrap instead of being cut.
void findingsOverview(PdfFlow& flow, const ScanReport& report, const GroupedReport& grouped) {
  constexpr double kRow = 14, kSize = 8.5;
  constexpr double kNumberWidth = 30, kSeverityWidth = 60, kPlacesWidth = 50, kChangeWidth = 70;
  const double titleWidth =
      kContentWidth - kNumberWidth - kSeverityWidth - kPlacesWidth - kChangeWidth;
  const double columns[] = {kMarginLeft, kMarginLeft + kNumberWidth,
                            kMarginLeft + kNumberWidth + kSeverityWidth,
                            kMarginLeft + kNumberWidth + kSeverityWidth + titleWidth,
                            kMarginLeft + kContentWidth - kChangeWidth};
  PdfDocument& doc = flow.doc();
  HPDF_Page headerPage = nullptr;
  const auto measure = [&doc](char32_t cp) { return doc.charWidth(Face::Regular, kSize, cp); };
  const bool compared = report.comparedWith.has_value();
  for (std::size_t i = 0; i < grouped.findings.size() && !flow.full(); ++i) {
    flow.ensureSpace(kRow * (headerPage == flow.page() ? 1 : 2));
    if (flow.full()) return;
    if (headerPage != flow.page()) {
      headerPage = flow.page();
      doc.fillRect(flow.page(), kMarginLeft, flow.y() - kRow, kContentWidth, kRow, kLightGrey);
      const char* headers[] = {"#", "Severity", "Title", "Places", compared ? "Change" : ""};
      for (int c = 0; c < 5; ++c)
        doc.drawText(flow.page(), Face::Bold, kSize, kBlack, columns[c] + 3, flow.y() - 10,
                     headers[c]);
      flow.advance(kRow);
    }
    const GroupedFinding& g = grouped.findings[i];
    const Finding& f = g.finding;
    const double baseline = flow.y() - 10;
    doc.drawText(flow.page(), Face::Regular, kSize, kGrey, columns[0] + 3, baseline,
                 std::to_string(i + 1));
    doc.fillRect(flow.page(), columns[1] + 3, flow.y() - 11, 4, 9, severityColor(f.severity));
    doc.drawText(flow.page(), Face::Regular, kSize, kBlack, columns[1] + 11, baseline,
                 capitalized(toString(f.severity)));
    doc.drawText(
        flow.page(), Face::Regular, kSize, kBlack, columns[2] + 3, baseline,
        truncateToWidth(safe(titleWithParameter(f), kMaxTitleChars), measure, titleWidth - 8));
    doc.drawText(flow.page(), Face::Regular, kSize, kGrey, columns[3] + 3, baseline,
                 std::to_string(g.instances.size()));
    if (g.change)
      doc.drawText(flow.page(), *g.change == FindingChange::New ? Face::Bold : Face::Regular, kSize,
                   *g.change == FindingChange::New ? kBlack : kGrey, columns[4] + 3, baseline,
                   *g.change == FindingChange::New ? "New" : "Unchanged");
    flow.advance(kRow);
  }
}

void fixedList(PdfFlow& flow, const GroupedReport& grouped) {
  if (grouped.fixed.empty()) return;
  flow.space(20);
  flow.paragraph("Fixed since the previous scan", kSubheading);
  flow.space(4);
  for (const auto& f : grouped.fixed)
    flow.paragraph(capitalized(toString(f.severity)) + ": " + safe(f.title, kMaxTitleChars) +
                       " \u2014 " + safe(f.url, kMaxUrlChars) +
                       (f.parameter.empty() ? "" : " (" + safe(f.parameter, kMaxTitleChars) + ")"),
                   kBody, 8);
}

/// The verdict box: the overall risk in its colour, and why.
void riskBox(PdfFlow& flow, const RiskRating& risk) {
  constexpr double kPadding = 12, kHeight = 62;
  flow.ensureSpace(kHeight);
  if (flow.full()) return;
  PdfDocument& doc = flow.doc();
  const double top = flow.y();
  const bool none = risk.level == "none" || risk.level == "minimal";
  const Rgb fill = none ? Rgb{0.20f, 0.55f, 0.33f} : severityColor(risk.color);
  const Rgb text = none ? kWhite : severityTextColor(risk.color);
  doc.fillRect(flow.page(), kMarginLeft, top - kHeight, kContentWidth, kHeight, fill);
  std::string level = risk.level;
  for (char& c : level) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  doc.drawText(flow.page(), Face::Bold, 9, text, kMarginLeft + kPadding, top - 18, "OVERALL RISK");
  doc.drawText(flow.page(), Face::Bold, 22, text, kMarginLeft + kPadding, top - 42, level);
  const auto width = [&doc](char32_t cp) { return doc.charWidth(Face::Regular, 9, cp); };
  doc.drawText(flow.page(), Face::Regular, 9, text, kMarginLeft + kPadding, top - 55,
               truncateToWidth(safe(risk.reason), width, kContentWidth - 2 * kPadding));
  flow.advance(kHeight);
}

}  // namespace

Rgb severityColor(Severity severity) {
  switch (severity) {
    case Severity::Critical:
      return {0.49f, 0.05f, 0.16f};
    case Severity::High:
      return {0.84f, 0.19f, 0.15f};
    case Severity::Medium:
      return {0.95f, 0.55f, 0.11f};
    case Severity::Low:
      return {0.96f, 0.80f, 0.22f};
    case Severity::Info:
      return {0.33f, 0.53f, 0.82f};
  }
  return kGrey;
}

Rgb severityTextColor(Severity severity) {
  return severity == Severity::Low ? kBlack : kWhite;
}

void writeTitlePage(PdfFlow& flow, const ScanReport& report, const GroupedReport& grouped) {
  if (!flow.newPage()) return;
  PdfDocument& doc = flow.doc();
  constexpr double kBandHeight = 96;
  doc.fillRect(flow.page(), 0, kPageHeight - kBandHeight, kPageWidth, kBandHeight, kBand);
  doc.drawText(flow.page(), Face::Bold, 12, kWhite, kMarginLeft, kPageHeight - 40,
               "crashtest-compat");
  doc.drawText(flow.page(), Face::Bold, 24, kWhite, kMarginLeft, kPageHeight - 74,
               "Security scan report");
  flow.advance(kContentTop - (kPageHeight - kBandHeight) + 28);

  const Scan& scan = report.scan;
  flow.paragraph(safe(report.target.title, kMaxTitleChars), {Face::Bold, 18, kBlack, 23});
  flow.paragraph(safe(report.target.url, kMaxUrlChars), {Face::Regular, 11, kLink, 15});
  std::string when =
      "Scanned " +
      safe(readableTime(scan.finishedAt.value_or(scan.startedAt.value_or(scan.createdAt))));
  if (auto seconds = scanDurationSeconds(scan)) when += " in " + formatDuration(*seconds);
  when += " \u00B7 " + std::to_string(scan.requestsSent) + " requests \u00B7 " +
          std::to_string(scan.pagesCrawled) + " pages \u00B7 " +
          std::to_string(report.checksRun.size()) + " checks";
  flow.paragraph(when, {Face::Regular, 10, kGrey, 14});
  flow.space(16);
  if (report.partial) {
    partialNote(flow, report);
    flow.space(12);
  }
  riskBox(flow, overallRisk(grouped.findings));
  flow.space(18);
  const SeverityCounts counts = countBySeverity(grouped.findings);
  flow.paragraph(std::to_string(counts.total) + (counts.total == 1 ? " finding" : " findings") +
                     " at " + std::to_string(report.findings.size()) +
                     (report.findings.size() == 1 ? " place" : " places"),
                 kSubheading);
  flow.space(8);
  severityChart(flow, counts);
  flow.space(10);
  if (report.comparedWith) {
    const int fresh = newCount(grouped);
    flow.paragraph("Since scan " + std::to_string(*report.comparedWith) + ": " +
                       std::to_string(fresh) + " new, " +
                       std::to_string(grouped.findings.size() - fresh) + " unchanged, " +
                       std::to_string(grouped.fixed.size()) + " fixed.",
                   {Face::Bold, 11, kBlack, 15});
  } else {
    flow.paragraph("The first finished scan of this project: nothing to compare with.",
                   {Face::Regular, 10, kGrey, 14});
  }
  flow.space(16);
  flow.labelValue("Scan ID", std::to_string(scan.id));
  flow.labelValue("Status", std::string(toString(scan.status)) + " (" +
                                std::to_string(static_cast<int>(scan.status)) + ")");
  if (scan.message) flow.labelValue("Message", safe(*scan.message));
  flow.labelValue("Team", safe(report.teamName, kMaxTitleChars));
  flow.labelValue("Generated at", safe(report.generatedAt));
}

void writeSummary(PdfFlow& flow, const ScanReport& report, const GroupedReport& grouped) {
  if (grouped.findings.empty() && grouped.fixed.empty()) return;
  if (!flow.newPage()) return;
  flow.paragraph("Findings overview", kHeading);
  flow.space(6);
  flow.paragraph(
      "One line per finding (a check and the parameter it concerns); the places it "
      "was seen are listed in its section.",
      kBody);
  flow.space(10);
  findingsOverview(flow, report, grouped);
  fixedList(flow, grouped);
}

}  // namespace ctc::report
