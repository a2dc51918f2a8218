// Title page and summary page of the PDF report.
#include <algorithm>
#include <cctype>
#include <string>

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

// One row per finding: number, severity, title, URL; the header repeats on every page.
void findingsOverview(PdfFlow& flow, const ScanReport& report) {
  constexpr double kRow = 14, kSize = 8.5;
  constexpr double kNumberWidth = 30, kSeverityWidth = 60, kTitleWidth = 200;
  const double columns[] = {kMarginLeft, kMarginLeft + kNumberWidth,
                            kMarginLeft + kNumberWidth + kSeverityWidth,
                            kMarginLeft + kNumberWidth + kSeverityWidth + kTitleWidth};
  const double urlWidth = kMarginLeft + kContentWidth - columns[3];
  PdfDocument& doc = flow.doc();
  HPDF_Page headerPage = nullptr;
  const auto measure = [&](Face face) {
    return [&doc, face](char32_t cp) { return doc.charWidth(face, kSize, cp); };
  };
  for (std::size_t i = 0; i < report.findings.size() && !flow.full(); ++i) {
    flow.ensureSpace(kRow * (headerPage == flow.page() ? 1 : 2));
    if (flow.full()) return;
    if (headerPage != flow.page()) {
      headerPage = flow.page();
      doc.fillRect(flow.page(), kMarginLeft, flow.y() - kRow, kContentWidth, kRow, kLightGrey);
      const char* headers[] = {"#", "Severity", "Title", "URL"};
      for (int c = 0; c < 4; ++c)
        doc.drawText(flow.page(), Face::Bold, kSize, kBlack, columns[c] + 3, flow.y() - 10,
                     headers[c]);
      flow.advance(kRow);
    }
    const Finding& f = report.findings[i];
    const double baseline = flow.y() - 10;
    doc.drawText(flow.page(), Face::Regular, kSize, kGrey, columns[0] + 3, baseline,
                 std::to_string(i + 1));
    doc.fillRect(flow.page(), columns[1] + 3, flow.y() - 11, 4, 9, severityColor(f.severity));
    doc.drawText(flow.page(), Face::Regular, kSize, kBlack, columns[1] + 11, baseline,
                 capitalized(toString(f.severity)));
    doc.drawText(
        flow.page(), Face::Regular, kSize, kBlack, columns[2] + 3, baseline,
        truncateToWidth(safe(f.title, kMaxTitleChars), measure(Face::Regular), kTitleWidth - 8));
    doc.drawText(flow.page(), Face::Regular, kSize, kGrey, columns[3] + 3, baseline,
                 truncateToWidth(safe(f.url, kMaxUrlChars), measure(Face::Regular), urlWidth - 6));
    flow.advance(kRow);
  }
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

void writeTitlePage(PdfFlow& flow, const ScanReport& report) {
  if (!flow.newPage()) return;
  PdfDocument& doc = flow.doc();
  constexpr double kBandHeight = 130;
  doc.fillRect(flow.page(), 0, kPageHeight - kBandHeight, kPageWidth, kBandHeight, kBand);
  doc.drawText(flow.page(), Face::Bold, 14, kWhite, kMarginLeft, kPageHeight - 50,
               "crashtest-compat");
  doc.drawText(flow.page(), Face::Bold, 28, kWhite, kMarginLeft, kPageHeight - 96,
               "Security scan report");
  flow.advance(kContentTop - (kPageHeight - kBandHeight) + 40);

  flow.paragraph(safe(report.target.title, kMaxTitleChars), {Face::Bold, 18, kBlack, 23});
  flow.paragraph(safe(report.target.url, kMaxUrlChars), {Face::Regular, 11, kLink, 15});
  flow.space(24);
  if (report.partial) {
    partialNote(flow, report);
    flow.space(20);
  }
  const Scan& scan = report.scan;
  const auto orDash = [](const std::optional<std::string>& v) { return v ? safe(*v) : "-"; };
  flow.labelValue("Scan ID", std::to_string(scan.id));
  flow.labelValue("Status", std::string(toString(scan.status)) + " (" +
                                std::to_string(static_cast<int>(scan.status)) + ")");
  if (scan.message) flow.labelValue("Message", safe(*scan.message));
  flow.labelValue("Team", safe(report.teamName, kMaxTitleChars));
  flow.labelValue("Target type", std::string(toString(report.target.type)));
  flow.labelValue("Created", safe(scan.createdAt));
  flow.labelValue("Started", orDash(scan.startedAt));
  flow.labelValue("Finished", orDash(scan.finishedAt));
  flow.labelValue("Generated at", safe(report.generatedAt));
  flow.labelValue("Requests sent", std::to_string(scan.requestsSent));
  flow.labelValue("Pages crawled", std::to_string(scan.pagesCrawled));
  flow.labelValue("Checks run", std::to_string(report.checksRun.size()));
  flow.labelValue("Findings", std::to_string(report.findings.size()));
}

void writeSummary(PdfFlow& flow, const ScanReport& report) {
  if (!flow.newPage()) return;
  const SeverityCounts counts = countBySeverity(report.findings);
  flow.paragraph("Summary", kHeading);
  flow.space(6);
  std::string intro = std::to_string(counts.total) +
                      (counts.total == 1 ? " finding" : " findings") + " from " +
                      std::to_string(report.checksRun.size()) + " checks.";
  if (report.partial) intro += " The scan did not complete: this is a partial report.";
  flow.paragraph(intro, kBody);
  flow.space(16);
  severityChart(flow, counts);
  if (report.findings.empty()) return;
  flow.space(24);
  flow.paragraph("Findings overview", kSubheading);
  flow.space(4);
  findingsOverview(flow, report);
}

}  // namespace ctc::report
