// API specification scans (issue 13) against the fixture's "api" site (tests/fixture/api_site.py):
// the same REST API described by an OpenAPI 3 YAML (uploaded), a Swagger 2 JSON (the project's
// swagger_url) and a HAR (sent with the webhook). Each planted flaw is found from each kind,
// the safe twins stay clean, findings name their operation and description, malformed uploads
// are 400 saying where, and a login the API does not accept fails the prescan.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "ctc/scanner/fetch/url.hpp"
#include "support/test_server.hpp"

namespace ctc::test {
namespace {

using nlohmann::json;

class ApiSpecScan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = std::make_unique<FixtureSite>();
    dir_ = std::make_unique<TempDir>();
    server_ =
        std::make_unique<TestServer>(dir_->path(), std::vector<std::string>{"--rate-limit", "0"});
    std::ifstream in(std::string(CTC_SOURCE_DIR) + "/tests/fixture/answer_key.json");
    key_ = json::parse(in)["sites"]["api"];
  }
  static void TearDownTestSuite() {
    server_.reset();
    dir_.reset();
    site_.reset();
  }

  static std::string site(const std::string& path = "") { return (*site_)["api"] + path; }
  /// The key's JSON login, with the second user of api.bola.
  static json authentication() {
    json auth = key_["authentication"];
    auth["second_user"] = key_["second_authentication"];
    return auth;
  }
  static std::vector<std::string> auth() { return {"API_KEY: " + server_->key()}; }
  static std::string projects() { return server_->api() + "/teams/1/projects"; }

  /// A project of type api on the fixture, logged in as the key's first user.
  static int64_t createProject(const std::string& title, json extra = json::object()) {
    json body{{"title", title},
              {"url", site()},
              {"type", "api"},
              {"authentication", authentication()},
              {"scan_settings", {{"requests_per_second", 0}}}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    auto r =
        httpRequest("POST", projects(), body.dump(), {auth()[0], "Content-Type: application/json"});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["data"]["id"].get<int64_t>();
  }
  static HttpResult upload(int64_t project, const std::string& document,
                           const std::string& contentType = "application/yaml",
                           const std::string& query = "") {
    return httpRequest("POST",
                       projects() + "/" + std::to_string(project) + "/specifications" + query,
                       document, {auth()[0], "Content-Type: " + contentType});
  }
  static json finish(int64_t scanId) {
    json status = waitForScan(*server_, 1, scanId, 240);
    EXPECT_EQ(status["status_code"], 200) << status.dump();
    if (status["status_code"] != 200) return json();
    return httpRequest("GET",
                       server_->api() + "/teams/1/scans/" + std::to_string(scanId) + "/report/json",
                       "", auth())
        .json();
  }
  static json scan(int64_t project) {
    auto started =
        httpRequest("POST", projects() + "/" + std::to_string(project) + "/scans", "", auth());
    return finish(started.json()["data"]["scanId"].get<int64_t>());
  }

  /// "GET /api/v1/users/{username}" -> method and a regex of the concrete path.
  static std::pair<std::string, std::regex> templateOf(const std::string& operation) {
    auto space = operation.find(' ');
    std::string path = operation.substr(space + 1), re;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '{') {
        i = path.find('}', i);
        re += "[^/]+";
      } else {
        re += std::string(1, path[i]) == "." ? "\\." : std::string(1, path[i]);
      }
    }
    return {operation.substr(0, space), std::regex("^" + re + "$")};
  }
  static bool matches(const json& finding, const std::string& operation) {
    auto [method, path] = templateOf(operation);
    auto url = scanner::parseTargetUrl(finding["url"].get<std::string>());
    return url && finding["method"] == method && std::regex_match(url->path, path);
  }
  static std::string parameterOf(const json& f) {
    return f["parameter"].is_string() ? f["parameter"].get<std::string>() : "";
  }

  /// Every key row is found (a HAR's path parameters are "(path)"), nothing on a twin.
  static void expectPlantedFound(const json& report, bool har) {
    ASSERT_TRUE(report.is_object());
    for (const auto& row : key_["expected"]) {
      std::string operation = row["operation"], parameter = row["parameter"];
      bool pathParameter = operation.find("{" + parameter + "}") != std::string::npos;
      bool hit = false;
      for (const auto& f : findingInstances(report))
        hit |=
            f["check"] == row["check"] && matches(f, operation) &&
            (parameterOf(f) == parameter || (har && pathParameter && parameterOf(f) == "(path)"));
      EXPECT_TRUE(hit) << "missed " << row.dump();
    }
    for (const auto& clean : key_["clean_operations"])
      for (const auto& f : findingInstances(report)) {
        // A HAR cannot tell /users/list (a fixed route) from /users/alice: its last segment is
        // attacked as a value, and the request then reaches the injectable /users/{username}.
        if (har && parameterOf(f) == "(path)" && f["check"] == "sqli.error") continue;
        EXPECT_FALSE(matches(f, clean.get<std::string>())) << "on a safe twin: " << f.dump();
      }
  }

  static inline std::unique_ptr<FixtureSite> site_;
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<TestServer> server_;
  static inline json key_;
};

TEST_F(ApiSpecScan, OpenApi3UploadFindsEveryPlantedFlawNamingTheOperation) {
  int64_t project = createProject("openapi3");
  auto up = upload(project, httpRequest("GET", site("openapi.yaml")).body, "application/yaml",
                   "?name=fixture%20api");
  ASSERT_EQ(up.status, 201) << up.body;
  json spec = up.json()["data"];
  EXPECT_EQ(spec["type"], "openapi3");
  EXPECT_EQ(spec["name"], "fixture api");
  EXPECT_EQ(spec["source"], "upload");
  EXPECT_EQ(spec["operations"].get<int>(), 22);
  ASSERT_GE(spec["servers"].size(), 2u);
  EXPECT_EQ(spec["servers"][0], site("api/v1"));  // the relative server, resolved

  json report = scan(project);
  expectPlantedFound(report, false);
  std::string text = report.dump();
  for (const char* password : {"Fixture-Pass-7", "Fixture-Pass-8"})
    EXPECT_EQ(text.find(password), std::string::npos) << "a login's password in the report";
  // The JSON-body injection's curl command, run by a shell, gets the same database error.
  bool ran = false;
  for (const auto& f : findingInstances(report)) {
    if (f["check"] != "sqli.error" || f["parameter"] != "/customer/name") continue;
    ASSERT_TRUE(f["evidence"]["curl"].is_string()) << f.dump();
    std::string command = f["evidence"]["curl"].get<std::string>() + " 2>/dev/null";
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char buffer[4096];
      for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        output.append(buffer, n);
      pclose(pipe);
    }
    EXPECT_NE(output.find("HTTP/1."), std::string::npos) << command;
    EXPECT_NE(output.find("unrecognized token"), std::string::npos) << command << "\n" << output;
    ran = true;
  }
  EXPECT_TRUE(ran);
  for (const auto& row : key_["expected"]) {
    bool named = false;
    std::string seen;
    for (const auto& f : findingInstances(report)) {
      if (f["check"] != row["check"]) continue;
      // The operation as the description names it: its path is relative to the server (/api/v1).
      std::string operation = row["operation"];
      operation.replace(operation.find(" /api/v1"), 8, " ");
      named |= f["operation"] == operation && f["specification"] == "fixture api";
      seen += " " + f["operation"].dump() + "/" + f["specification"].dump();
    }
    EXPECT_TRUE(named) << "no finding names " << row["operation"] << ":" << seen;
  }
}

TEST_F(ApiSpecScan, Swagger2FromTheSwaggerUrlIsFetchedAtStartStoredAndScanned) {
  int64_t project = createProject("swagger2", {{"swagger_url", site("swagger.json")}});
  json report = scan(project);
  expectPlantedFound(report, false);
  auto list = httpRequest("GET", projects() + "/" + std::to_string(project) + "/specifications", "",
                          auth());
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["data"].size(), 1u) << list.body;
  EXPECT_EQ(list.json()["data"][0]["source"], "swagger_url");
  EXPECT_EQ(list.json()["data"][0]["type"], "openapi2");
}

TEST_F(ApiSpecScan, HarSentWithTheWebhookReplaysTheProjectOriginOnly) {
  int64_t project = createProject("har");
  auto hook =
      httpRequest("POST", projects() + "/" + std::to_string(project) + "/webhook", "", auth());
  ASSERT_EQ(hook.status, 201) << hook.body;
  std::string secret = hook.json()["data"]["secret"];
  std::string har = httpRequest("GET", site("api.har")).body;
  auto started =
      httpRequest("POST", server_->base() + "/webhook/" + secret,
                  json{{"specification", har}}.dump(), {"Content-Type: application/json"});
  ASSERT_EQ(started.status, 201) << started.body;
  json report = finish(started.json()["data"]["scanId"].get<int64_t>());
  expectPlantedFound(report, true);
  for (const auto& f : findingInstances(report))
    EXPECT_EQ(f["url"].get<std::string>().rfind(site(), 0), 0u) << "left the origin: " << f.dump();
}

TEST_F(ApiSpecScan, MalformedUploadsAre400SayingWhereAndTheLimitIs250) {
  int64_t project = createProject("malformed");
  struct Case {
    std::string document, says;
  } cases[] = {
      {"openapi: 3.0.0\ninfo:\n  title: x\n  - broken\n", "line 4"},
      {"{\"openapi\": \"3.0.0\", \"paths\": {\"/a\": {\"get\": }}}", "line 1, column 46"},
      {"openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/nope'}]\n",
       "/paths/~1a/get/parameters/0/$ref"},
      {"openapi: 9.9\npaths: {}\n", "unsupported OpenAPI version"},
      {"{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", \"url\": "
       "\"https://elsewhere.invalid/\"}}]}}",
       "no request to the project's origin"},
  };
  for (const auto& c : cases) {
    auto r = upload(project, c.document);
    EXPECT_EQ(r.status, 400) << c.document;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << r.body;
    EXPECT_TRUE(r.json()["errors"].contains("file")) << r.body;
  }
  EXPECT_EQ(upload(project, "").status, 400);
  EXPECT_EQ(upload(project, std::string(1100 * 1024, '#')).status, 413);
  std::string multipart =
      "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"small.yaml\"\r\n\r\n"
      "openapi: 3.0.0\npaths: {/a: {get: {}}}\n\r\n--B--\r\n";
  for (int i = 0; i < 250; ++i) {
    auto r = upload(project, multipart, "multipart/form-data; boundary=B");
    ASSERT_EQ(r.status, 201) << i << " " << r.body;
    if (i == 0) EXPECT_EQ(r.json()["data"]["name"], "small.yaml");
  }
  auto over = upload(project, multipart, "multipart/form-data; boundary=B");
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_NE(over.body.find("250"), std::string::npos);
  auto list = httpRequest("GET", projects() + "/" + std::to_string(project) + "/specifications", "",
                          auth());
  int64_t first = list.json()["data"][0]["id"];
  std::string one =
      projects() + "/" + std::to_string(project) + "/specifications/" + std::to_string(first);
  EXPECT_EQ(httpRequest("DELETE", one, "", auth()).status, 200);
  EXPECT_EQ(httpRequest("GET", one, "", auth()).status, 404);
  EXPECT_EQ(upload(project, multipart, "multipart/form-data; boundary=B").status, 201);
}

TEST_F(ApiSpecScan, ALoginTheApiDoesNotAcceptFailsThePrescanNamingTheDescription) {
  int64_t project = createProject(
      "wrong token", {{"authentication", {{"type", "bearer"}, {"token", "not-a-token"}}}});
  ASSERT_EQ(upload(project, httpRequest("GET", site("openapi.yaml")).body, "application/yaml",
                   "?name=fixture%20api")
                .status,
            201);
  auto started =
      httpRequest("POST", projects() + "/" + std::to_string(project) + "/scans", "", auth());
  json status = waitForScan(*server_, 1, started.json()["data"]["scanId"].get<int64_t>(), 60);
  EXPECT_EQ(status["status_code"], 400) << status.dump();
  std::string message = status["message"].is_string() ? status["message"].get<std::string>() : "";
  EXPECT_NE(message.find("prescan of API description 'fixture api' failed"), std::string::npos)
      << message;
  EXPECT_NE(message.find("401"), std::string::npos) << message;
}

TEST_F(ApiSpecScan, AServerNoDescriptionNamesFailsTheScanListingTheServers) {
  int64_t project = createProject(
      "wrong server", {{"scan_settings", {{"server", "http://127.0.0.1:1/elsewhere"}}}});
  ASSERT_EQ(upload(project, httpRequest("GET", site("openapi.yaml")).body).status, 201);
  auto started =
      httpRequest("POST", projects() + "/" + std::to_string(project) + "/scans", "", auth());
  json status = waitForScan(*server_, 1, started.json()["data"]["scanId"].get<int64_t>(), 60);
  EXPECT_EQ(status["status_code"], 400) << status.dump();
  std::string message = status["message"].is_string() ? status["message"].get<std::string>() : "";
  EXPECT_NE(message.find("http://127.0.0.1:1/elsewhere is not a server"), std::string::npos)
      << message;
  EXPECT_NE(message.find(site("api/v1")), std::string::npos) << message;
}

}  // namespace
}  // namespace ctc::test
