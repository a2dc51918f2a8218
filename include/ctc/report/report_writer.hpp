#pragma once
/// Report writers: one ScanReport in, one document out. Pure functions of their input, safe to
/// call from any thread (each call owns its own libxml2 writer / HPDF_Doc).
#include <optional>
#include <string>
#include <string_view>

#include "ctc/domain/report.hpp"
#include "ctc/util/result.hpp"

namespace ctc::report {

enum class Format { Json, Xml, Junit, Pdf };

/// "json", "xml", "junit", "pdf" (case-insensitive); anything else gives nullopt.
std::optional<Format> parseFormat(std::string_view text);

struct RenderedReport {
  std::string body;         ///< bytes (binary for PDF)
  std::string contentType;  ///< e.g. "application/pdf"
  std::string filename;     ///< e.g. "crashtest-scan-42.pdf"
};

/// JSON report: scan metadata, target, summary counts by severity, findings (contract section 6).
std::string renderJson(const ScanReport& report);
/// XML report with the same content as JSON; valid against api/report.xsd.
std::string renderXml(const ScanReport& report);
/// JUnit XML: one <testsuite> per check family, one <testcase> per check x location.
std::string renderJunit(const ScanReport& report);
/// PDF (libharu, embedded DejaVu fonts from fontDir). Fails if the fonts cannot be loaded.
Result<std::string> renderPdf(const ScanReport& report, const std::string& fontDir);

/// Dispatches to the writer for `format` and sets content type and file name.
Result<RenderedReport> render(const ScanReport& report, Format format, const std::string& fontDir);

}  // namespace ctc::report
