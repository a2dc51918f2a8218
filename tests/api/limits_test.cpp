// Per-key and per-secret rate limits (429 + Retry-After, JSON message) and the cap on a team's
// concurrently running scans.
#include <thread>

#include "support/api_fixture.hpp"
#include "support/slow_site.hpp"

namespace ctc::test {
namespace {

nlohmann::json status(const TestServer& s, int64_t scan) {
  return httpRequest("GET", s.api() + "/teams/1/scans/" + std::to_string(scan) + "/status", "",
                     {"API_KEY: " + s.key()})
      .json()["data"]["status"];
}

TEST(Limits, ApiKeyAndWebhookAreRateLimitedWith429AndRetryAfter) {
  TempDir dir;
  TestServer s(dir.path(), {"--rate-limit", "2"});  // bursts of 4
  auto [rc, out] =
      s.admin({"user", "create", "other@example.com", "--team", "1", "--role", "viewer"});
  ASSERT_EQ(rc, 0);
  std::string other =
      nlohmann::json::parse(s.admin({"key", "create", "other@example.com"}).second)["key"];

  int ok = 0, limited = 0;
  HttpResult last;
  for (int i = 0; i < 12; ++i) {
    auto r = httpRequest("GET", s.api() + "/teams", "", {"API_KEY: " + s.key()});
    ok += r.status == 200;
    if (r.status == 429) {
      ++limited;
      last = r;
    }
  }
  EXPECT_GE(ok, 4);
  EXPECT_GE(limited, 6);
  EXPECT_GE(std::stoi(last.headers["retry-after"]), 1);
  EXPECT_NE(last.json()["message"].get<std::string>().find("too many requests"), std::string::npos);
  // Another key of the same team is not affected.
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams", "", {"API_KEY: " + other}).status, 200);
  // Tokens come back.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams", "", {"API_KEY: " + s.key()}).status, 200);

  // Webhook secrets are limited per secret.
  SlowSite site(0, 1);
  auto p = httpRequest("POST", s.api() + "/teams/1/projects",
                       nlohmann::json{{"title", "w"}, {"url", site.url()}}.dump(),
                       {"API_KEY: " + other, "Content-Type: application/json"});
  ASSERT_EQ(p.status, 403);  // a viewer cannot; use the admin key after its bucket refilled
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  p = httpRequest("POST", s.api() + "/teams/1/projects",
                  nlohmann::json{{"title", "w"}, {"url", site.url()}}.dump(),
                  {"API_KEY: " + s.key(), "Content-Type: application/json"});
  ASSERT_EQ(p.status, 201) << p.body;
  std::string secret =
      httpRequest("POST",
                  s.api() + "/teams/1/projects/" +
                      std::to_string(p.json()["data"]["id"].get<int64_t>()) + "/webhook",
                  "", {"API_KEY: " + s.key()})
          .json()["data"]["secret"];
  int hookLimited = 0;
  for (int i = 0; i < 10; ++i)
    hookLimited +=
        httpRequest("GET", s.base() + "/webhook/" + secret + "/scans/1/status").status == 429;
  EXPECT_GE(hookLimited, 5);
}

TEST(Limits, TeamRunsAtMostItsCapOfScansAtOnce) {
  TempDir dir;
  TestServer s(dir.path(), {"--scan-workers", "3", "--max-running-scans-per-team", "1"});
  SlowSite slow(4000, 1);
  std::vector<int64_t> scans;
  for (int i = 0; i < 2; ++i) {
    auto p = httpRequest("POST", s.api() + "/teams/1/projects",
                         nlohmann::json{{"title", "t"}, {"url", slow.url()}}.dump(),
                         {"API_KEY: " + s.key(), "Content-Type: application/json"});
    auto started = httpRequest("POST",
                               s.api() + "/teams/1/projects/" +
                                   std::to_string(p.json()["data"]["id"].get<int64_t>()) + "/scans",
                               "", {"API_KEY: " + s.key()});
    scans.push_back(started.json()["data"]["scanId"]);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(status(s, scans[0])["status_code"], 101);
  EXPECT_EQ(status(s, scans[1])["status_code"], 100);  // waits although a worker is free
  httpRequest("POST", s.api() + "/teams/1/scans/" + std::to_string(scans[0]) + "/stop", "",
              {"API_KEY: " + s.key()});
  for (int i = 0; i < 40 && status(s, scans[1])["status_code"] == 100; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(status(s, scans[1])["status_code"], 101);
  httpRequest("POST", s.api() + "/teams/1/scans/" + std::to_string(scans[1]) + "/stop", "",
              {"API_KEY: " + s.key()});
}

}  // namespace
}  // namespace ctc::test
