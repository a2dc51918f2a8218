// SARIF 2.1.0: structure, and the official validator (Microsoft's SARIF multitool) accepts it.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ctc/report/report_writer.hpp"
#include "sample_report.hpp"

namespace ctc::report {
namespace {

/// Where `make deps` installs the validator (npm @microsoft/sarif-multitool).
std::string multitool() {
  return std::string(CTC_SOURCE_DIR) +
         "/.tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
}

ScanReport comparedReport() {
  ScanReport report = testing::sampleReport();
  report.comparedWith = 41;
  report.previousFindings = {report.findings[0]};
  Finding again = report.findings[1];
  again.url = "https://shop.example.com/cart";
  again.evidenceRequest = "GET https://shop.example.com/cart";
  report.findings.push_back(again);  // a second place of the CSP finding
  return report;
}

TEST(SarifReport, RulesResultsLocationsAndStableFingerprints) {
  auto sarif = nlohmann::json::parse(renderSarif(comparedReport()));
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto& run = sarif["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 3u) << "one rule per check found";
  const auto& results = run["results"];
  ASSERT_EQ(results.size(), 4u) << "one result per grouped finding";
  for (const auto& r : results) {
    const auto& rule = rules[r["ruleIndex"].get<int>()];
    EXPECT_EQ(rule["id"], r["ruleId"]);
    EXPECT_FALSE(rule["properties"]["security-severity"].get<std::string>().empty());
    EXPECT_FALSE(r["partialFingerprints"]["crashtestFinding/v1"].get<std::string>().empty());
    EXPECT_TRUE(r["webRequest"]["target"].is_string());
    EXPECT_TRUE(r["baselineState"] == "new" || r["baselineState"] == "unchanged");
  }
  EXPECT_EQ(results[0]["level"], "error") << "the high finding";
  EXPECT_EQ(results[0]["baselineState"], "unchanged");
  int cspLocations = 0;
  for (const auto& r : results)
    if (r["ruleId"] == "headers.csp_missing")
      cspLocations = static_cast<int>(r["locations"].size());
  EXPECT_EQ(cspLocations, 2);
  // The fingerprint does not depend on the scan: the same finding in another scan keeps it.
  ScanReport later = comparedReport();
  later.scan.id = 43;
  for (auto& f : later.findings) f.id += 100;
  auto again = nlohmann::json::parse(renderSarif(later));
  EXPECT_EQ(again["runs"][0]["results"][0]["partialFingerprints"],
            results[0]["partialFingerprints"]);
}

TEST(SarifReport, TheOfficialValidatorAcceptsIt) {
  if (!std::filesystem::exists(multitool())) {
    if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true")
      FAIL() << "the SARIF multitool is missing: make deps installs it into .tools/";
    GTEST_SKIP() << "SARIF multitool not installed (make deps installs it into .tools/)";
  }
  auto dir = std::filesystem::temp_directory_path() / ("ctc-sarif-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto& [name, report] :
       std::vector<std::pair<std::string, ScanReport>>{{"sample", comparedReport()},
                                                       {"empty", testing::emptyReport()},
                                                       {"many", testing::manyFindingsReport(60)}}) {
    auto path = dir / (name + ".sarif");
    std::ofstream(path) << renderSarif(report);
    std::string command = multitool() + " validate " + path.string() + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    int status = ::pclose(pipe);
    EXPECT_EQ(status, 0) << output;
    EXPECT_EQ(output.find(": error "), std::string::npos) << name << ":\n" << output;
    EXPECT_NE(output.find("Analysis completed successfully"), std::string::npos) << output;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ctc::report
