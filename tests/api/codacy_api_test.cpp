// Codacy's DAST curl flow (docs.codacy.com "Triggering DAST scans") against our server: create a
// target, analyze it, read its status and security items; the same target and scan on the
// Crashtest API; Codacy's error shape, providers, organizations, roles.
#include <gtest/gtest.h>

#include "support/api_fixture.hpp"

namespace ctc::test {
namespace {

using json = nlohmann::json;

class CodacyApi : public ApiFixture {
 protected:
  static void SetUpTestSuite() {
    ApiFixture::SetUpTestSuite();
    site_ = std::make_unique<FixtureSite>();
    viewer_ = userKey("codacy-viewer@example.com", "viewer");
  }
  static void TearDownTestSuite() {
    ApiFixture::TearDownTestSuite();
    site_.reset();
  }
  static std::string org(const std::string& provider = "gh", const std::string& name = "Default") {
    return server().base() + "/api/v3/organizations/" + provider + "/" + name;
  }
  static HttpResult codacy(const std::string& method, const std::string& url,
                           const std::string& body = "", const std::string& token = adminKey()) {
    std::vector<std::string> headers{"api-token: " + token, "Accept: application/json"};
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return httpRequest(method, url, body, headers);
  }
  static void expectCodacyError(const HttpResult& r, int status, const std::string& error) {
    EXPECT_EQ(r.status, status) << r.body;
    auto body = r.json();
    EXPECT_EQ(body["error"], error) << r.body;
    EXPECT_TRUE(body["message"].is_string() && !body["message"].get<std::string>().empty());
    EXPECT_TRUE(body["actions"].is_array()) << r.body;
  }
  static inline std::unique_ptr<FixtureSite> site_;
  static inline std::string viewer_;
};

TEST_F(CodacyApi, CurlFlowCreatesAnalyzesAndReadsResultsSeenOnTheCrashtestApiToo) {
  const std::string url = (*site_)["clean"];
  auto created = codacy("POST", org() + "/dast/targets", json{{"url", url}}.dump());
  ASSERT_EQ(created.status, 200) << created.body;
  auto target = created.json()["data"];
  int64_t id = target["id"].get<int64_t>();
  EXPECT_EQ(target["url"], url);
  EXPECT_EQ(target["targetType"], "webapp");
  EXPECT_EQ(target["status"], json::array());

  // The same target on the Crashtest API.
  auto legacy = get("/teams/1/projects/" + std::to_string(id));
  ASSERT_EQ(legacy.status, 200) << legacy.body;
  EXPECT_EQ(legacy.json()["data"]["url"], url);

  const std::string targetUrl = org() + "/dast/targets/" + std::to_string(id);
  auto analyze = codacy("POST", targetUrl + "/analyze");
  ASSERT_EQ(analyze.status, 200) << analyze.body;
  std::string analysisId = analyze.json()["data"]["analysisId"].get<std::string>();
  EXPECT_EQ(analysisId.size(), 36u) << analysisId;
  // Idempotent, like ours: the running analysis again.
  EXPECT_EQ(codacy("POST", targetUrl + "/analyze").json()["data"]["analysisId"], analysisId);

  // The scan it started is the Crashtest API's scan of that project.
  auto scans = get("/teams/1/projects/" + std::to_string(id) + "/scans").json()["data"];
  ASSERT_EQ(scans.size(), 1u);
  int64_t scanId = scans[0]["id"].get<int64_t>();
  auto done = waitForScan(server(), 1, scanId, 120);
  ASSERT_EQ(done["status_code"], 200) << done.dump();

  auto read = codacy("GET", targetUrl);
  ASSERT_EQ(read.status, 200) << read.body;
  auto status = read.json()["data"]["status"];
  ASSERT_EQ(status.size(), 1u) << read.body;
  EXPECT_EQ(status[0]["status"], "successful");
  EXPECT_EQ(status[0]["analysisId"], analysisId);
  EXPECT_TRUE(status[0]["transitionedAt"].is_string());

  auto listed = codacy("GET", org() + "/dast/targets?limit=100");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool seen = false;
  const json listedBody = listed.json();
  for (const auto& t : listedBody["data"]) seen = seen || t["id"] == id;
  EXPECT_TRUE(seen) << listed.body;
  EXPECT_TRUE(listed.json()["pagination"]["total"].get<int>() >= 1);

  // Results: the security items of that target, as the Crashtest JSON report has them.
  auto search = codacy("POST", org() + "/security/items/search",
                       json{{"scanTypes", {"DAST"}}, {"dastTargetUrls", {url}}}.dump());
  ASSERT_EQ(search.status, 200) << search.body;
  auto items = search.json()["data"];
  auto report = get("/teams/1/scans/" + std::to_string(scanId) + "/report").json();
  ASSERT_EQ(items.size(), report["findings"].size()) << search.body;
  ASSERT_GE(items.size(), 1u);
  const auto& item = items[0];
  EXPECT_EQ(item["scanType"], "DAST");
  EXPECT_EQ(item["application"], url);
  EXPECT_EQ(item["title"], report["findings"][0]["title"]);
  EXPECT_TRUE(item["priority"] == "Low" || item["priority"] == "Medium" ||
              item["priority"] == "High" || item["priority"] == "Critical");
  EXPECT_EQ(item["status"], "OnTrack");
  for (const char* field : {"id", "itemSource", "itemSourceId", "openedAt", "dueAt"})
    EXPECT_TRUE(item[field].is_string()) << field << " in " << item.dump();
  auto one = codacy("GET", org() + "/security/items/" + item["id"].get<std::string>());
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json()["data"], item);
  // Other scan types and other targets' URLs filter everything out.
  EXPECT_EQ(codacy("POST", org() + "/security/items/search", R"({"scanTypes":["SAST"]})")
                .json()["data"]
                .size(),
            0u);

  // Immutable as there: no update route; deleting is how it changes.
  expectCodacyError(codacy("PUT", targetUrl, json{{"url", url}}.dump()), 405, "BadRequest");
  auto removed = codacy("DELETE", targetUrl);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(removed.body, "");
  expectCodacyError(codacy("GET", targetUrl), 404, "NotFound");
  EXPECT_EQ(get("/teams/1/projects/" + std::to_string(id)).status, 404);
}

TEST_F(CodacyApi, OpenApiTargetsAndAuthHeaderNamesButNeverTheirValues) {
  auto created = codacy("POST", org("gl") + "/dast/targets",
                        json{{"url", "http://127.0.0.1:9/api"},
                             {"targetType", "openapi"},
                             {"apiDefinitionUrl", "http://127.0.0.1:9/openapi.json"},
                             {"apiAuthHeaders", {{"X-Api-Key", "s3cr3t-value"}}}}
                            .dump());
  ASSERT_EQ(created.status, 200) << created.body;
  auto t = created.json()["data"];
  EXPECT_EQ(t["targetType"], "openapi");
  EXPECT_EQ(t["apiDefinitionUrl"], "http://127.0.0.1:9/openapi.json");
  EXPECT_EQ(t["apiAuthHeaderNames"], json::array({"X-Api-Key"}));
  EXPECT_EQ(created.body.find("s3cr3t-value"), std::string::npos);
  auto legacy = get("/teams/1/projects/" + std::to_string(t["id"].get<int64_t>()));
  EXPECT_EQ(legacy.json()["data"]["type"], "api") << legacy.body;
}

TEST_F(CodacyApi, BadInputIsACodacyShaped400AndStrangersAre401Or404) {
  const std::string targets = org() + "/dast/targets";
  expectCodacyError(
      codacy("POST", org("svn") + "/dast/targets", R"({"url":"http://127.0.0.1:9/"})"), 400,
      "BadRequest");
  expectCodacyError(codacy("POST", targets, R"({})"), 400, "BadRequest");
  expectCodacyError(codacy("POST", targets, R"({"url":42})"), 400, "BadRequest");
  expectCodacyError(codacy("POST", targets, R"({"url":"ftp://127.0.0.1/"})"), 400, "BadRequest");
  expectCodacyError(
      codacy("POST", targets, R"({"url":"http://127.0.0.1:9/","targetType":"openapi"})"), 400,
      "BadRequest");
  expectCodacyError(
      codacy("POST", targets, R"({"url":"http://127.0.0.1:9/","targetType":"graphql"})"), 400,
      "BadRequest");
  expectCodacyError(codacy("POST", targets, "{not json"), 400, "BadRequest");
  expectCodacyError(codacy("GET", targets + "?limit=0"), 400, "BadRequest");
  expectCodacyError(codacy("GET", targets + "?cursor=abc"), 400, "BadRequest");
  expectCodacyError(codacy("POST", targets + "/abc/analyze"), 400, "BadRequest");
  expectCodacyError(codacy("POST", targets + "/999999/analyze"), 404, "NotFound");
  // Organization names are our team names (case aside); another team's is unknown.
  EXPECT_EQ(codacy("GET", org("gh", "default") + "/dast/targets").status, 200);
  expectCodacyError(codacy("GET", org("gh", "Elsewhere") + "/dast/targets"), 404, "NotFound");
  // The token: missing, wrong, or sent the Crashtest way only.
  expectCodacyError(httpRequest("GET", targets, "", {}), 401, "Unauthorized");
  expectCodacyError(codacy("GET", targets, "", "not-a-key"), 401, "Unauthorized");
  expectCodacyError(httpRequest("GET", targets, "", {"API_KEY: " + adminKey()}), 401,
                    "Unauthorized");
  expectCodacyError(codacy("GET", server().base() + "/api/v3/nowhere"), 404, "NotFound");
  // The user's role holds: a viewer reads but cannot create or analyze.
  EXPECT_EQ(codacy("GET", targets, "", viewer_).status, 200);
  expectCodacyError(codacy("POST", targets, R"({"url":"http://127.0.0.1:9/v"})", viewer_), 403,
                    "Forbidden");
}

TEST_F(CodacyApi, ListPagesWithACursor) {
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(codacy("POST", org() + "/dast/targets",
                     json{{"url", "http://127.0.0.1:9/page" + std::to_string(i)}}.dump())
                  .status,
              200);
  std::set<int64_t> ids;
  std::string cursor;
  int pages = 0;
  do {
    auto r = codacy("GET",
                    org() + "/dast/targets?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = r.json();
    EXPECT_LE(body["data"].size(), 2u);
    for (const auto& t : body["data"]) ids.insert(t["id"].get<int64_t>());
    cursor = body["pagination"].contains("cursor") ? body["pagination"]["cursor"].get<std::string>()
                                                   : "";
    ++pages;
  } while (!cursor.empty() && pages < 20);
  auto all = codacy("GET", org() + "/dast/targets").json();
  EXPECT_EQ(ids.size(), all["pagination"]["total"].get<size_t>());
  EXPECT_GE(pages, 2);
}

}  // namespace
}  // namespace ctc::test
