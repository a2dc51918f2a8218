#include <exception>
#include <string>

#include "ctc/report/report_writer.hpp"
#include "pdf_document.hpp"
#include "pdf_flow.hpp"
#include "pdf_sections.hpp"
#include "pdf_text_layout.hpp"

namespace ctc::report {
namespace {

// Bounds the work and the output for hostile input (thousands of findings, huge fields).
constexpr int kMaxPages = 1500;
constexpr int kReservePages = 8;

// Written after layout, when the page count is known.
void writeFooters(PdfDocument& doc, const ScanReport& report) {
  const auto& pages = doc.pages();
  const std::string total = std::to_string(pages.size());
  const auto width = [&](char32_t cp) { return doc.charWidth(Face::Regular, 8, cp); };
  const std::string left =
      truncateToWidth(pdfSafeText("crashtest-compat \u00B7 scan " + std::to_string(report.scan.id) +
                                      " \u00B7 " + report.target.title,
                                  kMaxTitleChars),
                      width, kContentWidth - 90);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const std::string pageText = "Page " + std::to_string(i + 1) + " / " + total;
    doc.strokeLine(pages[i], kMarginLeft, 44, kPageWidth - kMarginRight, 44, 0.5, kRule);
    doc.drawText(pages[i], Face::Regular, 8, kGrey, kMarginLeft, 32, left);
    doc.drawText(pages[i], Face::Regular, 8, kGrey,
                 kPageWidth - kMarginRight - doc.textWidth(Face::Regular, 8, pageText), 32,
                 pageText);
  }
}

}  // namespace

Result<std::string> renderPdf(const ScanReport& report, const std::string& fontDir) {
  try {
    auto created = PdfDocument::create(
        fontDir, "crashtest-compat scan report " + std::to_string(report.scan.id));
    if (!created) return created.error();
    PdfDocument& doc = **created;
    PdfFlow flow(doc, kMaxPages);
    const GroupedReport grouped = groupReport(report);
    writeTitlePage(flow, report, grouped);
    writeSummary(flow, report, grouped);
    writeFindings(flow, report, grouped, kMaxPages, kReservePages);
    writeFooters(doc, report);
    return doc.save();
  } catch (const std::exception& e) {  // std::bad_alloc and friends: never escape the writer
    return Error::internal(std::string("PDF rendering failed: ") + e.what());
  }
}

}  // namespace ctc::report
