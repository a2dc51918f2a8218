// Crash recovery: kill -9 the server mid-scan, start it again, the scan completes and nothing
// stored is lost. Graceful SIGTERM leaves scans resumable.
#include <gtest/gtest.h>
#include <signal.h>

#include <sstream>
#include <thread>

#include "support/slow_site.hpp"
#include "support/test_server.hpp"

namespace ctc::test {
namespace {

nlohmann::json statusOf(const TestServer& s, int64_t scan) {
  return httpRequest("GET", s.api() + "/teams/1/scans/" + std::to_string(scan) + "/status", "",
                     {"API_KEY: " + s.key()})
      .json()["data"]["status"];
}

int64_t startScanOf(const TestServer& s, const std::string& url) {
  auto p = httpRequest("POST", s.api() + "/teams/1/projects",
                       nlohmann::json{{"title", "r"}, {"url", url}}.dump(),
                       {"API_KEY: " + s.key(), "Content-Type: application/json"});
  int64_t project = p.json()["data"]["id"];
  auto r = httpRequest("POST", s.api() + "/teams/1/projects/" + std::to_string(project) + "/scans",
                       "", {"API_KEY: " + s.key()});
  return r.json()["data"]["scanId"];
}

void waitRunning(const TestServer& s, int64_t scan) {
  for (int i = 0; i < 100 && statusOf(s, scan)["status_code"] != 101; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

TEST(Restart, KillDashNineMidScanThenScanCompletes) {
  TempDir dir;
  // 15 pages, 3 links each: all within the default depth budget of 6.
  SlowSite site(/*delayMs=*/200, /*pages=*/15);
  TestServer server(dir.path());
  std::string key = server.key();
  int64_t scan = startScanOf(server, site.url());
  waitRunning(server, scan);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // some findings stored
  server.stop(SIGKILL);

  server.start();
  EXPECT_EQ(server.key(), key);  // same database, same key; no second bootstrap
  auto final = waitForScan(server, 1, scan, 60);
  EXPECT_EQ(final["status_code"], 200) << final.dump();
  auto report =
      httpRequest("GET", server.api() + "/teams/1/scans/" + std::to_string(scan) + "/report/json",
                  "", {"API_KEY: " + key})
          .json();
  EXPECT_GT(report["summary"]["total"].get<int>(), 0);
  EXPECT_EQ(report["scan"]["pages_crawled"].get<int>(), 16) << report["scan"].dump();
  auto logText = server.log();
  EXPECT_NE(logText.find("re-queued"), std::string::npos);
  EXPECT_EQ(logText.find("first start", logText.find("re-queued")), std::string::npos);
}

TEST(Restart, SigtermWithRunningScanLeavesItResumable) {
  TempDir dir;
  SlowSite site(3000, 1);
  TestServer server(dir.path());
  int64_t scan = startScanOf(server, site.url());
  waitRunning(server, scan);
  int status = server.stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  // Inspect the database file directly: the scan is queued again, with no attempt used up.
  auto [rc, out] = runCommand(
      {"sqlite3", server.dbPath(),
       "SELECT status_code || ' ' || attempts FROM scans WHERE id = " + std::to_string(scan)});
  ASSERT_EQ(rc, 0);
  EXPECT_EQ(out, "100 0\n");
}

TEST(Restart, ThreeInterruptionsFailTheScanWithAReason) {
  TempDir dir;
  SlowSite site(10000, 1);
  TestServer server(dir.path());
  int64_t scan = startScanOf(server, site.url());
  for (int attempt = 0; attempt < 3; ++attempt) {
    waitRunning(server, scan);
    server.stop(SIGKILL);
    server.start();
  }
  auto status = statusOf(server, scan);
  EXPECT_EQ(status["status_code"], 400) << status.dump();
  EXPECT_NE(status["message"].get<std::string>().find("interrupted 3 times"), std::string::npos);
}

TEST(Restart, TenRunningScansSurviveKillDashNineWithEveryFindingKept) {
  TempDir dir;
  SlowSite site(/*delayMs=*/150, /*pages=*/12);
  TestServer server(dir.path(), {"--scan-workers", "10", "--max-running-scans-per-team", "10"});
  std::vector<int64_t> scans;
  for (int i = 0; i < 10; ++i) scans.push_back(startScanOf(server, site.url()));
  for (auto scan : scans) waitRunning(server, scan);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  server.stop(SIGKILL);

  // What was stored before the kill, straight from the file.
  auto [rc, before] = runCommand({"sqlite3", server.dbPath(),
                                  "SELECT scan_id || ':' || check_id || ':' || url FROM findings "
                                  "ORDER BY 1"});
  ASSERT_EQ(rc, 0);
  ASSERT_FALSE(before.empty()) << "no finding was stored before the kill";

  server.start();
  for (auto scan : scans) {
    auto final = waitForScan(server, 1, scan, 90);
    EXPECT_EQ(final["status_code"], 200) << scan << " " << final.dump();
  }
  auto [rc2, after] = runCommand({"sqlite3", server.dbPath(),
                                  "SELECT scan_id || ':' || check_id || ':' || url FROM findings "
                                  "ORDER BY 1"});
  std::istringstream lines(before);
  for (std::string line; std::getline(lines, line);)
    EXPECT_NE(after.find(line + "\n"), std::string::npos) << "lost after restart: " << line;
  auto [rc3, integrity] = runCommand({"sqlite3", server.dbPath(), "PRAGMA integrity_check"});
  EXPECT_EQ(integrity, "ok\n");
}

}  // namespace
}  // namespace ctc::test
