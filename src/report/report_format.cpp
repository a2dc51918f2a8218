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
  if (equalsIgnoreCase(text, "sarif")) return Format::Sarif;
  if (equalsIgnoreCase(text, "html")) return Format::Html;
  return std::nullopt;
}

Result<ReportRequest> parseReportRequest(std::string_view format,
                                         const std::optional<std::string>& failOn,
                                         const std::optional<std::string>& newOnly) {
  ReportRequest request;
  auto parsed = parseFormat(format);
  if (!parsed)
    return Error::badRequest("unknown report format '" + std::string(format.substr(0, 20)) +
                             "'; use pdf, html, xml, json, junit or sarif");
  request.format = *parsed;
  if (failOn) {
    std::string lowered(*failOn);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.failOn = parseSeverity(lowered);
    if (!request.failOn)
      return Error::field("fail_on", "must be critical, high, medium, low or info");
  }
  if (newOnly) {
    if (equalsIgnoreCase(*newOnly, "true") || *newOnly == "1")
      request.newOnly = true;
    else if (!equalsIgnoreCase(*newOnly, "false") && *newOnly != "0")
      return Error::field("new_only", "must be true or false");
    if (request.newOnly && !request.failOn)
      return Error::field("new_only", "needs fail_on (the severity that fails the build)");
  }
  return request;
}

Result<RenderedReport> render(const ScanReport& report, const ReportRequest& request,
                              const std::string& fontDir) {
  const std::string base = "crashtest-scan-" + std::to_string(report.scan.id);
  switch (request.format) {
    case Format::Json:
      return RenderedReport{renderJson(report), "application/json; charset=utf-8", base + ".json"};
    case Format::Xml:
      return RenderedReport{renderXml(report), "application/xml; charset=utf-8", base + ".xml"};
    case Format::Junit:
      return RenderedReport{renderJunit(report, request), "application/xml; charset=utf-8",
                            base + "-junit.xml"};
    case Format::Sarif:
      return RenderedReport{renderSarif(report), "application/sarif+json", base + ".sarif"};
    case Format::Html:
      return RenderedReport{renderHtml(report), "text/html; charset=utf-8", base + ".html"};
    case Format::Pdf: {
      Result<std::string> pdf = renderPdf(report, fontDir);
      if (!pdf) return pdf.error();
      return RenderedReport{std::move(pdf).value(), "application/pdf", base + ".pdf"};
    }
  }
  return Error::internal("unknown report format");
}

}  // namespace ctc::report
