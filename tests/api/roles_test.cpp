// Roles and team isolation: a key acts only in its user's teams, with its role's rights.
#include <chrono>
#include <thread>

#include "support/api_fixture.hpp"

namespace ctc::test {
namespace {

class RolesTest : public ApiFixture {
 protected:
  static void SetUpTestSuite() {
    ApiFixture::SetUpTestSuite();
    engineer_ = userKey("eng@example.com", "security_engineer");
    viewer_ = userKey("viewer@example.com", "viewer");
    otherTeam_ = createTeam("Other");
    outsider_ = userKey("outsider@example.com", "team_admin", otherTeam_);
    project_ = createProject("http://127.0.0.1:9/");
  }
  static std::string p(const std::string& rest = "") {
    return "/teams/1/projects/" + std::to_string(project_) + rest;
  }
  static inline std::string engineer_, viewer_, outsider_;
  static inline int64_t otherTeam_ = 0, project_ = 0;
};

TEST_F(RolesTest, ViewerReadsButCannotChange) {
  EXPECT_EQ(get("/teams/1", viewer_).status, 200);
  EXPECT_EQ(get(p(), viewer_).status, 200);
  EXPECT_EQ(get(p("/scans"), viewer_).status, 200);
  auto create = post("/teams/1/projects", R"({"title":"v","url":"http://127.0.0.1:9/"})", viewer_);
  EXPECT_EQ(create.status, 403) << create.body;
  EXPECT_FALSE(create.json()["message"].get<std::string>().empty());
  EXPECT_EQ(post(p("/scans"), "", viewer_).status, 403);
  EXPECT_EQ(post(p("/webhook"), "", viewer_).status, 403);
  EXPECT_EQ(del(p(), viewer_).status, 403);
}

TEST_F(RolesTest, EngineerCreatesAndScansButCannotDelete) {
  int64_t mine = createProject("http://127.0.0.1:9/eng", 1, engineer_);
  std::string path = "/teams/1/projects/" + std::to_string(mine);
  auto started = post(path + "/scans", "", engineer_);
  EXPECT_TRUE(started.status == 201 || started.status == 200) << started.body;
  EXPECT_EQ(post(path + "/webhook", "", engineer_).status, 201);
  EXPECT_EQ(del(path, engineer_).status, 403);
  EXPECT_EQ(del(path).status, 200);  // the team admin may
}

TEST_F(RolesTest, OtherTeamSeesNothingOfThisTeam) {
  auto teams = get("/teams", outsider_).json()["data"];
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_EQ(teams[0]["name"], "Other");
  // A foreign team answers exactly like a team that does not exist: no leak of existence.
  for (const auto& path :
       {std::string("/teams/1"), std::string("/teams/1/projects"), p(), p("/scans")}) {
    auto r = get(path, outsider_);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("http://127.0.0.1:9/"), std::string::npos) << path;
  }
  EXPECT_EQ(post(p("/scans"), "", outsider_).status, 404);
  EXPECT_EQ(del(p(), outsider_).status, 404);
  // Its own team's project list does not include team 1's projects.
  auto own = get("/teams/" + std::to_string(otherTeam_) + "/projects", outsider_).json()["data"];
  EXPECT_TRUE(own.empty());
  // The same project id through the outsider's own team is not found either.
  EXPECT_EQ(get("/teams/" + std::to_string(otherTeam_) + "/projects/" + std::to_string(project_),
                outsider_)
                .status,
            404);
}

TEST_F(RolesTest, KeyRevokedByTheAdminCliIs401WithinTheCacheTtl) {
  std::string key = userKey("revoked@example.com", "viewer");
  // Twice: the first use records last_used_at, so only the second answer stays cached.
  EXPECT_EQ(get("/teams", key).status, 200);
  EXPECT_EQ(get("/teams", key).status, 200);
  auto revoked = std::chrono::steady_clock::now();
  auto [rc, out] = server().admin({"key", "revoke", key.substr(0, 12)});
  ASSERT_EQ(rc, 0) << out;
  // The CLI is another process: the server sees its commit when its cached answer expires
  // (--cache-ttl-ms, 1 s by default).
  int status = 0;
  while (std::chrono::steady_clock::now() - revoked < std::chrono::seconds(3)) {
    status = get("/teams", key).status;
    if (status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 401);
  EXPECT_EQ(get("/teams").status, 200);  // other keys unaffected
}

TEST_F(RolesTest, AdminCliRejectsBadInputWithNonZeroExit) {
  EXPECT_NE(server().admin({"user", "create", "not-an-email", "--team", "1"}).first, 0);
  EXPECT_NE(server().admin({"user", "create", "a@b.c", "--team", "9999"}).first, 0);
  EXPECT_NE(server().admin({"user", "create", "a@b.c", "--team", "1", "--role", "god"}).first, 0);
  EXPECT_NE(server().admin({"key", "create", "nobody@example.com"}).first, 0);
  EXPECT_NE(server().admin({"key", "revoke", "ctc"}).first, 0);
  EXPECT_NE(server().admin({"webhook", "create", "--team", "1", "--target", "99999"}).first, 0);
  auto [rc, out] = server().admin({"key", "list", "admin@localhost"});
  ASSERT_EQ(rc, 0);
  auto keys = nlohmann::json::parse(out);
  ASSERT_FALSE(keys.empty());
  EXPECT_EQ(keys[0]["prefix"].get<std::string>().size(), 12u);
  EXPECT_EQ(out.find(adminKey()), std::string::npos);  // never the full key
}

}  // namespace
}  // namespace ctc::test
