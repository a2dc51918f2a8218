// Report rendering time and size for a scan with many findings, in process.
//   ctc_report_render_bench [--findings N] [--runs N] [--font-dir DIR]
// Prints, per format, the median render time of the runs and the size; then the PDF goal.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ctc/report/finding_groups.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/scanner/check_catalog.hpp"

namespace {

using namespace ctc;

ScanReport bigReport(int count) {
  ScanReport report;
  report.scan.id = 42;
  report.scan.status = ScanStatus::Finished;
  report.scan.createdAt = "2026-12-07T12:00:00Z";
  report.scan.startedAt = "2026-12-07T12:00:01Z";
  report.scan.finishedAt = "2026-12-07T12:09:41Z";
  report.target.id = 7;
  report.target.title = "Shop";
  report.target.url = "https://shop.example.com/";
  report.teamName = "Blue Team";
  report.generatedAt = "2026-12-07T12:10:00Z";
  const auto catalog = scanner::checkCatalog();
  for (const auto& check : catalog)
    report.checksRun.push_back(
        {std::string(check.id), std::string(check.family), std::string(check.title)});
  for (int i = 0; i < count; ++i) {
    const auto& check = catalog[static_cast<std::size_t>(i) % catalog.size()];
    std::string url = "https://shop.example.com/catalogue/category-" + std::to_string(i % 40) +
                      "/item-" + std::to_string(i) + "?sort=price&page=" + std::to_string(i % 9);
    Finding f = scanner::makeFinding(check, url, "p" + std::to_string(i % 7));
    f.id = 1000 + i;
    f.scanId = 42;
    f.evidenceRequest = "GET " + url;
    f.evidenceResponse =
        "HTTP/1.1 200 OK\nServer: nginx/1.18.0\n<p>Results for <img src=x "
        "onerror=ctc" +
        std::to_string(i) + "()></p>";
    report.findings.push_back(std::move(f));
  }
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  return report;
}

}  // namespace

int main(int argc, char** argv) {
  int findings = 1000, runs = 3;
  std::string fontDir = CTC_FONT_DIR;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--findings")) findings = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--font-dir")) fontDir = argv[i + 1];
  }
  ScanReport report = bigReport(findings);
  std::printf("%d findings (%zu after grouping), median of %d runs\n", findings,
              report::groupFindings(report.findings).size(), runs);
  double pdfMs = 0;
  for (auto [name, format] :
       std::vector<std::pair<const char*, report::Format>>{{"pdf", report::Format::Pdf},
                                                           {"html", report::Format::Html},
                                                           {"json", report::Format::Json},
                                                           {"xml", report::Format::Xml},
                                                           {"junit", report::Format::Junit},
                                                           {"sarif", report::Format::Sarif}}) {
    std::vector<double> ms;
    std::size_t size = 0;
    for (int r = 0; r < runs; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      auto rendered = report::render(report, format, fontDir);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!rendered) {
        std::printf("%s: %s\n", name, rendered.error().message.c_str());
        return 1;
      }
      size = rendered->body.size();
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    if (format == report::Format::Pdf) pdfMs = median;
    std::printf("%-6s %8.1f ms %10.1f KiB\n", name, median, size / 1024.0);
  }
  std::printf("goal: PDF < 1000 ms: %s\n", pdfMs < 1000 ? "met" : "NOT met");
  return 0;
}
