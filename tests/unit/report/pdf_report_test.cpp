#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "ctc/report/report_writer.hpp"
#include "ctc/scanner/check_catalog.hpp"
#include "sample_report.hpp"
// The line breaker is internal to src/report/; tested directly because the PDF depends on it.
#include "../../../src/report/pdf_text_layout.hpp"

namespace ctc::report {
namespace {

/// A rendered PDF in a temp file, read back with poppler's command-line tools.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) {
    char name[] = "/tmp/ctc-report-test-XXXXXX";
    const int fd = mkstemp(name);
    EXPECT_GE(fd, 0);
    if (fd >= 0) close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary).write(bytes.data(), static_cast<long>(bytes.size()));
  }
  ~PdfFile() { std::remove(path_.c_str()); }

  /// pdftotext's stdout; its cosmetic CMap warnings on stderr are dropped.
  std::string text() const { return run("pdftotext -enc UTF-8 '" + path_ + "' - 2>/dev/null"); }

  int pages() const {
    const std::string info = run("pdfinfo '" + path_ + "' 2>/dev/null");
    const auto at = info.find("Pages:");
    return at == std::string::npos ? -1 : std::atoi(info.c_str() + at + 6);
  }

 private:
  static std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    pclose(pipe);
    return out;
  }

  std::string path_;
};

std::string renderOrFail(const ScanReport& report) {
  const Result<std::string> pdf = renderPdf(report, CTC_FONT_DIR);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? pdf.value() : std::string();
}

// pdftotext ends a line where the PDF wrapped it, so compare with line breaks and runs of
// spaces collapsed to one space (prose), or with all whitespace removed (URLs, which may be
// broken inside a token).
std::string collapseSpaces(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

std::string withoutSpaces(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\f' && c != '\t') out += c;
  return out;
}

#define EXPECT_CONTAINS(haystack, needle)                                             \
  EXPECT_NE(collapseSpaces(haystack).find(collapseSpaces(needle)), std::string::npos) \
      << "missing: " << (needle)

#define EXPECT_CONTAINS_TOKEN(haystack, needle) \
  EXPECT_NE(withoutSpaces(haystack).find(needle), std::string::npos) << "missing: " << (needle)

TEST(PdfReport, TitleSummaryFindingsAndFooters) {
  const ScanReport report = testing::sampleReport();
  const std::string pdf = renderOrFail(report);
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  PdfFile file(pdf);
  const std::string text = file.text();
  EXPECT_CONTAINS(text, "crashtest-compat");
  EXPECT_CONTAINS(text, "Security scan report");
  EXPECT_CONTAINS(text, "Shop");
  EXPECT_CONTAINS(text, "https://shop.example.com/");
  EXPECT_CONTAINS(text, "OVERALL RISK");  // the verdict, on the first page
  EXPECT_CONTAINS(text, "Findings overview");
  for (const Finding& f : report.findings) EXPECT_CONTAINS(text, f.title);
  EXPECT_CONTAINS(text, "DB_PASSWORD=s3cr3t");  // evidence
  EXPECT_CONTAINS(text, "CWE-" + std::to_string(scanner::findCheck("exposure.env_file")->cwe));
  EXPECT_CONTAINS(text, "Page 1 /");
  const int pages = file.pages();
  EXPECT_GE(pages, 3);  // verdict, overview, findings
  EXPECT_CONTAINS(text, "Page " + std::to_string(pages) + " / " + std::to_string(pages));
  EXPECT_EQ(text.find("PARTIAL REPORT"), std::string::npos);
  EXPECT_EQ(text.find("hunter2-secret"), std::string::npos);
}

TEST(PdfReport, ThirtyFindingsFlowOverSeveralPages) {
  ScanReport report = testing::manyFindingsReport(30);
  for (Finding& f : report.findings) f.title += " (item " + std::to_string(f.id) + ")";
  PdfFile file(renderOrFail(report));
  const std::string text = file.text();
  for (const Finding& f : report.findings) EXPECT_CONTAINS(text, f.title);
  const int pages = file.pages();
  EXPECT_GT(pages, 3);
  for (int i = 1; i <= pages; ++i)
    EXPECT_CONTAINS(text, "Page " + std::to_string(i) + " / " + std::to_string(pages));
}

TEST(PdfReport, LongUrlIsWrappedNotDropped) {
  ScanReport report = testing::sampleReport();
  const std::string url = testing::longUrl(2000, "/tail-marker-end");
  report.findings[0].url = url;
  report.target.url = testing::longUrl(300, "/target-tail");
  PdfFile file(renderOrFail(report));
  const std::string text = file.text();
  // libharu's TextRect would place nothing for such a token; our breaker splits it.
  EXPECT_CONTAINS_TOKEN(text, "segment-100/segment-101/");
  EXPECT_CONTAINS_TOKEN(text, "/tail-marker-end");
  EXPECT_CONTAINS_TOKEN(text, "/target-tail");
  // The whole URL made it, in order.
  EXPECT_CONTAINS_TOKEN(text, url.substr(url.size() - 400));
}

TEST(PdfReport, NoFindingsAndPartial) {
  ScanReport report = testing::emptyReport();
  report.partial = true;
  report.scan.status = ScanStatus::Stopped;
  report.scan.message = "stopped by user";
  PdfFile file(renderOrFail(report));
  const std::string text = file.text();
  EXPECT_CONTAINS(text, "No findings");
  EXPECT_CONTAINS(text, "PARTIAL REPORT");
  EXPECT_CONTAINS(text, "stopped by user");
  EXPECT_CONTAINS(text, "Page 1 /");
}

TEST(PdfReport, NonLatinAndInvalidUtf8) {
  ScanReport report = testing::sampleReport();
  report.target.title =
      "Gr\xC3\xBC\xC3\x9F"
      "e \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 "
      "\xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBC\xCE\xAD\xCF\x81\xCE\xB1";
  report.findings[0].title = "Fehler \xE2\x82\xAC \xE2\x9C\x93 \xF0\x9F\x98\x80 latin1:\xE9!";
  report.findings[0].evidenceResponse = std::string("bin\x00\x01\xFF\xFE\tend", 10);
  PdfFile file(renderOrFail(report));
  const std::string text = file.text();
  EXPECT_CONTAINS(text,
                  "Gr\xC3\xBC\xC3\x9F"
                  "e");
  EXPECT_CONTAINS(text, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
  EXPECT_CONTAINS(text, "\xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBC\xCE\xAD\xCF\x81\xCE\xB1");
  EXPECT_CONTAINS(text, "Fehler \xE2\x82\xAC \xE2\x9C\x93");
  EXPECT_CONTAINS(text, "latin1:\xEF\xBF\xBD!");
}

TEST(PdfReport, HugeInputFinishes) {
  ScanReport report = testing::manyFindingsReport(500);
  report.findings[0].url = testing::longUrl(5000, "/end");
  report.findings[1].evidenceResponse = std::string(10000, 'A');  // one 10 kB token
  report.findings[2].evidenceResponse.clear();
  for (int i = 0; i < 400; ++i) report.findings[2].evidenceResponse += "word\xD0\x96 \xC3";
  report.findings[3].description = std::string(20000, ' ');
  report.findings[4].title = std::string(5000, 'T');
  report.target.title = std::string(3000, 'x');

  // Run on another thread so a hang fails the test instead of blocking the suite.
  auto future = std::async(std::launch::async, [&] { return renderPdf(report, CTC_FONT_DIR); });
  if (future.wait_for(std::chrono::seconds(120)) != std::future_status::ready) {
    std::fprintf(stderr, "renderPdf did not finish within 120 s\n");
    std::_Exit(1);
  }
  const Result<std::string> pdf = future.get();
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  PdfFile file(pdf.value());
  EXPECT_GT(file.pages(), 50);
  EXPECT_CONTAINS(file.text(), "Page 1 /");
}

TEST(PdfReport, ConcurrentRendersAreIndependent) {
  // One HPDF_Doc per call: parallel renders must not interfere (output is deterministic).
  const ScanReport report = testing::manyFindingsReport(12);
  const std::string expected = renderOrFail(report);
  std::vector<std::future<Result<std::string>>> renders;
  for (int i = 0; i < 4; ++i)
    renders.push_back(
        std::async(std::launch::async, [&] { return renderPdf(report, CTC_FONT_DIR); }));
  for (auto& render : renders) {
    const Result<std::string> pdf = render.get();
    ASSERT_TRUE(pdf.ok());
    EXPECT_EQ(pdf.value(), expected);
  }
}

TEST(PdfReport, MissingFontsIsAnError) {
  const Result<std::string> pdf = renderPdf(testing::sampleReport(), "/nonexistent");
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().kind, ErrorKind::Internal);
}

// Every ASCII character is 1 point wide, everything else 2, for exact expectations.
double fakeWidth(char32_t cp) {
  return cp < 0x80 ? 1.0 : 2.0;
}

TEST(PdfTextLayout, BreaksAtSpacesThenUrlPunctuationThenAnywhere) {
  EXPECT_EQ(wrapText("aaa bbb ccc", fakeWidth, 7), (std::vector<std::string>{"aaa bbb", "ccc"}));
  EXPECT_EQ(wrapText("https://h/abc/defgh", fakeWidth, 12),
            (std::vector<std::string>{"https://h/", "abc/defgh"}));
  // A space early in the line loses to a later URL break: no lonely "GET".
  EXPECT_EQ(wrapText("GET https://h/abc/defgh", fakeWidth, 16),
            (std::vector<std::string>{"GET https://h/", "abc/defgh"}));
  EXPECT_EQ(wrapText("a-b-c-d", fakeWidth, 4), (std::vector<std::string>{"a-b-", "c-d"}));
  EXPECT_EQ(wrapText("abcdefghij", fakeWidth, 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_EQ(wrapText("one\n\ntwo\n", fakeWidth, 50), (std::vector<std::string>{"one", "", "two"}));
  EXPECT_TRUE(wrapText("", fakeWidth, 10).empty());
}

TEST(PdfTextLayout, NeverSplitsUtf8AndAlwaysProgresses) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "\xD0\x96";  // 'Ж', 2 bytes, 2 points
  const auto lines = wrapText(text, fakeWidth, 7);
  std::string joined;
  for (const auto& line : lines) {
    EXPECT_EQ(line.size(), 6u);  // three whole characters
    joined += line;
  }
  EXPECT_EQ(joined, text);
  // Narrower than one character: one character per line, no endless loop.
  EXPECT_EQ(wrapText("\xD0\x96\xD0\x96", fakeWidth, 1).size(), 2u);
}

TEST(PdfTextLayout, SafeTextAndTruncation) {
  EXPECT_EQ(pdfSafeText("a\r\nb\rc\td\x01", 100), "a\nb\nc    d");
  EXPECT_EQ(pdfSafeText("\xF0\x9F\x98\x80", 100), "\xEF\xBF\xBD");
  EXPECT_EQ(pdfSafeText("abcdef", 3), "abc ... [3 more characters]");
  EXPECT_EQ(pdfSafeText(std::string(100, 'x'), 5), "xxxxx ... [truncated, 100 bytes in total]");
  EXPECT_EQ(truncateToWidth("abcdef", fakeWidth, 10), "abcdef");
  EXPECT_EQ(truncateToWidth("ab\ncd", fakeWidth, 10), "ab cd");
  EXPECT_EQ(truncateToWidth("abcdef", fakeWidth, 4), "ab\xE2\x80\xA6");
}

}  // namespace
}  // namespace ctc::report
