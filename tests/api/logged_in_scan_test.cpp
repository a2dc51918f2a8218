// Logged-in scans (issue 12) against the fixture's "auth" site (tests/fixture/auth_site.py): a
// form login with a one-time CSRF token and sessions that expire after N requests, a logout link
// and a data-reset form on every page, and a bearer API behind a JSON login. Each planted flaw is
// found with the login and not without, the session is renewed when it expires, logout and reset
// are never sent, a wrong password fails the scan saying why, and no secret reaches a log line
// or a report.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "ctc/scanner/fetch/url.hpp"
#include "support/test_server.hpp"

namespace ctc::test {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "Fixture-Pass-7";

class LoggedInScan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = std::make_unique<FixtureSite>();
    dir_ = std::make_unique<TempDir>();
    server_ = std::make_unique<TestServer>(dir_->path());
    std::ifstream in(std::string(CTC_SOURCE_DIR) + "/tests/fixture/answer_key.json");
    key_ = json::parse(in)["sites"]["auth"];
  }
  static void TearDownTestSuite() {
    server_.reset();
    dir_.reset();
    site_.reset();
  }

  static std::string url(const std::string& path = "") { return (*site_)["auth"] + path; }
  static json stats() { return httpRequest("GET", url("__fixture/stats")).json(); }
  static void setLimits(const std::string& form) {
    auto r = httpRequest("POST", url("__fixture/limits"), form,
                         {"Content-Type: application/x-www-form-urlencoded"});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  /// (check, path, parameter) of every finding.
  static std::set<std::tuple<std::string, std::string, std::string>> found(const json& report) {
    std::set<std::tuple<std::string, std::string, std::string>> out;
    for (const auto& f : findingInstances(report)) {
      auto u = scanner::parseTargetUrl(f["url"].get<std::string>());
      out.insert({f["check"].get<std::string>(), u ? u->path : "?",
                  f["parameter"].is_string() ? f["parameter"].get<std::string>() : ""});
    }
    return out;
  }
  /// The key's rows whose path starts with `prefix`.
  static std::set<std::tuple<std::string, std::string, std::string>> expected(
      const std::string& prefix) {
    std::set<std::tuple<std::string, std::string, std::string>> out;
    for (const auto& e : key_["expected"])
      if (e["path"].get<std::string>().rfind(prefix, 0) == 0)
        out.insert({e["check"].get<std::string>(), e["path"].get<std::string>(),
                    e["parameter"].get<std::string>()});
    return out;
  }
  /// Every report format of the scan, for the secrets check.
  static std::vector<std::pair<std::string, std::string>> reports(int64_t scanId) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const char* format : {"json", "xml", "junit", "pdf"}) {
      auto r = httpRequest(
          "GET", server_->api() + "/teams/1/scans/" + std::to_string(scanId) + "/report/" + format,
          "", {"API_KEY: " + server_->key()});
      EXPECT_EQ(r.status, 200) << format;
      out.emplace_back(format, r.body);
    }
    return out;
  }
  static void expectNoSecrets(int64_t scanId, const std::regex& sessionValue) {
    auto all = reports(scanId);
    all.emplace_back("server log", server_->log());
    for (const auto& [where, text] : all) {
      EXPECT_EQ(text.find(kPassword), std::string::npos) << "password in " << where;
      EXPECT_FALSE(std::regex_search(text, sessionValue)) << "session value in " << where;
    }
  }

  static inline std::unique_ptr<FixtureSite> site_;
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<TestServer> server_;
  static inline json key_;
};

TEST_F(LoggedInScan, FormLoginReachesTheFlawsBehindItStaysLoggedInAndLeaksNothing) {
  // Long enough for a few logins a minute, short enough that the scan outlives several sessions.
  setLimits("session_requests=150");
  json before = stats();
  auto scan = scanSite(*server_, "logged in", url(), nullptr, 180, key_["authentication"]);
  ASSERT_EQ(scan.status["status_code"], 200) << scan.status.dump();
  json after = stats();

  auto have = found(scan.report);
  for (const auto& row : expected("/app/"))
    EXPECT_TRUE(have.count(row)) << "missed " << std::get<0>(row) << " " << std::get<1>(row);
  auto planted = expected("");
  for (const auto& row : have)
    EXPECT_TRUE(planted.count(row))
        << "not planted: " << std::get<0>(row) << " " << std::get<1>(row);
  for (const auto& clean : key_["clean_paths"])
    for (const auto& row : have) EXPECT_NE(std::get<1>(row), clean.get<std::string>());
  // Behind the login is what an anonymous visitor does not reach; the rest is not.
  for (const auto& f : findingInstances(scan.report)) {
    bool behind = f["url"].get<std::string>().find("/app/") != std::string::npos;
    EXPECT_EQ(f["authenticated"], behind) << f["check"] << " " << f["url"];
  }

  EXPECT_EQ(after["logout_hits"], before["logout_hits"]) << "the logout link was followed";
  EXPECT_EQ(after["resets"], before["resets"]) << "the reset form was submitted";
  EXPECT_GE(after["logins"].get<int>() - before["logins"].get<int>(), 2) << after.dump();
  EXPECT_GE(after["sessions_expired"].get<int>() - before["sessions_expired"].get<int>(), 1);
  std::string message =
      scan.status["message"].is_string() ? scan.status["message"].get<std::string>() : "";
  EXPECT_NE(message.find("the session was lost and renewed"), std::string::npos) << message;

  int64_t id = scan.report["scan"]["id"];
  expectNoSecrets(id, std::regex("FIXSESSID=[^*;\"\\s]"));
}

TEST_F(LoggedInScan, JsonLoginScansTheBearerApi) {
  setLimits("token_requests=150");
  json before = stats();
  auto scan = scanSite(*server_, "api", url("api/"), nullptr, 120, key_["api_authentication"]);
  ASSERT_EQ(scan.status["status_code"], 200) << scan.status.dump();
  auto have = found(scan.report);
  for (const auto& row : expected("/api/"))
    EXPECT_TRUE(have.count(row)) << "missed " << std::get<0>(row) << " " << std::get<1>(row);
  for (const auto& row : have) EXPECT_NE(std::get<1>(row), "/api/notes-safe");
  EXPECT_GE(stats()["api_logins"].get<int>() - before["api_logins"].get<int>(), 1);
  expectNoSecrets(scan.report["scan"]["id"], std::regex("Bearer [^*\\s\"]"));
}

TEST_F(LoggedInScan, WithoutTheLoginNothingBehindItIsFound) {
  auto scan = scanSite(*server_, "anonymous", url());
  ASSERT_EQ(scan.status["status_code"], 200) << scan.status.dump();
  for (const auto& row : found(scan.report)) {
    EXPECT_NE(std::get<1>(row).rfind("/app/", 0), 0u)
        << std::get<0>(row) << " " << std::get<1>(row);
    EXPECT_NE(std::get<1>(row).rfind("/api/", 0), 0u)
        << std::get<0>(row) << " " << std::get<1>(row);
  }
}

TEST_F(LoggedInScan, WrongPasswordOrMissingFormFailsWith400SayingWhatToFix) {
  json wrong = key_["authentication"];
  wrong["password"] = "not-the-password";
  auto scan = scanSite(*server_, "wrong", url(), nullptr, 60, wrong);
  EXPECT_EQ(scan.status["status_code"], 400) << scan.status.dump();
  EXPECT_EQ(scan.status["message"],
            "login failed: still on the login page after POST /login.php (check the password)");

  json noForm = key_["authentication"];
  noForm["login_url"] = "/app/";  // redirects to the login page: the form is found there
  auto followed = scanSite(*server_, "via redirect", url(), nullptr, 180, noForm);
  EXPECT_EQ(followed.status["status_code"], 200) << followed.status.dump();

  json nowhere = key_["authentication"];
  nowhere["login_url"] = "/api/";
  auto failed = scanSite(*server_, "no form", url(), nullptr, 60, nowhere);
  EXPECT_EQ(failed.status["status_code"], 400) << failed.status.dump();
  EXPECT_EQ(failed.status["message"], "login failed: no form with a password field at /api/");

  json bearer = {{"type", "bearer"}, {"token", "not-a-token"}};
  auto refused = scanSite(*server_, "bad token", url("api/"), nullptr, 60, bearer);
  EXPECT_EQ(refused.status["status_code"], 400) << refused.status.dump();
  EXPECT_EQ(refused.status["message"],
            "login failed: GET /api/ answered 401 with the credentials given (check them)");
}

TEST(LoggedInRestart, AScanKilledMidwayResumesLoggedInAfterTheRestart) {
  FixtureSite site;
  TempDir dir;
  TestServer server(dir.path());
  std::ifstream in(std::string(CTC_SOURCE_DIR) + "/tests/fixture/answer_key.json");
  json auth = json::parse(in)["sites"]["auth"]["authentication"];
  std::vector<std::string> key{"API_KEY: " + server.key(), "Content-Type: application/json"};
  auto project = httpRequest(
      "POST", server.api() + "/teams/1/projects",
      json{{"title", "restart"}, {"url", site["auth"]}, {"authentication", auth}}.dump(), key);
  ASSERT_EQ(project.status, 201) << project.body;
  auto started =
      httpRequest("POST",
                  server.api() + "/teams/1/projects/" +
                      std::to_string(project.json()["data"]["id"].get<int64_t>()) + "/scans",
                  "", key);
  int64_t id = started.json()["data"]["scanId"];
  auto stats = [&] { return httpRequest("GET", site["auth"] + "__fixture/stats").json(); };
  // Killed once the scan is inside the logged-in area.
  for (int i = 0; i < 200 && stats()["logins"].get<int>() < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int loginsBefore = stats()["logins"];
  ASSERT_GE(loginsBefore, 1);
  server.stop(SIGKILL);
  server.start();
  auto status = waitForScan(server, 1, id, 180);
  ASSERT_EQ(status["status_code"], 200) << status.dump();
  EXPECT_GT(stats()["logins"].get<int>(), loginsBefore) << "the resumed scan logged in again";
  auto report =
      httpRequest("GET", server.api() + "/teams/1/scans/" + std::to_string(id) + "/report/json", "",
                  {key[0]})
          .json();
  bool behind = false;
  for (const auto& f : findingInstances(report)) behind = behind || f["authenticated"] == true;
  EXPECT_TRUE(behind) << report.dump().substr(0, 2000);
  EXPECT_EQ(stats()["logout_hits"], 0);
}

}  // namespace
}  // namespace ctc::test
