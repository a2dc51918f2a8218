#pragma once
/// A GoogleTest fixture with one real server per test suite and helpers that speak its API.
#include <gtest/gtest.h>

#include <memory>

#include "test_server.hpp"

namespace ctc::test {

class ApiFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    // Suites fire hundreds of requests per second with one key; limits have their own test.
    server_ =
        std::make_unique<TestServer>(dir_->path(), std::vector<std::string>{"--rate-limit", "0"});
  }
  static void TearDownTestSuite() {
    server_.reset();
    dir_.reset();
  }

  static TestServer& server() { return *server_; }
  static std::string api() { return server_->api(); }
  static std::string adminKey() { return server_->key(); }

  static HttpResult get(const std::string& path, const std::string& key = adminKey()) {
    return httpRequest("GET", api() + path, "", {"API_KEY: " + key});
  }
  static HttpResult post(const std::string& path, const std::string& body = "",
                         const std::string& key = adminKey()) {
    return httpRequest("POST", api() + path, body,
                       {"API_KEY: " + key, "Content-Type: application/json"});
  }
  static HttpResult del(const std::string& path, const std::string& key = adminKey()) {
    return httpRequest("DELETE", api() + path, "", {"API_KEY: " + key});
  }

  /// Creates a project in team 1 (or `team`) and returns its id.
  static int64_t createProject(const std::string& url, int64_t team = 1,
                               const std::string& key = adminKey()) {
    auto r = post("/teams/" + std::to_string(team) + "/projects",
                  nlohmann::json{{"title", "t"}, {"url", url}, {"type", "webapp"}}.dump(), key);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["data"]["id"].get<int64_t>();
  }

  /// Creates a user with `role` in `team` via the admin CLI and returns a fresh key for it.
  static std::string userKey(const std::string& email, const std::string& role, int64_t team = 1) {
    auto [rc, out] =
        server_->admin({"user", "create", email, "--team", std::to_string(team), "--role", role});
    EXPECT_EQ(rc, 0) << out;
    auto [rc2, out2] = server_->admin({"key", "create", email});
    EXPECT_EQ(rc2, 0) << out2;
    return nlohmann::json::parse(out2)["key"].get<std::string>();
  }

  /// Creates a team via the admin CLI and returns its id.
  static int64_t createTeam(const std::string& name) {
    auto [rc, out] = server_->admin({"team", "create", name});
    EXPECT_EQ(rc, 0) << out;
    return nlohmann::json::parse(out)["id"].get<int64_t>();
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<TestServer> server_;
};

}  // namespace ctc::test
