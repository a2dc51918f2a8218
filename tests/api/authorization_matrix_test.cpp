// Every REST route x every kind of caller -> the expected status, and no byte of team 1's data
// in any refusal. Webhook routes x a secret of another project -> 404.
#include "support/api_fixture.hpp"
#include "support/slow_site.hpp"

namespace ctc::test {
namespace {

constexpr const char* kMarker = "zz-secret-project-title";

enum class Min { Viewer, Engineer, Admin };

struct Route {
  std::string method;
  std::string path;  // {p} project, {s} scan
  Min min;
};

class AuthorizationMatrix : public ApiFixture {
 protected:
  static void SetUpTestSuite() {
    ApiFixture::SetUpTestSuite();
    site_ = std::make_unique<SlowSite>(0, 1);
    keys_["team_admin"] = adminKey();
    keys_["security_engineer"] = userKey("eng@m.example", "security_engineer");
    keys_["viewer"] = userKey("viewer@m.example", "viewer");
    keys_["revoked"] = userKey("revoked@m.example", "team_admin");
    server().admin({"key", "revoke", keys_["revoked"].substr(0, 12)});
    int64_t other = createTeam("Other");
    keys_["other_team_admin"] = userKey("other@m.example", "team_admin", other);
    keys_["no_key"] = "";
  }
  static void TearDownTestSuite() {
    site_.reset();
    ApiFixture::TearDownTestSuite();
  }

  /// A fresh project with a finished scan, so every route has something to act on.
  static std::pair<int64_t, int64_t> freshProjectAndScan() {
    auto r =
        post("/teams/1/projects", nlohmann::json{{"title", kMarker}, {"url", site_->url()}}.dump());
    int64_t project = r.json()["data"]["id"];
    int64_t scan =
        post("/teams/1/projects/" + std::to_string(project) + "/scans").json()["data"]["scanId"];
    waitForScan(server(), 1, scan, 30);
    return {project, scan};
  }

  static inline std::unique_ptr<SlowSite> site_;
  static inline std::map<std::string, std::string> keys_;
};

std::string fill(std::string path, int64_t project, int64_t scan) {
  for (auto [token, value] :
       {std::pair{std::string("{p}"), project}, std::pair{std::string("{s}"), scan}})
    for (auto at = path.find(token); at != std::string::npos; at = path.find(token))
      path.replace(at, token.size(), std::to_string(value));
  return path;
}

TEST_F(AuthorizationMatrix, EveryRouteEveryCaller) {
  const std::vector<Route> routes{
      {"GET", "/teams", Min::Viewer},
      {"GET", "/teams/1", Min::Viewer},
      {"GET", "/teams/1/projects", Min::Viewer},
      {"POST", "/teams/1/projects", Min::Engineer},
      {"GET", "/teams/1/projects/{p}", Min::Viewer},
      {"GET", "/teams/1/targets/{p}", Min::Viewer},
      {"POST", "/teams/1/projects/{p}", Min::Engineer},
      {"POST", "/teams/1/projects/{p}/webhook", Min::Engineer},
      {"DELETE", "/teams/1/projects/{p}/webhook", Min::Engineer},
      {"POST", "/teams/1/projects/{p}/scans", Min::Engineer},
      {"GET", "/teams/1/projects/{p}/scans", Min::Viewer},
      {"GET", "/teams/1/scans/{s}", Min::Viewer},
      {"GET", "/teams/1/scans/{s}/status", Min::Viewer},
      {"GET", "/teams/1/projects/{p}/scans/{s}/status", Min::Viewer},
      {"POST", "/teams/1/scans/{s}/stop", Min::Engineer},
      {"DELETE", "/teams/1/scans/{s}", Min::Engineer},
      {"GET", "/teams/1/scans/{s}/report/json", Min::Viewer},
      {"GET", "/teams/1/scans/{s}/report/pdf", Min::Viewer},
      {"GET", "/teams/1/scans/{s}/reports/junit", Min::Viewer},
      {"GET", "/teams/1/projects/{p}/scans/{s}/report/xml", Min::Viewer},
      {"DELETE", "/teams/1/projects/{p}", Min::Admin},
  };
  auto [project, scan] = freshProjectAndScan();
  for (const auto& route : routes) {
    for (const auto& [who, key] : keys_) {
      // Deleting the project would pull the ground from under the next rows: use a fresh one.
      if (route.method == "DELETE" && route.path == "/teams/1/projects/{p}")
        std::tie(project, scan) = freshProjectAndScan();
      std::string body;
      if (route.method == "POST" && route.path == "/teams/1/projects")
        body = nlohmann::json{{"title", "m"}, {"url", site_->url()}}.dump();
      else if (route.method == "POST" && route.path == "/teams/1/projects/{p}")
        body = R"({"scan_settings":{"requests_per_second":5}})";
      std::vector<std::string> headers{"Content-Type: application/json"};
      if (!key.empty()) headers.push_back("API_KEY: " + key);
      auto r = httpRequest(route.method, api() + fill(route.path, project, scan), body, headers);
      long expected;
      if (who == "no_key" || who == "revoked") {
        expected = 401;
      } else if (who == "other_team_admin") {
        expected = route.path == "/teams" ? 200 : 404;
      } else {
        int rank = who == "team_admin" ? 2 : who == "security_engineer" ? 1 : 0;
        // 0: allowed; the call may still meet a state conflict (stopping a finished scan: 409).
        expected = rank >= static_cast<int>(route.min) ? 0 : 403;
      }
      std::string where = route.method + " " + route.path + " as " + who;
      if (expected == 0)
        EXPECT_TRUE((r.status >= 200 && r.status < 300) || r.status == 409)
            << where << " -> " << r.status << " " << r.body.substr(0, 200);
      else
        EXPECT_EQ(r.status, expected) << where << " -> " << r.body.substr(0, 200);
      if (r.status >= 400 || who == "other_team_admin") {
        EXPECT_EQ(r.body.find(kMarker), std::string::npos) << where << " leaks team 1 data";
        EXPECT_EQ(r.body.find(site_->url()), std::string::npos) << where << " leaks team 1 data";
      }
    }
  }
}

TEST_F(AuthorizationMatrix, WebhookSecretReachesOnlyItsOwnProject) {
  auto [mine, myScan] = freshProjectAndScan();
  auto [theirs, theirScan] = freshProjectAndScan();
  (void)theirs;
  std::string secret =
      post("/teams/1/projects/" + std::to_string(mine) + "/webhook").json()["data"]["secret"];
  std::string base = server().base() + "/webhook/" + secret + "/scans/";
  EXPECT_EQ(httpRequest("GET", base + std::to_string(myScan) + "/status").status, 200);
  for (const std::string& suffix :
       {"/status", "", "/report/junit", "/report/pdf", "/reports/json"}) {
    auto r = httpRequest("GET", base + std::to_string(theirScan) + suffix);
    EXPECT_EQ(r.status, 404) << suffix;
    EXPECT_EQ(r.body.find(kMarker), std::string::npos);
  }
}

}  // namespace
}  // namespace ctc::test
