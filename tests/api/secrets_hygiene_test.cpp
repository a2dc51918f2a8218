// Credentials never reach the logs or the database in clear: keys and webhook secrets are used
// every way clients use them, with debug logging on, then the log and the SQLite files are
// searched for them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/slow_site.hpp"
#include "support/test_server.hpp"

namespace ctc::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(SecretsHygiene, KeysAndSecretsNeverLoggedOrStoredInClear) {
  TempDir dir;
  SlowSite site(0, 1);
  std::vector<std::string> credentials;
  {
    TestServer s(dir.path(), {"--log-level", "debug"});
    s.admin({"user", "create", "dev@example.com", "--team", "1", "--role", "security_engineer"});
    std::string key =
        nlohmann::json::parse(s.admin({"key", "create", "dev@example.com"}).second)["key"];
    credentials.push_back(key);
    auto p = httpRequest("POST", s.api() + "/teams/1/projects?api_key=" + key,
                         nlohmann::json{{"title", "h"}, {"url", site.url()}}.dump(),
                         {"Content-Type: application/json"});
    ASSERT_EQ(p.status, 201) << p.body;
    std::string project = std::to_string(p.json()["data"]["id"].get<int64_t>());
    std::string secret = httpRequest("POST", s.api() + "/teams/1/projects/" + project + "/webhook",
                                     "", {"api_key: " + key})
                             .json()["data"]["secret"];
    credentials.push_back(secret);
    auto started = httpRequest("POST", s.base() + "/webhook/" + secret, "");
    int64_t scan = started.json()["data"]["scanId"];
    httpRequest("GET",
                s.base() + "/webhook/" + secret + "/scans/" + std::to_string(scan) + "/status");
    waitForScan(s, 1, scan, 30);
    httpRequest("GET", s.base() + "/webhook/" + secret + "/scans/" + std::to_string(scan) +
                           "/report/junit");
    httpRequest("GET", s.api() + "/teams?API_KEY=" + key + "x");               // wrong key
    httpRequest("GET", s.base() + "/webhook/" + secret + "0/scans/1/status");  // wrong secret
    httpRequest("PATCH", s.base() + "/webhook/" + secret);                     // wrong method
    auto revoke = s.admin({"key", "revoke", key.substr(0, 12)});
    EXPECT_EQ(revoke.first, 0);
    httpRequest("GET", s.api() + "/teams", "", {"API_KEY: " + key});  // revoked
    s.stop();
    std::string log = s.log();
    ASSERT_NE(log.find("GET"), std::string::npos) << "debug request logging was expected";
    for (const auto& c : credentials) EXPECT_EQ(log.find(c), std::string::npos) << "logged: " << c;
    // The initial key is printed once, in the first-start banner, by design.
    EXPECT_EQ(occurrences(log, s.key()), 1u);
    credentials.push_back(s.key());
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/data")) {
    if (entry.path().filename() == "initial-api-key") continue;
    std::string bytes = slurp(entry.path().string());
    for (const auto& c : credentials)
      EXPECT_EQ(bytes.find(c), std::string::npos) << c << " in clear in " << entry.path();
  }
}

}  // namespace
}  // namespace ctc::test
