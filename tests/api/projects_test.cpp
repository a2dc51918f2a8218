// Projects (targets): create, validate, read, list, delete, with every alias.
#include "support/api_fixture.hpp"

namespace ctc::test {
namespace {

class ProjectsTest : public ApiFixture {};

TEST_F(ProjectsTest, CreateReturns201WithNumericIdAndFields) {
  auto r =
      post("/teams/1/projects",
           R"({"title":"Shop","url":"http://127.0.0.1:9/shop","type":"webapp","description":"d"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = r.json()["data"];
  EXPECT_TRUE(d["id"].is_number_integer());
  EXPECT_EQ(d["title"], "Shop");
  EXPECT_EQ(d["url"], "http://127.0.0.1:9/shop");
  EXPECT_EQ(d["type"], "webapp");
  EXPECT_EQ(d["team_id"], 1);
  auto again = get("/teams/1/projects/" + std::to_string(d["id"].get<int64_t>()));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["data"]["title"], "Shop");
}

TEST_F(ProjectsTest, AliasesTargetsAndNoPrefixAndFormBodies) {
  auto r =
      httpRequest("POST", server().base() + "/teams/1/targets",
                  "title=Form+app&url=http%3A%2F%2F127.0.0.1%3A9%2F",
                  {"API_KEY: " + adminKey(), "Content-Type: application/x-www-form-urlencoded"});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.json()["data"]["id"];
  EXPECT_EQ(get("/teams/1/targets/" + std::to_string(id)).json()["data"]["title"], "Form app");
  auto list = get("/teams/1/projects").json()["data"];
  bool found = false;
  for (const auto& p : list) found = found || p["id"] == id;
  EXPECT_TRUE(found);
}

TEST_F(ProjectsTest, ValidationErrorsSayWhatToFix) {
  struct Case {
    std::string body;
    std::string field;
  };
  for (const auto& c : std::vector<Case>{
           {R"({"url":"http://127.0.0.1/"})", "title"},
           {R"({"title":"x"})", "url"},
           {R"({"title":"x","url":"ftp://127.0.0.1/"})", "url"},
           {R"({"title":"x","url":"not a url"})", "url"},
           {R"({"title":"x","url":"http://user:pw@127.0.0.1/"})", "url"},
           {R"({"title":42,"url":"http://127.0.0.1/"})", "title"},
           {R"({"title":"x","url":["http://127.0.0.1/"]})", "url"},
           {R"({"title":"x","url":"http://127.0.0.1/","type":"desktop"})", "type"},
       }) {
    auto r = post("/teams/1/projects", c.body);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    auto body = r.json();
    EXPECT_EQ(body["success"], false);
    EXPECT_TRUE(body["errors"].contains(c.field)) << c.body << " -> " << r.body;
    EXPECT_NE(body["message"].get<std::string>().find(c.field), std::string::npos);
  }
  EXPECT_EQ(post("/teams/1/projects", R"({"title":)").status, 400);
  EXPECT_EQ(post("/teams/1/projects", "[1,2]").status, 400);
}

TEST_F(ProjectsTest, UnknownAndMalformedIds) {
  EXPECT_EQ(get("/teams/1/projects/999999").status, 404);
  EXPECT_EQ(get("/teams/1/projects/abc").status, 400);
  EXPECT_EQ(get("/teams/1/projects/12abc").status, 400);
  EXPECT_EQ(get("/teams/999/projects").status, 404);
  EXPECT_EQ(get("/teams/-1/projects").status, 400);
  EXPECT_EQ(get("/teams/1/projects/x1/scans/1/status").status, 400);  // nested routes too
}

TEST_F(ProjectsTest, DeleteRemovesProjectAndItsScans) {
  int64_t id = createProject("http://127.0.0.1:9/");
  std::string path = "/teams/1/projects/" + std::to_string(id);
  auto started = post(path + "/scans");
  ASSERT_EQ(started.status, 201) << started.body;
  int64_t scan = started.json()["data"]["scanId"];
  auto r = del(path);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(get(path).status, 404);
  EXPECT_EQ(get("/teams/1/scans/" + std::to_string(scan)).status, 404);
  EXPECT_EQ(del(path).status, 404);
}

TEST(SsrfRule, PrivateTargetsRefusedWithoutFlag) {
  TempDir dir;
  TestServer strict(dir.path(), {}, /*allowPrivateTargets=*/false);
  for (const char* url :
       {"http://127.0.0.1/", "http://localhost:8080/", "http://169.254.169.254/latest/",
        "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f000001/",
        "http://10.0.0.5/", "http://192.168.1.1/", "http://100.64.0.1/",
        "http://[fd00:ec2::254]/"}) {
    auto r = httpRequest("POST", strict.api() + "/teams/1/projects",
                         nlohmann::json{{"title", "x"}, {"url", url}}.dump(),
                         {"API_KEY: " + strict.key(), "Content-Type: application/json"});
    EXPECT_EQ(r.status, 400) << url << " -> " << r.body;
    EXPECT_TRUE(r.json()["errors"].contains("url")) << url << " -> " << r.body;
  }
}

}  // namespace
}  // namespace ctc::test
