// What a target's scan_settings do to its scans, on the fixture sites: the request rate is
// honoured, include/exclude patterns keep the scan off paths (no request, so no finding there),
// and PUT is only sent where the target allows destructive methods.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "ctc/scanner/fetch/url.hpp"
#include "support/test_server.hpp"

namespace ctc::test {
namespace {

using nlohmann::json;

class ScanSettingsEffect : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = std::make_unique<FixtureSite>();
    dir_ = std::make_unique<TempDir>();
    server_ = std::make_unique<TestServer>(dir_->path());
  }
  static void TearDownTestSuite() {
    server_.reset();
    dir_.reset();
    site_.reset();
  }

  /// Creates a project for `site` with these settings, scans it, returns the JSON report.
  static json scan(const std::string& site, const json& settings) {
    auto result = scanSite(*server_, site, (*site_)[site], settings);
    EXPECT_EQ(result.status["status_code"], 200) << result.status.dump();
    return result.report;
  }

  static std::set<std::string> findingPaths(const json& report) {
    std::set<std::string> paths;
    for (const auto& f : findingInstances(report))
      paths.insert(scanner::parseTargetUrl(f["url"].get<std::string>())->path);
    return paths;
  }

  static inline std::unique_ptr<FixtureSite> site_;
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<TestServer> server_;
};

TEST_F(ScanSettingsEffect, RequestRateIsHonoured) {
  constexpr double kRate = 5;
  auto result = scanSite(*server_, "clean", (*site_)["clean"], {{"requests_per_second", kRate}});
  const json& report = result.report;
  double wall = result.seconds;
  int requests = report["scan"]["requests_sent"];
  // Starts are paced 1/rate apart, so n requests need (n - 1) / rate seconds at least. Unpaced,
  // this site is scanned in well under a second.
  double paced = (requests - 1) / kRate;
  std::cout << "[ info ] " << requests << " requests at " << kRate << "/s: " << wall
            << " s (pacing alone needs " << paced << " s)\n";
  EXPECT_GT(requests, 10);
  EXPECT_GE(wall, paced);
}

TEST_F(ScanSettingsEffect, ProgressRisesStepByStepAndNeverGoesBack) {
  // Paced at 10 requests/s, the vuln site (~50 requests) takes about 5 s: long enough to watch.
  const TestServer& s = *server_;
  json body{{"title", "progress"},
            {"url", (*site_)["vuln"]},
            {"scan_settings", {{"requests_per_second", 10}}}};
  auto project = httpRequest("POST", s.api() + "/teams/1/projects", body.dump(),
                             {"API_KEY: " + s.key(), "Content-Type: application/json"});
  ASSERT_EQ(project.status, 201) << project.body;
  auto started =
      httpRequest("POST",
                  s.api() + "/teams/1/projects/" +
                      std::to_string(project.json()["data"]["id"].get<int64_t>()) + "/scans",
                  "", {"API_KEY: " + s.key()});
  int64_t id = started.json()["data"]["scanId"];
  std::vector<int> seen;
  for (int i = 0; i < 300; ++i) {
    auto status = httpRequest("GET", s.api() + "/teams/1/scans/" + std::to_string(id) + "/status",
                              "", {"API_KEY: " + s.key()})
                      .json()["data"]["status"];
    int progress = status["progress"];
    if (seen.empty() || seen.back() != progress) seen.push_back(progress);
    if (status["status_code"].get<int>() > 101) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), 100);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << ::testing::PrintToString(seen);
  // Several intermediate values, not a jump from 0 (or 99) to 100.
  EXPECT_GE(std::count_if(seen.begin(), seen.end(), [](int p) { return p > 0 && p < 99; }), 4)
      << ::testing::PrintToString(seen);
}

TEST_F(ScanSettingsEffect, ExcludedPathsAreNeverRequested) {
  json all = scan("vuln", {{"requests_per_second", 0}});
  json some = scan(
      "vuln", {{"requests_per_second", 0}, {"exclude_paths", {"/cookie-*", "/no-*", "/.git/*"}}});
  auto before = findingPaths(all), after = findingPaths(some);
  for (const char* path :
       {"/cookie-httponly", "/cookie-samesite", "/no-csp", "/no-xcto", "/.git/HEAD"}) {
    EXPECT_TRUE(before.count(path)) << path;
    EXPECT_FALSE(after.count(path)) << path;
  }
  EXPECT_TRUE(after.count("/frameable"));
  EXPECT_LT(some["scan"]["requests_sent"].get<int>(), all["scan"]["requests_sent"].get<int>());

  json only = scan("vuln", {{"requests_per_second", 0}, {"include_paths", {"/", "/files/*"}}});
  for (const auto& path : findingPaths(only))
    EXPECT_TRUE(path == "/" || path.starts_with("/files/"))
        << path << " is outside the include patterns (file probes obey them too)";
  EXPECT_TRUE(findingPaths(only).count("/files/"));
}

TEST_F(ScanSettingsEffect, PutIsOnlySentWhereTheTargetAllowsIt) {
  json scope = {"/", "/dav/*"};
  auto davFinding = [](const json& report) {
    for (const auto& f : findingInstances(report))
      if (f["check"] == "methods.unsafe_allowed") return f;
    return json();
  };
  json advertised =
      davFinding(scan("active", {{"requests_per_second", 0}, {"include_paths", scope}}));
  ASSERT_TRUE(advertised.is_object());
  EXPECT_EQ(advertised["evidence"]["request"].get<std::string>().rfind("OPTIONS ", 0), 0u)
      << advertised.dump();
  EXPECT_NE(advertised["evidence"]["response"].get<std::string>().find("not confirmed"),
            std::string::npos);

  json confirmed = davFinding(scan(
      "active",
      {{"requests_per_second", 0}, {"include_paths", scope}, {"allow_destructive_methods", true}}));
  ASSERT_TRUE(confirmed.is_object());
  EXPECT_EQ(confirmed["evidence"]["request"].get<std::string>().rfind("PUT ", 0), 0u)
      << confirmed.dump();
  EXPECT_NE(confirmed["evidence"]["response"].get<std::string>().find("GET returned the uploaded"),
            std::string::npos)
      << confirmed.dump();
}

}  // namespace
}  // namespace ctc::test
