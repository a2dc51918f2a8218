// The scanner against the vulnerable fixture site (tests/fixture): every planted problem is
// found, and nothing else: no finding on a clean page, no finding outside the answer key.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <tuple>

#include "ctc/scanner/fetch/url.hpp"
#include "support/test_server.hpp"

namespace ctc::test {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // check, path, parameter

std::string describe(const std::set<Key>& keys) {
  std::string out;
  for (const auto& [check, path, param] : keys)
    out += "  " + check + " " + path + (param.empty() ? "" : " [" + param + "]") + "\n";
  return out;
}

class ScannerFixtureTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    site_ = std::make_unique<FixtureSite>();
    dir_ = std::make_unique<TempDir>();
    server_ = std::make_unique<TestServer>(
        dir_->path(), std::vector<std::string>{"--ca-bundle", (*site_)["ca_bundle"]});
    std::ifstream in(std::string(CTC_SOURCE_DIR) + "/tests/fixture/answer_key.json");
    answers_ = nlohmann::json::parse(in);
  }
  static void TearDownTestSuite() {
    server_.reset();
    dir_.reset();
    site_.reset();
  }
  static inline std::unique_ptr<FixtureSite> site_;
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<TestServer> server_;
  static inline nlohmann::json answers_;
};

TEST_P(ScannerFixtureTest, FindsEveryPlantedProblemAndNothingElse) {
  const std::string site = GetParam();
  auto scan = scanSite(*server_, site, (*site_)[site]);
  ASSERT_EQ(scan.status["status_code"], 200) << scan.status.dump();
  const auto& report = scan.report;
  double seconds = scan.seconds;
  std::cout << "[ scan     ] " << site << ": " << seconds << " s, "
            << report["scan"]["requests_sent"] << " requests, " << report["scan"]["pages_crawled"]
            << " pages, " << report["summary"]["total"] << " findings\n";

  std::set<Key> found;
  std::set<std::string> foundPaths;
  for (const auto& f : findingInstances(report)) {
    auto url = scanner::parseTargetUrl(f["url"].get<std::string>());
    ASSERT_TRUE(url) << f.dump();
    std::string param = f["parameter"].is_string() ? f["parameter"].get<std::string>() : "";
    found.insert(Key{f["check"].get<std::string>(), url->path, param});
    foundPaths.insert(url->path);
    // Every finding is explained and reproducible.
    for (const char* field : {"title", "description", "recommendation", "owasp", "url", "method"})
      EXPECT_FALSE(f[field].get<std::string>().empty()) << field << " in " << f.dump();
    EXPECT_GT(f["cwe"].get<int>(), 0);
    EXPECT_FALSE(f["evidence"]["request"].get<std::string>().empty()) << f.dump();
    EXPECT_FALSE(f["evidence"]["response"].get<std::string>().empty()) << f.dump();
  }
  std::set<Key> expected;
  for (const auto& e : answers_["sites"][site]["expected"])
    expected.insert(Key{e["check"].get<std::string>(), e["path"].get<std::string>(),
                        e["parameter"].get<std::string>()});

  std::set<Key> missed, extra;
  std::set_difference(expected.begin(), expected.end(), found.begin(), found.end(),
                      std::inserter(missed, missed.end()));
  std::set_difference(found.begin(), found.end(), expected.begin(), expected.end(),
                      std::inserter(extra, extra.end()));
  EXPECT_TRUE(missed.empty()) << "planted but not found on " << site << ":\n" << describe(missed);
  EXPECT_TRUE(extra.empty()) << "found but not planted (false positives) on " << site << ":\n"
                             << describe(extra);
  for (const auto& clean : answers_["sites"][site]["clean_paths"]) {
    bool flagged = false;
    // A finding on a clean page is allowed only where the key expects it (the root's
    // site-level findings); anything else there is a false positive.
    for (const Key& f : found)
      flagged = flagged || (std::get<1>(f) == clean.get<std::string>() && !expected.count(f));
    EXPECT_FALSE(flagged) << "clean page " << clean << " has a finding";
  }
}

INSTANTIATE_TEST_SUITE_P(Sites, ScannerFixtureTest,
                         ::testing::Values("vuln", "active", "advanced", "clean", "tls_self_signed",
                                           "tls_expired", "tls_wrong_host", "tls_good"));

}  // namespace
}  // namespace ctc::test
