// The webhook API as published clients drive it: every empty-body framing, JSON bodies,
// status and reports by secret, and every error as JSON with a message.
#include <regex>

#include "support/api_fixture.hpp"
#include "support/slow_site.hpp"

namespace ctc::test {
namespace {

class WebhookTest : public ApiFixture {
 protected:
  static void SetUpTestSuite() {
    ApiFixture::SetUpTestSuite();
    slow_ = std::make_unique<SlowSite>(4000, 1);
    project_ = createProject(slow_->url());
    auto r = post("/teams/1/projects/" + std::to_string(project_) + "/webhook");
    EXPECT_EQ(r.status, 201) << r.body;
    secret_ = r.json()["data"]["secret"];
  }
  static void TearDownTestSuite() {
    slow_.reset();
    ApiFixture::TearDownTestSuite();
  }
  /// Stops whatever scan is active so the next start creates one.
  static void stopActive(int64_t scan) { post("/teams/1/scans/" + std::to_string(scan) + "/stop"); }

  static inline std::unique_ptr<SlowSite> slow_;
  static inline int64_t project_ = 0;
  static inline std::string secret_;
};

int64_t scanIdOf(const std::string& raw) {
  auto body = nlohmann::json::parse(rawBody(raw), nullptr, false);
  if (!body.is_object() || !body["data"]["scanId"].is_number_integer()) return -1;
  return body["data"]["scanId"];
}

TEST_F(WebhookTest, SecretLooksLikeUuid) {
  EXPECT_TRUE(std::regex_match(
      secret_, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")))
      << secret_;
}

TEST_F(WebhookTest, EveryEmptyBodyFramingStartsAScan) {
  const std::string target = "/webhook/" + secret_;
  const std::string host = "Host: 127.0.0.1\r\n";
  std::vector<std::pair<std::string, std::string>> framings{
      {"curl --data \"\"",
       "POST " + target + " HTTP/1.1\r\n" + host +
           "Content-Length: 0\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"},
      {"axios 0.21", "POST " + target + " HTTP/1.1\r\n" + host +
                         "Accept: application/json, text/plain, */*\r\nContent-Type: "
                         "application/x-www-form-urlencoded\r\nConnection: "
                         "keep-alive\r\nContent-Length: 0\r\n\r\n"},
      {"no length", "POST " + target + " HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"},
      {"chunked, zero chunk",
       "POST " + target + " HTTP/1.1\r\n" + host +
           "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"},
      {"chunked with json type",
       "POST " + target + " HTTP/1.1\r\n" + host +
           "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
           "Connection: close\r\n\r\n0\r\n\r\n"},
  };
  for (const auto& [name, bytes] : framings) {
    auto response = rawHttp(server().port(), bytes);
    int status = rawStatus(response);
    EXPECT_TRUE(status == 201 || status == 200) << name << ":\n" << response;
    int64_t id = scanIdOf(response);
    EXPECT_GT(id, 0) << name << ":\n" << response;
    stopActive(id);
  }
}

TEST_F(WebhookTest, CurlDataEmptyThenStatusThenReport) {
  auto r = httpRequest("POST", server().base() + "/webhook/" + secret_, "",
                       {"Content-Type: application/x-www-form-urlencoded"});
  ASSERT_TRUE(r.status == 201 || r.status == 200) << r.body;
  int64_t id = r.json()["data"]["scanId"];
  auto again = httpRequest("POST", server().base() + "/webhook/" + secret_, "");
  EXPECT_EQ(again.json()["data"]["scanId"], id);  // idempotent like REST
  auto status = httpRequest(
      "GET", server().base() + "/webhook/" + secret_ + "/scans/" + std::to_string(id) + "/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_LE(status.json()["data"]["status"]["status_code"].get<int>(), 101);
  stopActive(id);
  auto junit = httpRequest("GET", server().base() + "/webhook/" + secret_ + "/scans/" +
                                      std::to_string(id) + "/report/junit");
  EXPECT_EQ(junit.status, 200) << junit.body;
  EXPECT_EQ(junit.body.rfind("<?xml", 0), 0u);
  for (const char* fmt : {"pdf", "xml", "json"})
    EXPECT_EQ(httpRequest("GET", server().base() + "/webhook/" + secret_ + "/scans/" +
                                     std::to_string(id) + "/report/" + fmt)
                  .status,
              200)
        << fmt;
}

TEST_F(WebhookTest, JsonBodyUpdatesCredentialsAndBadJsonIs400) {
  auto r = httpRequest("POST", server().base() + "/webhook/" + secret_,
                       R"({"credentials":{"username":"ci","password":"s3cret"}})",
                       {"Content-Type: application/json"});
  ASSERT_TRUE(r.status == 201 || r.status == 200) << r.body;
  stopActive(r.json()["data"]["scanId"]);
  auto project = get("/teams/1/projects/" + std::to_string(project_)).json()["data"];
  EXPECT_EQ(project["has_credentials"], true);
  EXPECT_EQ(project.dump().find("s3cret"), std::string::npos);  // never echoed back

  auto bad = httpRequest("POST", server().base() + "/webhook/" + secret_,
                         "{\"credentials\":", {"Content-Type: application/json"});
  EXPECT_EQ(bad.status, 400);
  EXPECT_FALSE(bad.json()["message"].get<std::string>().empty());
  auto wrongType = httpRequest("POST", server().base() + "/webhook/" + secret_,
                               R"({"credentials":"x"})", {"Content-Type: application/json"});
  EXPECT_EQ(wrongType.status, 400);
}

TEST_F(WebhookTest, UnknownSecretsAndForeignScansAre404Json) {
  for (const auto& r :
       {httpRequest("POST", server().base() + "/webhook/00000000-0000-0000-0000-000000000000", ""),
        httpRequest("GET", server().base() + "/webhook/nope/scans/1/status"),
        httpRequest("GET", server().base() + "/webhook/" + secret_ + "/scans/999999/status"),
        httpRequest("GET", server().base() + "/webhook/" + secret_ + "/scans/abc/status")}) {
    EXPECT_TRUE(r.status == 404 || r.status == 400) << r.status;
    EXPECT_FALSE(r.json()["message"].get<std::string>().empty()) << r.body;
  }
  // A scan of another project is not reachable through this secret.
  int64_t other = createProject(slow_->url());
  auto otherScan = post("/teams/1/projects/" + std::to_string(other) + "/scans");
  int64_t otherId = otherScan.json()["data"]["scanId"];
  EXPECT_EQ(httpRequest("GET", server().base() + "/webhook/" + secret_ + "/scans/" +
                                   std::to_string(otherId) + "/status")
                .status,
            404);
  stopActive(otherId);
}

TEST_F(WebhookTest, RevokedSecretStopsWorking) {
  int64_t project = createProject(slow_->url());
  std::string path = "/teams/1/projects/" + std::to_string(project) + "/webhook";
  std::string secret = post(path).json()["data"]["secret"];
  auto r = del(path);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["data"]["revoked"], 1);
  EXPECT_EQ(httpRequest("POST", server().base() + "/webhook/" + secret, "").status, 404);
}

}  // namespace
}  // namespace ctc::test
