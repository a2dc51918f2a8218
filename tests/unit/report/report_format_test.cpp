#include <gtest/gtest.h>

#include "ctc/report/report_writer.hpp"
#include "sample_report.hpp"

namespace ctc::report {
namespace {

TEST(ReportFormat, ParsesNamesCaseInsensitively) {
  EXPECT_EQ(parseFormat("json"), Format::Json);
  EXPECT_EQ(parseFormat("XML"), Format::Xml);
  EXPECT_EQ(parseFormat("JUnit"), Format::Junit);
  EXPECT_EQ(parseFormat("Pdf"), Format::Pdf);
  EXPECT_FALSE(parseFormat(""));
  EXPECT_EQ(parseFormat("HTML"), Format::Html);
  EXPECT_EQ(parseFormat("sarif"), Format::Sarif);
  EXPECT_FALSE(parseFormat("txt"));
  EXPECT_FALSE(parseFormat("pdf "));
  EXPECT_FALSE(parseFormat("jsonx"));
}

TEST(ReportFormat, RenderSetsContentTypeAndFilename) {
  const ScanReport report = testing::sampleReport();
  struct Expected {
    Format format;
    const char* contentType;
    const char* filename;
    const char* prefix;
  };
  const Expected cases[] = {
      {Format::Json, "application/json; charset=utf-8", "crashtest-scan-42.json", "{"},
      {Format::Xml, "application/xml; charset=utf-8", "crashtest-scan-42.xml", "<?xml"},
      {Format::Junit, "application/xml; charset=utf-8", "crashtest-scan-42-junit.xml", "<?xml"},
      {Format::Pdf, "application/pdf", "crashtest-scan-42.pdf", "%PDF-"},
      {Format::Sarif, "application/sarif+json", "crashtest-scan-42.sarif", "{"},
      {Format::Html, "text/html; charset=utf-8", "crashtest-scan-42.html", "<!DOCTYPE html>"},
  };
  for (const Expected& e : cases) {
    const Result<RenderedReport> rendered = render(report, e.format, CTC_FONT_DIR);
    ASSERT_TRUE(rendered.ok()) << e.filename << ": " << rendered.error().message;
    EXPECT_EQ(rendered->contentType, e.contentType);
    EXPECT_EQ(rendered->filename, e.filename);
    EXPECT_EQ(rendered->body.rfind(e.prefix, 0), 0u) << e.filename;
  }
  const Result<RenderedReport> junit = render(report, Format::Junit, CTC_FONT_DIR);
  ASSERT_TRUE(junit.ok());
  EXPECT_EQ(junit->body, renderJunit(report));
}

TEST(ReportFormat, PdfWithoutFontsIsAnInternalError) {
  const Result<RenderedReport> rendered =
      render(testing::sampleReport(), Format::Pdf, "/nonexistent/fonts");
  ASSERT_FALSE(rendered.ok());
  EXPECT_EQ(rendered.error().kind, ErrorKind::Internal);
}

}  // namespace
}  // namespace ctc::report
