// A project's "authentication" (our extension, issue 12): set on create or update, shown without
// its secrets, removed with null, validated member by member; the legacy webhook's
// "credentials" takes the same object and the short form {"username", "password"}.
#include "support/api_fixture.hpp"

namespace ctc::test {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "Pa55-never-shown";
constexpr const char* kToken = "tok-never-shown-123";

class AuthenticationApiTest : public ApiFixture {
 protected:
  static std::string projectPath(int64_t id) { return "/teams/1/projects/" + std::to_string(id); }
  static HttpResult create(const json& auth) {
    return post(
        "/teams/1/projects",
        json{{"title", "logged in"}, {"url", "http://127.0.0.1:9/app/"}, {"authentication", auth}}
            .dump());
  }
  static void expectNoSecret(const HttpResult& r) {
    EXPECT_EQ(r.body.find(kPassword), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(kToken), std::string::npos) << r.body;
  }
};

TEST_F(AuthenticationApiTest, FormLoginIsShownWithoutItsPassword) {
  json form = {{"type", "form"},
               {"login_url", "/login.php"},
               {"username", "scanner"},
               {"password", kPassword},
               {"extra_fields", {{"remember", "1"}}},
               {"logged_in_marker", "Logged in as scanner"}};
  auto r = create(form);
  ASSERT_EQ(r.status, 201) << r.body;
  expectNoSecret(r);
  json shown = r.json()["data"]["authentication"];
  EXPECT_EQ(shown["type"], "form");
  EXPECT_EQ(shown["login_url"], "/login.php");
  EXPECT_EQ(shown["username"], "scanner");
  EXPECT_EQ(shown["extra_fields"], json::array({"remember"}));
  EXPECT_EQ(shown["logged_in_marker"], "Logged in as scanner");
  EXPECT_FALSE(shown.contains("password"));
  EXPECT_EQ(r.json()["data"]["has_credentials"], true);

  int64_t id = r.json()["data"]["id"];
  auto read = get(projectPath(id));
  expectNoSecret(read);
  EXPECT_EQ(read.json()["data"]["authentication"], shown);
  auto list = get("/teams/1/projects");
  expectNoSecret(list);
}

TEST_F(AuthenticationApiTest, UpdateReplacesAndNullRemovesIt) {
  int64_t id = createProject("http://127.0.0.1:9/");
  EXPECT_EQ(get(projectPath(id)).json()["data"]["authentication"], nullptr);
  EXPECT_EQ(get(projectPath(id)).json()["data"]["has_credentials"], false);

  auto set = post(projectPath(id),
                  json{{"authentication", {{"type", "bearer"}, {"token", kToken}}}}.dump());
  ASSERT_EQ(set.status, 200) << set.body;
  expectNoSecret(set);
  EXPECT_EQ(set.json()["data"]["authentication"], json({{"type", "bearer"}}));
  EXPECT_EQ(set.json()["data"]["has_credentials"], true);

  // scan_settings alone leaves the authentication as it is.
  auto settings =
      post(projectPath(id), json{{"scan_settings", {{"requests_per_second", 5}}}}.dump());
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.json()["data"]["authentication"]["type"], "bearer");

  auto headers = post(
      projectPath(id),
      json{{"authentication", {{"type", "headers"}, {"headers", {{"X-Api-Key", kToken}}}}}}.dump());
  ASSERT_EQ(headers.status, 200) << headers.body;
  expectNoSecret(headers);
  EXPECT_EQ(headers.json()["data"]["authentication"]["headers"], json::array({"X-Api-Key"}));

  auto removed = post(projectPath(id), R"({"authentication":null})");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(removed.json()["data"]["authentication"], nullptr);
  EXPECT_EQ(removed.json()["data"]["has_credentials"], false);
}

TEST_F(AuthenticationApiTest, InvalidObjectsAre400NamingTheMember) {
  struct Case {
    json auth;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"form", "authentication"},
      {json::object(), "authentication.type"},
      {{{"type", "magic"}}, "authentication.type"},
      {{{"type", "form"}, {"username", "u"}}, "authentication.password"},
      {{{"type", "form"}, {"password", "p"}}, "authentication.username"},
      {{{"type", "form"}, {"username", "u"}, {"password", "p"}, {"pasword", "p"}},
       "authentication.pasword"},
      {{{"type", "form"}, {"username", "u"}, {"password", "p"}, {"login_url", "ftp://x/"}},
       "authentication.login_url"},
      {{{"type", "form"},
        {"username", "u"},
        {"password", "p"},
        {"login_url", "http://elsewhere.example/login"}},
       "authentication.login_url"},
      {{{"type", "form"}, {"username", "u"}, {"password", "p"}, {"logged_in_marker", "(("}},
       "authentication.logged_in_marker"},
      {{{"type", "bearer"}, {"token", ""}}, "authentication.token"},
      {{{"type", "bearer"}, {"token", 5}}, "authentication.token"},
      {{{"type", "headers"}, {"headers", {{"Bad Name", "v"}}}}, "authentication.headers.Bad Name"},
      {{{"type", "headers"}, {"headers", {{"X-A", "a\r\nX-B: b"}}}}, "authentication.headers.X-A"},
      {{{"type", "cookies"}, {"cookies", {{"sid", "a;b"}}}}, "authentication.cookies.sid"},
      {{{"type", "cookies"}, {"cookies", json::object()}}, "authentication.cookies"},
      {{{"type", "basic"}, {"username", "a:b"}, {"password", "p"}}, "authentication.username"},
      {{{"type", "json_login"}, {"login_url", "/api/login"}, {"token_pointer", "/t"}},
       "authentication.body"},
      {{{"type", "json_login"},
        {"login_url", "/api/login"},
        {"body", {{"u", 1}}},
        {"token_pointer", "token"}},
       "authentication.token_pointer"},
  };
  int64_t id = createProject("http://127.0.0.1:9/");
  for (const auto& c : cases) {
    for (const auto& r :
         {create(c.auth), post(projectPath(id), json{{"authentication", c.auth}}.dump())}) {
      ASSERT_EQ(r.status, 400) << c.auth.dump() << " -> " << r.body;
      EXPECT_TRUE(r.json()["errors"].contains(c.field)) << c.auth.dump() << " -> " << r.body;
    }
  }
  EXPECT_EQ(get(projectPath(id)).json()["data"]["has_credentials"], false);
}

TEST_F(AuthenticationApiTest, WebhookCredentialsTakeTheShortAndTheFullForm) {
  int64_t id = createProject("http://127.0.0.1:9/");
  auto hook = post(projectPath(id) + "/webhook");
  ASSERT_EQ(hook.status, 201) << hook.body;
  std::string url =
      server().base() + "/webhook/" + hook.json()["data"]["secret"].get<std::string>();
  auto stopScan = [&](const HttpResult& r) {
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.body;
    post("/teams/1/scans/" + std::to_string(r.json()["data"]["scanId"].get<int64_t>()) + "/stop");
  };

  stopScan(httpRequest("POST", url,
                       json{{"credentials", {{"username", "ci"}, {"password", kPassword}}}}.dump(),
                       {"Content-Type: application/json"}));
  auto shown = get(projectPath(id));
  expectNoSecret(shown);
  EXPECT_EQ(shown.json()["data"]["authentication"]["type"], "form");
  EXPECT_EQ(shown.json()["data"]["authentication"]["username"], "ci");
  EXPECT_EQ(shown.json()["data"]["authentication"]["login_url"], nullptr);  // found by the crawl

  stopScan(httpRequest("POST", url,
                       json{{"credentials",
                             {{"type", "json_login"},
                              {"login_url", "/api/login"},
                              {"body", {{"user", "ci"}, {"password", kPassword}}},
                              {"token_pointer", "/auth_token"}}}}
                           .dump(),
                       {"Content-Type: application/json"}));
  shown = get(projectPath(id));
  expectNoSecret(shown);
  EXPECT_EQ(shown.json()["data"]["authentication"], json({{"type", "json_login"},
                                                          {"login_url", "/api/login"},
                                                          {"token_pointer", "/auth_token"},
                                                          {"header", "Authorization"},
                                                          {"prefix", "Bearer "}}));

  for (const char* bad :
       {R"({"credentials":{"user":"ci"}})", R"({"credentials":{"type":"x"}})",
        R"({"credentials":{"username":"ci","password":"p","login_url":"http://x.example/"}})"}) {
    auto r = httpRequest("POST", url, bad, {"Content-Type: application/json"});
    EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
  }
}

}  // namespace
}  // namespace ctc::test
