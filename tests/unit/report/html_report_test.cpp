// The HTML report: self-contained, escaped, and rendered by a real browser (headless Chromium).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ctc/report/report_writer.hpp"
#include "ctc/scanner/check_catalog.hpp"
#include "sample_report.hpp"

namespace ctc::report {
namespace {

ScanReport hostileReport() {
  ScanReport report = testing::sampleReport();
  report.target.title = "Shop <script>alert('title')</script>";
  report.findings[0].evidenceResponse = "<img src=x onerror=alert(1)> \"quoted\" & more \x01";
  report.findings[0].url = "https://shop.example.com/" + std::string(300, 'a') + "?q=<b>";
  report.comparedWith = 41;
  report.previousFindings = {report.findings[1]};
  Finding gone = scanner::makeFinding("xss.reflected", "https://shop.example.com/search", "q");
  report.previousFindings.push_back(gone);
  return report;
}

std::string run(const std::string& command) {
  std::string output;
  if (FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      output.append(buffer, n);
    ::pclose(pipe);
  }
  return output;
}

TEST(HtmlReport, SelfContainedAndEscaped) {
  std::string html = renderHtml(hostileReport());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* external : {"<script", "<link", "<img", "@import", "url(", "<iframe", "<object"})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(html.find("name=viewport"), std::string::npos) << "readable on a phone";
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; more"),
            std::string::npos);
  EXPECT_NE(html.find("Shop &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Reproduce</div><pre>curl "), std::string::npos) << "a curl per place";
  EXPECT_NE(html.find("Fixed since scan 41"), std::string::npos);
  EXPECT_NE(html.find("Reflected cross-site scripting"), std::string::npos);
}

TEST(HtmlReport, HeadlessChromiumRendersItOnAPhoneScreen) {
  const char* chromium = "/usr/bin/chromium";
  if (!std::filesystem::exists(chromium)) {
    if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true")
      FAIL() << "chromium is missing: make deps installs it";
    GTEST_SKIP() << "chromium not installed (Debian package chromium; make deps installs it)";
  }
  auto dir = std::filesystem::temp_directory_path() / ("ctc-html-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto page = dir / "report.html";
  std::ofstream(page) << renderHtml(hostileReport());
  const std::string flags = std::string(chromium) +
                            " --headless --no-sandbox --disable-gpu --no-first-run "
                            "--disable-extensions --user-data-dir=" +
                            (dir / "profile").string() + " --window-size=390,844 ";
  // The DOM after rendering: the verdict, the chart, the findings and the diff are there, and
  // the hostile evidence is text, not an element.
  std::string dom = run(flags + "--dump-dom file://" + page.string());
  for (const char* text : {"Overall risk", "High (1)", "Environment file exposed", "Since scan 41",
                           "Fixed since scan 41", "curl -i"})
    EXPECT_NE(dom.find(text), std::string::npos) << text << "\n" << dom.substr(0, 2000);
  EXPECT_EQ(dom.find("<img"), std::string::npos) << "hostile markup became an element";
  auto shot = dir / "phone.png";
  run(flags + "--screenshot=" + shot.string() + " file://" + page.string());
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 10000u) << "a blank screenshot";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ctc::report
