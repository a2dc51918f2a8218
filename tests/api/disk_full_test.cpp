// When the database cannot be written (disk full), the server answers 503 with a clear message,
// keeps serving reads, and recovers by itself when space returns. Root ignores file modes, so
// "disk full" is made with a file-size limit on the running server (prlimit), which makes
// SQLite's writes fail exactly as ENOSPC would.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_server.hpp"

namespace ctc::test {
namespace {

TEST(DiskFull, WritesAnswer503ReadsWorkAndItRecovers) {
  TempDir dir;
  TestServer s(dir.path());
  auto create = [&](const std::string& title) {
    return httpRequest("POST", s.api() + "/teams/1/projects",
                       nlohmann::json{{"title", title}, {"url", "http://127.0.0.1:9/"}}.dump(),
                       {"API_KEY: " + s.key(), "Content-Type: application/json"});
  };
  ASSERT_EQ(create("before").status, 201);
  auto limit = [&](const std::string& bytes) {
    auto [rc, out] = runCommand({"prlimit", "--pid", std::to_string(s.pid()), "--fsize=" + bytes});
    ASSERT_EQ(rc, 0) << out;
  };
  // Below the current size of the WAL/database: every further write fails.
  limit("4096:");  // soft limit only, so it can be raised again
  auto full = create("during");
  for (int i = 0; i < 5 && full.status == 201; ++i) full = create("filler " + std::to_string(i));
  EXPECT_EQ(full.status, 503) << full.body;
  EXPECT_NE(full.json()["message"].get<std::string>().find("database"), std::string::npos)
      << full.body;
  auto read = httpRequest("GET", s.api() + "/teams/1/projects", "", {"API_KEY: " + s.key()});
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(httpRequest("GET", s.base() + "/health").status, 200);

  limit("unlimited:");
  auto after = create("after");
  EXPECT_EQ(after.status, 201) << after.body;
  auto list =
      httpRequest("GET", s.api() + "/teams/1/projects", "", {"API_KEY: " + s.key()}).json()["data"];
  std::vector<std::string> titles;
  for (const auto& p : list) titles.push_back(p["title"]);
  EXPECT_NE(std::find(titles.begin(), titles.end(), "before"), titles.end());
  EXPECT_NE(std::find(titles.begin(), titles.end(), "after"), titles.end());
  auto [rc, out] = runCommand({"sqlite3", s.dbPath(), "PRAGMA integrity_check"});
  EXPECT_EQ(out, "ok\n");
}

}  // namespace
}  // namespace ctc::test
