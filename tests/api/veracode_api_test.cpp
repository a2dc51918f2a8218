// Veracode Dynamic Analysis scripts against our server, signed by a client written from
// Veracode's published HMAC scheme (support/veracode_sign.py, not our verifier): create an
// analysis, watch its scans, read its findings, add a URL, schedule one; the same targets and
// scans on the Crashtest API; every way a signature can be wrong is a 401.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "support/api_fixture.hpp"

namespace ctc::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

struct Credential {
  std::string id, key;
};

Credential createCredential(TestServer& server, const std::string& email) {
  auto [rc, out] = server.admin({"api-credentials", "create", email});
  EXPECT_EQ(rc, 0) << out;
  auto j = json::parse(out);
  return {j["api_id"].get<std::string>(), j["api_key"].get<std::string>()};
}

/// The Authorization header the published signer computes; extra: "--ts", "...", "--nonce", ...
std::string sign(const Credential& c, const std::string& method, const std::string& url,
                 std::vector<std::string> extra = {}) {
  std::vector<std::string> argv{
      "python3", std::string(CTC_SOURCE_DIR) + "/tests/api/support/veracode_sign.py",
      c.id,      c.key,
      method,    url};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto [rc, out] = runCommand(argv);
  EXPECT_EQ(rc, 0) << out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class VeracodeApi : public ApiFixture {
 protected:
  static void SetUpTestSuite() {
    ApiFixture::SetUpTestSuite();
    site_ = std::make_unique<FixtureSite>();
    cred_ = createCredential(server(), "admin@localhost");
  }
  static void TearDownTestSuite() {
    ApiFixture::TearDownTestSuite();
    site_.reset();
  }
  static std::string was(const std::string& rest) {
    return server().base() + "/was/configservice/v1" + rest;
  }
  static HttpResult call(const std::string& method, const std::string& url,
                         const std::string& body = "", const Credential& c = cred_) {
    std::vector<std::string> headers{"Authorization: " + sign(c, method, url)};
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return httpRequest(method, url, body, headers);
  }
  /// 401 in Veracode's error shape, refused for the reason `reason` names (so a test of one
  /// rule cannot pass because another one refused it).
  static void expect401(const HttpResult& r, const std::string& why, const std::string& reason) {
    EXPECT_EQ(r.status, 401) << why << ": " << r.body;
    auto e = r.json()["_embedded"]["errors"][0];
    EXPECT_EQ(e["status"], "401") << why << ": " << r.body;
    std::string detail = e["detail"].is_string() ? e["detail"].get<std::string>() : "";
    EXPECT_NE(detail.find(reason), std::string::npos) << why << ": " << r.body;
  }
  static json analysisBody(const std::string& name, const std::string& url,
                           json schedule = {{"now", true},
                                            {"duration", {{"length", 1}, {"unit", "DAY"}}}}) {
    return {{"name", name},
            {"scans", {{{"scan_config_request", {{"target_url", {{"url", url}}}}}}}},
            {"schedule", schedule}};
  }
  /// The analysis id from GET /analyses?name=, as pipeline scripts look it up.
  static std::string idByName(const std::string& name) {
    auto r = call("GET", was("/analyses?name=" + name));
    EXPECT_EQ(r.status, 200) << r.body;
    auto analyses = r.json()["_embedded"]["analyses"];
    EXPECT_EQ(analyses.size(), 1u) << r.body;
    return analyses.empty() ? "" : analyses[0]["analysis_id"].get<std::string>();
  }
  static inline std::unique_ptr<FixtureSite> site_;
  static inline Credential cred_;
};

TEST_F(VeracodeApi, SignedClientCreatesRunsAndReadsAnAnalysisSeenOnTheCrashtestApiToo) {
  const std::string url = (*site_)["clean"];
  auto created = call("POST", was("/analyses?run_verification=false"),
                      analysisBody("Nightly-clean-site", url).dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body, "");
  std::string id = idByName("Nightly-clean-site");
  EXPECT_EQ(created.headers["location"], was("/analyses/" + id));

  auto scans = call("GET", was("/analyses/" + id + "/scans"));
  ASSERT_EQ(scans.status, 200) << scans.body;
  auto scanList = scans.json()["_embedded"]["scans"];
  ASSERT_EQ(scanList.size(), 1u) << scans.body;
  EXPECT_EQ(scanList[0]["target_url"], url);
  int64_t projectId = std::stoll(scanList[0]["scan_id"].get<std::string>());

  // The same target and its scan on the Crashtest API.
  auto legacyScans = get("/teams/1/projects/" + std::to_string(projectId) + "/scans");
  ASSERT_EQ(legacyScans.status, 200) << legacyScans.body;
  auto legacyList = legacyScans.json()["data"];
  ASSERT_EQ(legacyList.size(), 1u);
  int64_t scanId = legacyList[0]["id"].get<int64_t>();
  ASSERT_EQ(waitForScan(server(), 1, scanId, 120)["status_code"], 200);

  auto one = call("GET", was("/analyses/" + id));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json()["latest_occurrence_status"]["status_type"], "FINISHED_RESULTS_AVAILABLE");
  EXPECT_EQ(one.json()["schedule"]["schedule_status"], "COMPLETED");
  EXPECT_EQ(one.json()["_links"]["scans"]["href"], was("/analyses/" + id + "/scans"));

  // Findings in the Findings API's shape, as many as the Crashtest report groups.
  auto findings = call(
      "GET", server().base() + "/appsec/v2/applications/" + id + "/findings?scan_type=DYNAMIC");
  ASSERT_EQ(findings.status, 200) << findings.body;
  auto list = findings.json()["_embedded"]["findings"];
  auto report = get("/teams/1/scans/" + std::to_string(scanId) + "/report").json();
  ASSERT_EQ(list.size(), report["findings"].size()) << findings.body;
  ASSERT_GE(list.size(), 1u);
  EXPECT_EQ(list[0]["scan_type"], "DYNAMIC");
  EXPECT_EQ(list[0]["finding_status"]["status"], "OPEN");
  EXPECT_EQ(list[0]["finding_details"]["cwe"]["id"], report["findings"][0]["cwe"]);
  EXPECT_TRUE(list[0]["finding_details"]["severity"].is_number_integer());
  EXPECT_TRUE(list[0]["finding_details"]["port"].is_string());
  EXPECT_EQ(findings.json()["page"]["total_elements"], list.size());

  // Add a URL scan: a second target, scanned at once as the analysis already ran.
  json patch = {{"name", "Nightly-clean-site"},
                {"scans",
                 {{{"action_type", "ADD"},
                   {"scan_config_request", {{"target_url", {{"url", url + "about"}}}}}}}}};
  auto patched = call("PUT", was("/analyses/" + id + "?method=PATCH"), patch.dump());
  EXPECT_EQ(patched.status, 204) << patched.body;
  EXPECT_EQ(call("GET", was("/analyses/" + id + "/scans")).json()["_embedded"]["scans"].size(), 2u);

  // It ran: Veracode refuses to delete it.
  EXPECT_EQ(call("DELETE", was("/analyses/" + id)).status, 400);
  // A second analysis of the same name is refused.
  EXPECT_EQ(call("POST", was("/analyses"), analysisBody("Nightly-clean-site", url).dump()).status,
            409);
}

TEST_F(VeracodeApi, WrongStaleReplayedOrMisdirectedSignaturesAre401) {
  const std::string url = was("/analyses");
  expect401(httpRequest("GET", url), "no Authorization", "missing Authorization");
  expect401(httpRequest("GET", url, "", {"Authorization: Basic YTpi"}), "another scheme",
            "VERACODE-HMAC-SHA-256 scheme");
  Credential wrongKey{cred_.id, std::string(128, 'a')};
  expect401(httpRequest("GET", url, "", {"Authorization: " + sign(wrongKey, "GET", url)}),
            "wrong key", "signature does not match");
  Credential unknownId{std::string(32, 'b'), cred_.key};
  expect401(httpRequest("GET", url, "", {"Authorization: " + sign(unknownId, "GET", url)}),
            "unknown id", "unknown or revoked");
  auto ms = [](auto d) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  auto now = std::chrono::system_clock::now().time_since_epoch();
  expect401(httpRequest("GET", url, "",
                        {"Authorization: " + sign(cred_, "GET", url, {"--ts", ms(now - 6min)})}),
            "6 minutes old", "5 minutes");
  expect401(httpRequest("GET", url, "",
                        {"Authorization: " + sign(cred_, "GET", url, {"--ts", ms(now + 6min)})}),
            "6 minutes ahead", "5 minutes");
  EXPECT_EQ(httpRequest("GET", url, "",
                        {"Authorization: " + sign(cred_, "GET", url, {"--ts", ms(now - 4min)})})
                .status,
            200);
  // Signed for another URL, another query or another method.
  expect401(httpRequest("GET", url + "?name=x", "", {"Authorization: " + sign(cred_, "GET", url)}),
            "another query", "signature does not match");
  expect401(httpRequest("GET", was("/code_groups/errorcode"), "",
                        {"Authorization: " + sign(cred_, "GET", url)}),
            "another path", "signature does not match");
  expect401(httpRequest("DELETE", was("/analyses/1"), "",
                        {"Authorization: " + sign(cred_, "GET", was("/analyses/1"))}),
            "another method", "signature does not match");
  // Replayed: the same header a second time.
  std::string header = "Authorization: " + sign(cred_, "GET", url);
  EXPECT_EQ(httpRequest("GET", url, "", {header}).status, 200);
  expect401(httpRequest("GET", url, "", {header}), "replayed nonce", "already used");
  // A region-prefixed id (vera01ei-...) as Veracode's EU credentials have works too.
  Credential prefixed{"vera01ei-" + cred_.id, "vera01es-" + cred_.key};
  Credential stripped{prefixed.id, cred_.key};  // clients strip the secret's prefix to unhex it
  EXPECT_EQ(httpRequest("GET", url, "", {"Authorization: " + sign(stripped, "GET", url)}).status,
            200);
  // Revoked: refused from then on.
  Credential other = createCredential(server(), "admin@localhost");
  EXPECT_EQ(call("GET", url, "", other).status, 200);
  auto [rc, out] = server().admin({"api-credentials", "revoke", other.id});
  ASSERT_EQ(rc, 0) << out;
  expect401(call("GET", url, "", other), "revoked", "unknown or revoked");
  // Listing never shows a key, and the database holds none in clear.
  auto [lrc, listed] = server().admin({"api-credentials", "list", "admin@localhost"});
  ASSERT_EQ(lrc, 0) << listed;
  EXPECT_NE(listed.find(cred_.id), std::string::npos);
  EXPECT_EQ(listed.find(cred_.key), std::string::npos);
  std::ifstream db(server().dbPath(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(db)), {});
  EXPECT_EQ(bytes.find(cred_.key), std::string::npos);
  EXPECT_EQ(bytes.find(cred_.key.substr(0, 32)), std::string::npos);
}

TEST_F(VeracodeApi, ScheduledAnalysisStartsAtItsTimeAndNeverRunOnesCanBeDeleted) {
  const std::string url = (*site_)["clean"];
  std::time_t soon = std::time(nullptr) + 3;
  char when[40];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+00:00", std::gmtime(&soon));
  auto created = call(
      "POST", was("/analyses"),
      analysisBody(
          "Scheduled-soon", url,
          {{"now", false}, {"start_date", when}, {"duration", {{"length", 2}, {"unit", "HOUR"}}}})
          .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = idByName("Scheduled-soon");
  auto before = call("GET", was("/analyses/" + id)).json();
  EXPECT_EQ(before["latest_occurrence_status"]["status_type"], "SCHEDULED") << before.dump();
  EXPECT_EQ(before["schedule"]["duration"]["unit"], "HOUR");
  std::string status;
  for (int i = 0; i < 100 && status != "FINISHED_RESULTS_AVAILABLE"; ++i) {
    std::this_thread::sleep_for(200ms);
    status = call("GET", was("/analyses/" + id)).json()["latest_occurrence_status"]["status_type"];
  }
  EXPECT_EQ(status, "FINISHED_RESULTS_AVAILABLE");
  EXPECT_GE(std::time(nullptr), soon);

  // Far in the future: never ran, so it can be deleted.
  auto later = call(
      "POST", was("/analyses"),
      analysisBody("Scheduled-later", url, {{"now", false}, {"start_date", "2099-01-01T00:00Z"}})
          .dump());
  ASSERT_EQ(later.status, 201) << later.body;
  std::string laterId = idByName("Scheduled-later");
  EXPECT_EQ(call("GET", was("/analyses/" + laterId + "/scans"))
                .json()["_embedded"]["scans"][0]["latest_occurrence_status"]["status_type"],
            "SCHEDULED");
  EXPECT_EQ(call("DELETE", was("/analyses/" + laterId)).status, 204);
  EXPECT_EQ(call("GET", was("/analyses/" + laterId)).status, 404);
}

TEST_F(VeracodeApi, UploadedApiSpecificationFeedsAnApiScanOfTheAnalysis) {
  const std::string site = (*site_)["api"];
  std::string document = httpRequest("GET", site + "openapi.yaml").body;
  ASSERT_FALSE(document.empty());
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"openapi.yaml\"\r\nContent-Type: application/yaml\r\n\r\n" +
      document + "\r\n--XyZ--\r\n";
  const std::string uploadUrl = was("/api_specifications?spec_name=Fixture-API");
  auto uploaded = httpRequest("POST", uploadUrl, body,
                              {"Authorization: " + sign(cred_, "POST", uploadUrl),
                               "Content-Type: multipart/form-data; boundary=XyZ"});
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  auto spec = uploaded.json();
  EXPECT_EQ(spec["spec_name"], "Fixture-API");
  EXPECT_EQ(spec["file_name"], "openapi.yaml");
  EXPECT_GT(spec["endpoint_count"].get<int>(), 0);
  std::string specId = spec["spec_id"].get<std::string>();
  auto byName = call("GET", was("/api_specifications?spec_name=Fixture-API")).json();
  ASSERT_EQ(byName["_embedded"]["api_specs"].size(), 1u) << byName.dump();
  EXPECT_EQ(byName["_embedded"]["api_specs"][0]["spec_id"], specId);
  EXPECT_EQ(call("GET", was("/api_specifications/" + specId)).json()["spec_name"], "Fixture-API");
  // The same name twice is refused; a broken document says why.
  EXPECT_EQ(httpRequest("POST", uploadUrl, body,
                        {"Authorization: " + sign(cred_, "POST", uploadUrl),
                         "Content-Type: multipart/form-data; boundary=XyZ"})
                .status,
            409);

  json analysis = analysisBody("Api-spec-analysis", site + "api/v1/",
                               {{"now", false}, {"start_date", "2099-01-01T00:00Z"}});
  analysis["scans"][0]["scan_config_request"]["api_scan_setting"] = {{"spec_id", specId}};
  auto created = call("POST", was("/analyses?scan_type=API_SCAN"), analysis.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = idByName("Api-spec-analysis");
  auto scans = call("GET", was("/analyses/" + id + "/scans")).json()["_embedded"]["scans"];
  ASSERT_EQ(scans.size(), 1u);
  std::string project = scans[0]["scan_id"].get<std::string>();
  // On the Crashtest API: an API project carrying that description.
  EXPECT_EQ(get("/teams/1/projects/" + project).json()["data"]["type"], "api");
  auto specs = get("/teams/1/projects/" + project + "/specifications").json()["data"];
  ASSERT_EQ(specs.size(), 1u) << specs.dump();
  EXPECT_EQ(specs[0]["name"], "Fixture-API");
  EXPECT_EQ(specs[0]["operations"], spec["endpoint_count"]);
  // An unknown spec_id creates nothing.
  json unknown = analysisBody("Unknown-spec-analysis", site + "api/v1/");
  unknown["scans"][0]["scan_config_request"]["api_scan_setting"] = {{"spec_id", "999999"}};
  EXPECT_EQ(call("POST", was("/analyses"), unknown.dump()).status, 400);
  EXPECT_EQ(call("GET", was("/analyses?name=Unknown-spec-analysis"))
                .json()["_embedded"]["analyses"]
                .size(),
            0u);
  EXPECT_EQ(call("DELETE", was("/analyses/" + id)).status, 204);
}

TEST_F(VeracodeApi, BadBodiesAre400InVeracodesErrorShape) {
  auto bad = [&](const json& body, const std::string& why) {
    auto r = call("POST", was("/analyses"), body.dump());
    EXPECT_EQ(r.status, 400) << why << ": " << r.body;
    EXPECT_EQ(r.json()["_embedded"]["errors"][0]["status"], "400") << why;
  };
  const std::string url = (*site_)["clean"];
  bad(analysisBody("short", url), "name under 6 characters");
  bad({{"name", "No-scans-at-all"}}, "no scans");
  bad({{"name", "Scan-without-url"}, {"scans", {{{"scan_config_request", json::object()}}}}},
      "no url");
  bad(analysisBody("Bad-schedule", url, {{"now", false}, {"start_date", "tomorrow"}}),
      "start_date");
  bad(analysisBody("Bad-duration", url,
                   {{"now", true}, {"duration", {{"length", 1}, {"unit", "YEAR"}}}}),
      "duration unit");
  bad(analysisBody("Not-a-url", "ftp://127.0.0.1/"), "ftp URL");
  auto validated =
      call("POST", was("/analyses?validate_only=true"), analysisBody("Only-validated", url).dump());
  EXPECT_EQ(validated.status, 202) << validated.body;
  EXPECT_EQ(
      call("GET", was("/analyses?name=Only-validated")).json()["_embedded"]["analyses"].size(), 0u);
  EXPECT_EQ(call("GET", was("/analyses/999999")).status, 404);
  EXPECT_EQ(call("GET", was("/nowhere")).json()["_embedded"]["errors"][0]["status"], "404");
  auto codes = call("GET", was("/code_groups/errorcode"));
  ASSERT_EQ(codes.status, 200) << codes.body;
  EXPECT_GE(codes.json()["_embedded"]["codes"].size(), 1u);
}

// auth_configuration as Veracode's docs write it: AUTO finds the login form by itself and the scan
// reaches what is behind it; the password is sealed, never shown; what we cannot do is a 400.
TEST_F(VeracodeApi, AutoLoginCredentialsScanBehindTheLogin) {
  std::ifstream in(std::string(CTC_SOURCE_DIR) + "/tests/fixture/answer_key.json");
  const json login = json::parse(in)["sites"]["auth"]["authentication"];
  const std::string password = login["password"];
  auto withAuth = [&](const std::string& name, const json& authentications) {
    json body = analysisBody(name, (*site_)["auth"]);
    body["scans"][0]["scan_config_request"]["auth_configuration"] = {
        {"authentications", authentications}};
    return body;
  };
  json autoLogin = {
      {"AUTO", {{"username", login["username"]}, {"password", password}, {"authtype", "AUTO"}}}};
  auto created = call("POST", was("/analyses"), withAuth("Logged-in-nightly", autoLogin).dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = idByName("Logged-in-nightly");
  auto scans = call("GET", was("/analyses/" + id + "/scans"));
  ASSERT_EQ(scans.status, 200);
  EXPECT_EQ(scans.body.find(password), std::string::npos) << "the password is never shown";
  int64_t projectId =
      std::stoll(scans.json()["_embedded"]["scans"][0]["scan_id"].get<std::string>());
  auto project = get("/teams/1/projects/" + std::to_string(projectId));
  ASSERT_EQ(project.status, 200);
  EXPECT_EQ(project.json()["data"]["authentication"]["type"], "form") << project.body;
  auto legacyScans = get("/teams/1/projects/" + std::to_string(projectId) + "/scans");
  int64_t scanId = legacyScans.json()["data"][0]["id"].get<int64_t>();
  auto status = waitForScan(server(), 1, scanId, 180);
  ASSERT_EQ(status["status_code"], 200) << status.dump();
  auto report = get("/teams/1/scans/" + std::to_string(scanId) + "/report").json();
  int behind = 0;
  for (const auto& f : findingInstances(report))
    behind += f["authenticated"] == true &&
              f["url"].get<std::string>().find("/app/") != std::string::npos;
  EXPECT_GE(behind, 3) << "the flaws behind the login are found: " << report.dump().substr(0, 2000);

  auto refused = [&](const std::string& name, const json& authentications, const std::string& at) {
    auto r = call("POST", was("/analyses"), withAuth(name, authentications).dump());
    EXPECT_EQ(r.status, 400) << name << ": " << r.body;
    EXPECT_NE(r.body.find(at), std::string::npos) << name << ": " << r.body;
  };
  const std::string field = "scans[0].scan_config_request.auth_configuration.authentications";
  refused("Client-certificate",
          {{"CERT", {{"cert_name", "c.p12"}, {"password", "x"}, {"authtype", "CERT"}}}},
          field + ".CERT");
  refused("Login-script", {{"FORM", {{"authtype", "FORM"}}}}, field + ".FORM");
  refused("No-password", {{"AUTO", {{"username", "scanner"}, {"authtype", "AUTO"}}}},
          field + ".AUTO.password");
  refused("Both-kinds", {{"AUTO", autoLogin["AUTO"]}, {"BASIC", autoLogin["AUTO"]}}, field);
  EXPECT_EQ(call("GET", was("/analyses?name=No-password")).json()["_embedded"]["analyses"].size(),
            0u)
      << "a refused analysis leaves nothing behind";
}

// The schedule is in the database: a start time that passes while the server is down starts
// the analysis after the restart.
TEST(VeracodeSchedule, AStartTimeMissedWhileDownStartsAfterTheRestart) {
  FixtureSite site;
  TempDir dir;
  TestServer server(dir.path());
  Credential c = createCredential(server, "admin@localhost");
  auto was = [&server](const std::string& rest) {
    return server.base() + "/was/configservice/v1" + rest;
  };
  auto call = [&](const std::string& method, const std::string& url, const std::string& body = "") {
    return httpRequest(
        method, url, body,
        {"Authorization: " + sign(c, method, url), "Content-Type: application/json"});
  };
  std::time_t soon = std::time(nullptr) + 2;
  char when[40];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&soon));
  json body = {{"name", "Survives-restart"},
               {"scans", {{{"scan_config_request", {{"target_url", {{"url", site["clean"]}}}}}}}},
               {"schedule", {{"now", false}, {"start_date", when}}}};
  ASSERT_EQ(call("POST", was("/analyses"), body.dump()).status, 201);
  // Signed and used before the restart: the nonce is remembered in the database.
  const std::string path = "/was/configservice/v1/analyses?name=Survives-restart";
  std::string used = "Authorization: " + sign(c, "GET", server.base() + path);
  ASSERT_EQ(httpRequest("GET", server.base() + path, "", {used}).status, 200);
  server.stop(SIGKILL);
  std::this_thread::sleep_for(3s);
  server.start();
  // The signature covers host (no port) and path, so it would still match: only the nonce stops it.
  auto replay = httpRequest("GET", server.base() + path, "", {used});
  EXPECT_EQ(replay.status, 401) << replay.body;
  EXPECT_NE(replay.body.find("already used"), std::string::npos) << replay.body;
  auto list = call("GET", was("/analyses?name=Survives-restart")).json();
  ASSERT_EQ(list["_embedded"]["analyses"].size(), 1u) << list.dump();
  std::string id = list["_embedded"]["analyses"][0]["analysis_id"];
  std::string status;
  for (int i = 0; i < 150 && status != "FINISHED_RESULTS_AVAILABLE"; ++i) {
    std::this_thread::sleep_for(200ms);
    status = call("GET", was("/analyses/" + id)).json()["latest_occurrence_status"]["status_type"];
  }
  EXPECT_EQ(status, "FINISHED_RESULTS_AVAILABLE");
}

}  // namespace
}  // namespace ctc::test
