// Per-project scan settings ("scan_settings", our extension): set on create, changed with
// POST /teams/{t}/projects/{p}, rendered on every project, validated field by field, kept across
// restarts and the schema upgrade, refused to viewers, and handed to the scan.
#include <signal.h>

#include "support/api_fixture.hpp"
#include "support/slow_site.hpp"

namespace ctc::test {
namespace {

using nlohmann::json;

const json kDefaults = {{"requests_per_second", nullptr},
                        {"include_paths", json::array()},
                        {"exclude_paths", json::array()},
                        {"allow_destructive_methods", false},
                        {"server", nullptr}};

const json kFull = {{"requests_per_second", 2.5},
                    {"include_paths", {"/shop/*", "/api/v?/*"}},
                    {"exclude_paths", {"/logout*", "/shop/admin/*"}},
                    {"allow_destructive_methods", true},
                    {"server", nullptr}};

json projectBody(const json& settings) {
  return {{"title", "settings"}, {"url", "http://127.0.0.1:9/"}, {"scan_settings", settings}};
}

class ScanSettingsTest : public ApiFixture {
 protected:
  static std::string projectPath(int64_t id) { return "/teams/1/projects/" + std::to_string(id); }
  static json settingsOf(int64_t id) {
    return get(projectPath(id)).json()["data"]["scan_settings"];
  }
};

TEST_F(ScanSettingsTest, CreateStoresThemAndEveryProjectRendersThem) {
  auto r = post("/teams/1/projects", projectBody(kFull).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["data"]["scan_settings"], kFull) << r.body;
  int64_t id = r.json()["data"]["id"];
  EXPECT_EQ(settingsOf(id), kFull);
  EXPECT_EQ(get("/teams/1/targets/" + std::to_string(id)).json()["data"]["scan_settings"], kFull);
  bool listed = false;
  json list = get("/teams/1/projects").json()["data"];  // a copy: range-for would dangle
  for (const auto& p : list)
    if (p["id"] == id) listed = p["scan_settings"] == kFull;
  EXPECT_TRUE(listed);

  // Without scan_settings (as every old client creates), or with {} or null: the defaults.
  int64_t plain = createProject("http://127.0.0.1:9/");
  EXPECT_EQ(settingsOf(plain), kDefaults);
  for (const json& settings : {json::object(), json(nullptr)}) {
    auto d = post("/teams/1/projects", projectBody(settings).dump());
    ASSERT_EQ(d.status, 201) << d.body;
    EXPECT_EQ(d.json()["data"]["scan_settings"], kDefaults) << settings.dump();
  }
  // Every field on its own; an integer rate comes back as the same number.
  auto some =
      post("/teams/1/projects",
           projectBody({{"requests_per_second", 0}, {"exclude_paths", json::array({"/logout"})}})
               .dump());
  ASSERT_EQ(some.status, 201) << some.body;
  json expected = kDefaults;
  expected["requests_per_second"] = 0;
  expected["exclude_paths"] = json::array({"/logout"});
  EXPECT_EQ(some.json()["data"]["scan_settings"], expected);
  // The fields old clients read are all still there.
  auto fields = some.json()["data"];
  for (const char* f : {"id", "team_id", "title", "url", "type", "description", "swagger_url",
                        "has_swagger", "has_credentials", "created_at"})
    EXPECT_TRUE(fields.contains(f)) << f;
}

TEST_F(ScanSettingsTest, LimitsAreInclusive) {
  json settings = {{"requests_per_second", 1000},
                   {"include_paths", std::vector<std::string>(50, "/" + std::string(199, 'a'))},
                   {"exclude_paths", std::vector<std::string>(50, "/x*")}};
  auto r = post("/teams/1/projects", projectBody(settings).dump());
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 300);
  EXPECT_EQ(r.json()["data"]["scan_settings"]["include_paths"], settings["include_paths"]);
  EXPECT_EQ(r.json()["data"]["scan_settings"]["requests_per_second"], 1000);
}

TEST_F(ScanSettingsTest, UpdateChangesOnlyWhatIsSent) {
  int64_t id = post("/teams/1/projects", projectBody(kFull).dump()).json()["data"]["id"];
  auto r = post(projectPath(id), R"({"scan_settings":{"requests_per_second":7}})");
  ASSERT_EQ(r.status, 200) << r.body;
  json expected = kFull;
  expected["requests_per_second"] = 7;
  EXPECT_EQ(r.json()["data"]["scan_settings"], expected);
  EXPECT_EQ(r.json()["message"], "scan settings updated");
  EXPECT_EQ(settingsOf(id), expected);

  // null puts one setting back to its default; the others stay.
  r = post(projectPath(id),
           R"({"scan_settings":{"requests_per_second":null,"include_paths":null,
               "allow_destructive_methods":null}})");
  ASSERT_EQ(r.status, 200) << r.body;
  expected = kDefaults;
  expected["exclude_paths"] = kFull["exclude_paths"];
  EXPECT_EQ(settingsOf(id), expected);

  // An empty object changes nothing; the project as read can be sent back as it is (other fields
  // are ignored, the title stays).
  EXPECT_EQ(post(projectPath(id), R"({"scan_settings":{}})").status, 200);
  EXPECT_EQ(settingsOf(id), expected);
  json project = get(projectPath(id)).json()["data"];
  project["title"] = "ignored";
  project["scan_settings"]["include_paths"] = json::array({"/only/*"});
  r = post(projectPath(id), project.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["data"]["title"], "settings");
  expected["include_paths"] = json::array({"/only/*"});
  EXPECT_EQ(settingsOf(id), expected);

  // Aliases: /targets/, no /api/v1 prefix.
  r = httpRequest("POST", server().base() + "/teams/1/targets/" + std::to_string(id),
                  R"({"scan_settings":{"exclude_paths":[]}})",
                  {"API_KEY: " + adminKey(), "Content-Type: application/json"});
  ASSERT_EQ(r.status, 200) << r.body;
  expected["exclude_paths"] = json::array();
  EXPECT_EQ(settingsOf(id), expected);

  // Other projects are untouched; unknown projects are 404.
  int64_t other = createProject("http://127.0.0.1:9/");
  EXPECT_EQ(settingsOf(other), kDefaults);
  EXPECT_EQ(post("/teams/1/projects/999999", R"({"scan_settings":{}})").status, 404);
  EXPECT_EQ(post("/teams/999/projects/" + std::to_string(id), R"({"scan_settings":{}})").status,
            404);
}

TEST_F(ScanSettingsTest, InvalidInputIs400NamingTheField) {
  struct Case {
    json settings;
    std::string field;
  };
  const std::vector<Case> cases{
      {"fast", "scan_settings"},
      {json::array(), "scan_settings"},
      {{{"requests_per_second", "5"}}, "scan_settings.requests_per_second"},
      {{{"requests_per_second", true}}, "scan_settings.requests_per_second"},
      {{{"requests_per_second", -1}}, "scan_settings.requests_per_second"},
      {{{"requests_per_second", -0.001}}, "scan_settings.requests_per_second"},
      {{{"requests_per_second", 1000.5}}, "scan_settings.requests_per_second"},
      {{{"requests_per_second", 1e300}}, "scan_settings.requests_per_second"},
      {{{"include_paths", "/shop/*"}}, "scan_settings.include_paths"},
      {{{"include_paths", {"/a", "/b", "c*"}}}, "scan_settings.include_paths[2]"},
      {{{"include_paths", {"/a", 5}}}, "scan_settings.include_paths[1]"},
      {{{"include_paths", {"/a", json::array({"/b"})}}}, "scan_settings.include_paths[1]"},
      {{{"include_paths", {"/ok", "*.php"}}}, "scan_settings.include_paths[1]"},
      {{{"include_paths", std::vector<std::string>(51, "/x")}}, "scan_settings.include_paths"},
      {{{"exclude_paths", json::array({""})}}, "scan_settings.exclude_paths[0]"},
      {{{"exclude_paths", json::array({"/" + std::string(200, 'a')})}},
       "scan_settings.exclude_paths[0]"},
      {{{"exclude_paths", {"/ok", std::string("/a\0b", 4)}}}, "scan_settings.exclude_paths[1]"},
      {{{"exclude_paths", json::array({"/a\nb"})}}, "scan_settings.exclude_paths[0]"},
      {{{"exclude_paths", std::vector<std::string>(51, "/x")}}, "scan_settings.exclude_paths"},
      {{{"exclude_paths", {{"path", "/x"}}}}, "scan_settings.exclude_paths"},
      {{{"allow_destructive_methods", "true"}}, "scan_settings.allow_destructive_methods"},
      {{{"allow_destructive_methods", 1}}, "scan_settings.allow_destructive_methods"},
      {{{"exclude_path", json::array({"/logout"})}}, "scan_settings.exclude_path"},
      {{{"requestsPerSecond", 5}}, "scan_settings.requestsPerSecond"},
  };
  int64_t id = post("/teams/1/projects", projectBody(kFull).dump()).json()["data"]["id"];
  auto before = get("/teams/1/projects").json()["data"].size();
  for (const auto& c : cases) {
    for (bool create : {true, false}) {
      std::string body = projectBody(c.settings).dump();
      auto r = create ? post("/teams/1/projects", body) : post(projectPath(id), body);
      std::string where = std::string(create ? "create " : "update ") + c.settings.dump();
      EXPECT_EQ(r.status, 400) << where << " -> " << r.body;
      auto answer = r.json();
      EXPECT_EQ(answer["success"], false) << where;
      EXPECT_TRUE(answer["errors"].contains(c.field)) << where << " -> " << r.body;
      EXPECT_EQ(answer["errors"].size(), 1u) << where << " -> " << r.body;
      EXPECT_NE(answer["message"].get<std::string>().find(c.field), std::string::npos) << where;
    }
  }
  EXPECT_EQ(get("/teams/1/projects").json()["data"].size(), before);  // nothing created
  EXPECT_EQ(settingsOf(id), kFull);                                   // nothing changed

  // The update needs scan_settings; a form body cannot carry the object.
  for (const std::string& body :
       {std::string(""), std::string("{}"), std::string(R"({"scan_settings":null})"),
        std::string(R"({"title":"renamed"})")}) {
    auto r = post(projectPath(id), body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_TRUE(r.json()["errors"].contains("scan_settings")) << body << " -> " << r.body;
  }
  auto form =
      httpRequest("POST", api() + projectPath(id), "scan_settings=%7B%7D",
                  {"API_KEY: " + adminKey(), "Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(form.status, 400) << form.body;
  EXPECT_TRUE(form.json()["errors"].contains("scan_settings")) << form.body;
  EXPECT_EQ(post(projectPath(id), R"({"scan_settings":)").status, 400);
  EXPECT_EQ(settingsOf(id), kFull);
}

TEST_F(ScanSettingsTest, ViewerCannotSetThemEngineerCan) {
  std::string viewer = userKey("settings-viewer@example.com", "viewer");
  std::string engineer = userKey("settings-eng@example.com", "security_engineer");
  int64_t other = createTeam("Settings other");
  std::string outsider = userKey("settings-out@example.com", "team_admin", other);
  int64_t id = createProject("http://127.0.0.1:9/");
  std::string update = R"({"scan_settings":{"allow_destructive_methods":true}})";

  auto create = post("/teams/1/projects", projectBody(kFull).dump(), viewer);
  EXPECT_EQ(create.status, 403) << create.body;
  auto r = post(projectPath(id), update, viewer);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_FALSE(r.json()["message"].get<std::string>().empty());
  r = post(projectPath(id), update, outsider);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.body.find("127.0.0.1:9"), std::string::npos);
  EXPECT_EQ(settingsOf(id), kDefaults);
  EXPECT_EQ(get(projectPath(id), viewer).json()["data"]["scan_settings"], kDefaults);  // reads

  r = post(projectPath(id), update, engineer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(settingsOf(id)["allow_destructive_methods"], true);
  auto engineerCreate = post("/teams/1/projects", projectBody(kFull).dump(), engineer);
  ASSERT_EQ(engineerCreate.status, 201) << engineerCreate.body;
  EXPECT_EQ(engineerCreate.json()["data"]["scan_settings"], kFull);
}

TEST_F(ScanSettingsTest, ScanWithEverythingButTheRootExcludedFinishes) {
  SlowSite site(/*delayMs=*/0, /*pages=*/5);
  auto created = post("/teams/1/projects", json{{"title", "root only"},
                                                {"url", site.url()},
                                                {"scan_settings",
                                                 {{"exclude_paths", json::array({"/?*"})},
                                                  {"requests_per_second", 50},
                                                  {"allow_destructive_methods", false}}}}
                                               .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t project = created.json()["data"]["id"];
  auto started = post(projectPath(project) + "/scans");
  ASSERT_EQ(started.status, 201) << started.body;
  int64_t scan = started.json()["data"]["scanId"];
  auto final = waitForScan(server(), 1, scan, 90);
  EXPECT_EQ(final["status_code"], 200) << final.dump();
}

// Own server: it is restarted, and its database file is edited back to schema version 1.
TEST(ScanSettingsStorage, SurviveRestartAndTheUpgradeFromSchemaOne) {
  TempDir dir;
  TestServer server(dir.path());
  auto call = [&](const std::string& method, const std::string& path, const std::string& body) {
    return httpRequest(method, server.api() + path, body,
                       {"API_KEY: " + server.key(), "Content-Type: application/json"});
  };
  auto created = call("POST", "/teams/1/projects", projectBody(kFull).dump());
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["data"]["id"];
  std::string path = "/teams/1/projects/" + std::to_string(id);
  ASSERT_EQ(call("POST", path, R"({"scan_settings":{"requests_per_second":0.5}})").status, 200);
  json expected = kFull;
  expected["requests_per_second"] = 0.5;

  server.stop(SIGTERM);
  server.start();
  EXPECT_EQ(call("GET", path, "").json()["data"]["scan_settings"], expected);
  server.stop(SIGKILL);
  server.start();
  EXPECT_EQ(call("GET", path, "").json()["data"]["scan_settings"], expected);
  auto [rc, version] = runCommand({"sqlite3", server.dbPath(), "PRAGMA user_version"});
  ASSERT_EQ(rc, 0);
  EXPECT_EQ(version, "8\n");

  // A database written by the first release: no settings columns, no settings table,
  // user_version 1. The migrations add them, and its projects get the defaults.
  server.stop(SIGTERM);
  auto [rc2, out] = runCommand(
      {"sqlite3", server.dbPath(),
       "ALTER TABLE targets DROP COLUMN scan_rate; ALTER TABLE targets DROP COLUMN include_paths; "
       "ALTER TABLE targets DROP COLUMN exclude_paths; "
       "ALTER TABLE targets DROP COLUMN allow_destructive; DROP TABLE settings; "
       "ALTER TABLE findings DROP COLUMN authenticated; DROP TABLE specifications; "
       "ALTER TABLE targets DROP COLUMN api_server; ALTER TABLE findings DROP COLUMN operation; "
       "ALTER TABLE findings DROP COLUMN specification; DROP TABLE report_artifacts; "
       "DROP TABLE analysis_targets; DROP TABLE analyses; DROP TABLE api_documents; "
       "DROP TABLE hmac_nonces; DROP TABLE hmac_credentials; DROP TABLE check_times; "
       "PRAGMA user_version = 1;"});
  ASSERT_EQ(rc2, 0) << out;
  server.start();
  auto old = call("GET", path, "");
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.json()["data"]["scan_settings"], kDefaults);
  EXPECT_EQ(old.json()["data"]["title"], "settings");
  EXPECT_EQ(runCommand({"sqlite3", server.dbPath(), "PRAGMA user_version"}).second, "8\n");
  ASSERT_EQ(call("POST", path, projectBody(kFull).dump()).status, 200);
  EXPECT_EQ(call("GET", path, "").json()["data"]["scan_settings"], kFull);
}

}  // namespace
}  // namespace ctc::test
