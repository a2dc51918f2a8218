#pragma once
/// The parts of the PDF report, each laid out through a PdfFlow (internal to src/report/).
#include "ctc/domain/report.hpp"
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

/// Product name, target, scan metadata, "PARTIAL REPORT" note. Starts a new page.
void writeTitlePage(PdfFlow& flow, const ScanReport& report);
/// Counts per severity with a bar chart and a one-line-per-finding overview. New page.
void writeSummary(PdfFlow& flow, const ScanReport& report);
/// One section per finding from a new page on, flowing across pages, or a "No findings"
/// section under the summary. Stops early,
/// with a note, when fewer than `reservePages` pages remain before `maxPages`.
void writeFindings(PdfFlow& flow, const ScanReport& report, int maxPages, int reservePages);

}  // namespace ctc::report
