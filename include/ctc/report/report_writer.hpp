#pragma once
/// Report writers: one ScanReport in, one document out. Pure functions of their input, safe to
/// call from any thread (each call owns its own libxml2 writer / HPDF_Doc).
#include <optional>
#include <string>
#include <string_view>

#include "ctc/domain/report.hpp"
#include "ctc/util/result.hpp"

namespace ctc::report {

enum class Format { Json, Xml, Junit, Pdf, Sarif, Html };

/// "json", "xml", "junit", "pdf", "sarif", "html" (case-insensitive); anything else: nullopt.
std::optional<Format> parseFormat(std::string_view text);

/// What a client asked for: the format and, for JUnit, the CI gate.
struct ReportRequest {
  Format format = Format::Json;
  /// JUnit only: one test case per finding, failed when its severity is at least this; without
  /// it the JUnit is the vendor's (one failed test case per check and place).
  std::optional<Severity> failOn;
  bool newOnly = false;  ///< with failOn: only findings new since the compared scan fail
};

/// The report a client asked for from its raw parameters: BadRequest for an unknown format,
/// fail_on (not a severity) or new_only (not true/false, or without fail_on).
Result<ReportRequest> parseReportRequest(std::string_view format,
                                         const std::optional<std::string>& failOn,
                                         const std::optional<std::string>& newOnly);

struct RenderedReport {
  std::string body;         ///< bytes (binary for PDF)
  std::string contentType;  ///< e.g. "application/pdf"
  std::string filename;     ///< e.g. "crashtest-scan-42.pdf"
};

/// JSON report: scan metadata, target, summary counts by severity, findings (contract section 6).
std::string renderJson(const ScanReport& report);
/// XML report with the same content as JSON; valid against api/report.xsd.
std::string renderXml(const ScanReport& report);
/// JUnit XML: one <testsuite> per check family, one <testcase> per check x location; with a
/// gate (request.failOn), one <testcase> per grouped finding, failed at or above the threshold.
std::string renderJunit(const ScanReport& report, const ReportRequest& request = {});
/// SARIF 2.1.0: one rule per check found, one result per grouped finding.
std::string renderSarif(const ScanReport& report);
/// One self-contained HTML page (no external script, style, font or image).
std::string renderHtml(const ScanReport& report);
/// PDF (libharu, embedded DejaVu fonts from fontDir). Fails if the fonts cannot be loaded.
Result<std::string> renderPdf(const ScanReport& report, const std::string& fontDir);

/// Dispatches to the writer for the request's format and sets content type and file name.
Result<RenderedReport> render(const ScanReport& report, const ReportRequest& request,
                              const std::string& fontDir);
inline Result<RenderedReport> render(const ScanReport& report, Format format,
                                     const std::string& fontDir) {
  return render(report, ReportRequest{format, std::nullopt, false}, fontDir);
}

}  // namespace ctc::report
