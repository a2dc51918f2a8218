#pragma once
/// The parts of the PDF report, each laid out through a PdfFlow (internal to src/report/).
#include "ctc/domain/report.hpp"
#include "ctc/report/finding_groups.hpp"
#include "pdf_flow.hpp"

namespace ctc::report {

/// Field caps for the PDF only (the JSON/XML reports carry everything): a human reader gains
/// nothing from a 1 MB response excerpt, and the caps bound the page count per finding.
inline constexpr std::size_t kMaxTextChars = 6000;
inline constexpr std::size_t kMaxUrlChars = 3000;
inline constexpr std::size_t kMaxEvidenceChars = 4000;
inline constexpr std::size_t kMaxTitleChars = 300;

Rgb severityColor(Severity severity);
Rgb severityTextColor(Severity severity);

/// The verdict page: target, date, duration, the overall risk rating (risk_rating.hpp), the
/// severity chart, new/unchanged/fixed against the previous scan, "PARTIAL REPORT" note, scan
/// facts. Starts a new page.
void writeTitlePage(PdfFlow& flow, const ScanReport& report, const GroupedReport& grouped);
/// A one-line-per-finding overview (severity, title, places, change) and the fixed findings.
/// New page.
void writeSummary(PdfFlow& flow, const ScanReport& report, const GroupedReport& grouped);
/// One section per grouped finding from a new page on, with its places, evidence, curl and fix,
/// or a "No findings" section under the summary. Stops early, with a note, when fewer than
/// `reservePages` pages remain before `maxPages`.
void writeFindings(PdfFlow& flow, const ScanReport& report, const GroupedReport& grouped,
                   int maxPages, int reservePages);

}  // namespace ctc::report
