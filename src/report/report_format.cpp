#include <algorithm>
#include <cctype>

#include "ctc/report/report_writer.hpp"

namespace ctc::report {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<Format> parseFormat(std::string_view text) {
  if (equalsIgnoreCase(text, "json")) return Format::Json;
  if (equalsIgnoreCase(text, "xml")) return Format::Xml;
  if (equalsIgnoreCase(text, "junit")) return Format::Junit;
  if (equalsIgnoreCase(text, "pdf")) return Format::Pdf;
  return std::nullopt;
}

Result<RenderedReport> render(const ScanReport& report, Format format, const std::string& fontDir) {
  const std::string base = "crashtest-scan-" + std::to_string(report.scan.id);
  switch (format) {
    case Format::Json:
      return RenderedReport{renderJson(report), "application/json; charset=utf-8", base + ".json"};
    case Format::Xml:
      return RenderedReport{renderXml(report), "application/xml; charset=utf-8", base + ".xml"};
    case Format::Junit:
      return RenderedReport{renderJunit(report), "application/xml; charset=utf-8",
                            base + "-junit.xml"};
    case Format::Pdf: {
      Result<std::string> pdf = renderPdf(report, fontDir);
      if (!pdf) return pdf.error();
      return RenderedReport{std::move(pdf).value(), "application/pdf", base + ".pdf"};
    }
  }
  return Error::internal("unknown report format");
}

}  // namespace ctc::report
