// Authentication over the real server: the key in all four placements, any case, and failures.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/test_server.hpp"

namespace ctc::test {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new TestServer(dir_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static TempDir* dir_;
  static TestServer* server_;
};
TempDir* AuthTest::dir_ = nullptr;
TestServer* AuthTest::server_ = nullptr;

TEST_F(AuthTest, KeyAcceptedInHeaderAndQueryInAnyCase) {
  const auto& s = *server_;
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams", "", {"API_KEY: " + s.key()}).status, 200);
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams", "", {"api_key: " + s.key()}).status, 200);
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams", "", {"Api_Key: " + s.key()}).status, 200);
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams?API_KEY=" + s.key()).status, 200);
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams?api_key=" + s.key()).status, 200);
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams?aPi_KeY=" + s.key()).status, 200);
  // Without the /api/v1 prefix too.
  EXPECT_EQ(httpRequest("GET", s.base() + "/teams?api_key=" + s.key()).status, 200);
}

TEST_F(AuthTest, MissingOrWrongKeyIs401WithJsonMessage) {
  const auto& s = *server_;
  for (auto r : {httpRequest("GET", s.api() + "/teams"),
                 httpRequest("GET", s.api() + "/teams", "", {"API_KEY: nope"}),
                 httpRequest("GET", s.api() + "/teams?api_key=" + s.key() + "x")}) {
    EXPECT_EQ(r.status, 401);
    auto body = r.json();
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body["success"], false);
    EXPECT_FALSE(body["message"].get<std::string>().empty());
    EXPECT_EQ(r.headers["content-type"], "application/json; charset=utf-8");
  }
}

TEST_F(AuthTest, TeamsListHasNumericIdsAndRole) {
  auto r = httpRequest("GET", server_->api() + "/teams", "", {"API_KEY: " + server_->key()});
  auto body = r.json();
  ASSERT_TRUE(body["data"].is_array());
  ASSERT_EQ(body["data"].size(), 1u);
  EXPECT_TRUE(body["data"][0]["id"].is_number_integer());
  EXPECT_EQ(body["data"][0]["name"], "Default");
  EXPECT_EQ(body["data"][0]["role"], "team_admin");
  EXPECT_EQ(body["success"], true);
}

TEST_F(AuthTest, InitialKeyFileIsPrivateAndPrintedOnce) {
  std::string keyFile = dir_->path() + "/data/initial-api-key";
  struct stat st {};
  ASSERT_EQ(stat(keyFile.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_NE(server_->log().find(server_->key()), std::string::npos);
}

}  // namespace
}  // namespace ctc::test
