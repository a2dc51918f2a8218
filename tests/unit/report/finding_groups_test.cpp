// One finding per check and parameter with its places, and what changed since the last scan.
#include "ctc/report/finding_groups.hpp"

#include <gtest/gtest.h>

#include "ctc/scanner/check_catalog.hpp"
#include "sample_report.hpp"

namespace ctc::report {
namespace {

Finding at(const std::string& check, const std::string& url, const std::string& parameter = "") {
  Finding f = scanner::makeFinding(check, url, parameter);
  f.evidenceRequest = "GET " + url;
  return f;
}

TEST(FindingGroups, OnePerCheckAndParameterWithEveryPlace) {
  auto groups = groupFindings({at("headers.csp_missing", "https://s.example/"),
                               at("xss.reflected", "https://s.example/search?q=1", "q"),
                               at("headers.csp_missing", "https://s.example/about"),
                               at("xss.reflected", "https://s.example/find?q=2", "q"),
                               at("xss.reflected", "https://s.example/find?term=2", "term"),
                               at("headers.csp_missing", "https://s.example/about")});
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].finding.checkId, "headers.csp_missing");
  ASSERT_EQ(groups[0].instances.size(), 2u) << "the repeated place is one instance";
  EXPECT_EQ(groups[0].instances[0].url, "https://s.example/");
  EXPECT_EQ(groups[0].instances[1].url, "https://s.example/about");
  EXPECT_EQ(groups[0].finding.url, groups[0].instances[0].url);
  EXPECT_EQ(groups[1].instances.size(), 2u);
  EXPECT_EQ(groups[2].finding.parameter, "term");
  EXPECT_FALSE(groups[0].change) << "nothing to compare with";
}

TEST(FindingGroups, PathsAreNormalisedForMatching) {
  EXPECT_EQ(normalisedPath("https://s.example/Search/?q=1#top"), "/Search");
  EXPECT_EQ(normalisedPath("http://s.example:8080"), "/");
  EXPECT_EQ(normalisedPath("https://s.example/a%2Fb"), "/a%2fb");
  EXPECT_EQ(normalisedPath("/x//"), "/x");
}

TEST(FindingGroups, NewUnchangedAndFixedAgainstThePreviousScan) {
  std::vector<Finding> previous = {at("headers.csp_missing", "https://s.example/"),
                                   at("xss.reflected", "https://s.example/search?q=old", "q"),
                                   at("cookies.no_httponly", "https://s.example/", "cart")};
  auto current = groupFindings({at("headers.csp_missing", "https://other-host/?x=1"),
                                at("xss.reflected", "https://s.example/elsewhere?q=1", "q"),
                                at("cookies.no_httponly", "https://s.example/", "session")});
  auto fixed = compareWithPrevious(current, previous);
  ASSERT_EQ(current.size(), 3u);
  EXPECT_EQ(current[0].change, FindingChange::Unchanged) << "same check, parameter and path";
  EXPECT_EQ(current[1].change, FindingChange::New) << "same check and parameter, other path";
  EXPECT_EQ(current[2].change, FindingChange::New) << "same check, other parameter";
  ASSERT_EQ(fixed.size(), 2u);
  EXPECT_EQ(fixed[0].checkId, "xss.reflected");
  EXPECT_EQ(fixed[0].url, "https://s.example/search?q=old");
  EXPECT_EQ(fixed[1].parameter, "cart");
  EXPECT_EQ(stableKey(current[0]), "headers.csp_missing||/");
}

TEST(FindingGroups, GroupReportComparesOnlyWithAPreviousScan) {
  ScanReport report = testing::sampleReport();
  auto alone = groupReport(report);
  EXPECT_EQ(alone.findings.size(), 4u) << "two cookie parameters stay two findings";
  EXPECT_TRUE(alone.fixed.empty());
  report.comparedWith = 41;
  report.previousFindings = {report.findings[0]};
  auto compared = groupReport(report);
  int unchanged = 0;
  for (const auto& g : compared.findings) unchanged += g.change == FindingChange::Unchanged;
  EXPECT_EQ(unchanged, 1);
  EXPECT_TRUE(compared.fixed.empty());
}

}  // namespace
}  // namespace ctc::report
