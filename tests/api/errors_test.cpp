// Every client mistake is a 4xx JSON envelope with a message; the server stays up.
#include "support/api_fixture.hpp"
#include "support/slow_site.hpp"

namespace ctc::test {
namespace {

class ErrorsTest : public ApiFixture {};

void expectJsonError(const HttpResult& r, long status) {
  EXPECT_EQ(r.status, status) << r.body;
  auto body = r.json();
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body["success"], false);
  EXPECT_FALSE(body["message"].get<std::string>().empty());
  EXPECT_EQ(r.headers.at("content-type"), "application/json; charset=utf-8");
}

TEST_F(ErrorsTest, UnknownRouteIs404Json) {
  expectJsonError(get("/nothing/here"), 404);
  expectJsonError(httpRequest("GET", server().base() + "/webhook"), 404);
}

TEST_F(ErrorsTest, WrongMethodIs405JsonWithAllow) {
  auto r = httpRequest("PUT", api() + "/teams", "", {"API_KEY: " + adminKey()});
  expectJsonError(r, 405);
  EXPECT_EQ(r.headers["allow"], "GET");
  expectJsonError(httpRequest("PATCH", api() + "/teams/1/projects"), 405);
  expectJsonError(httpRequest("GET", server().base() + "/webhook/abc"), 405);
}

TEST_F(ErrorsTest, OversizedAndDeepBodies) {
  expectJsonError(post("/teams/1/projects", std::string(1200 * 1024, 'a')), 413);
  expectJsonError(post("/teams/1/projects", std::string(5000, '[') + std::string(5000, ']')), 400);
  expectJsonError(post("/teams/1/projects", "{\"title\": \"\xff\xfe\", \"url\": 5}"), 400);
}

TEST_F(ErrorsTest, InternalDetailsNeverLeak) {
  // SQL metacharacters and traversal in path parameters are just bad ids.
  for (const std::string& id :
       {"1%27%20OR%201=1", "..%2F..%2Fetc%2Fpasswd", "1;DROP%20TABLE%20scans"}) {
    auto r = get("/teams/1/scans/" + id);
    expectJsonError(r, 400);
    EXPECT_EQ(r.body.find("SQLite"), std::string::npos);
  }
  EXPECT_EQ(get("/teams").status, 200);
}

TEST_F(ErrorsTest, MalformedRequestLineDoesNotKillTheServer) {
  rawHttp(server().port(), "GARBAGE\r\n\r\n");
  rawHttp(server().port(),
          "GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(70000, 'a') + "\r\n\r\n");
  rawHttp(server().port(), "BREW /teams HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(get("/teams").status, 200);
}

// Not an error case, but the same wire level: HTTP/1.1 stays open unless the client says close
// (Pistache 0.0.5 alone closes every request without a Connection header).
TEST_F(ErrorsTest, ConnectionHeaderFollowsTheRequestOrItsVersion) {
  auto connection = [&](const std::string& version, const std::string& header) {
    auto response =
        rawHttp(server().port(), "GET /health " + version + "\r\nHost: x\r\n" + header + "\r\n");
    EXPECT_EQ(rawStatus(response), 200) << response;
    auto at = response.find("Connection: ");
    return at == std::string::npos ? std::string()
                                   : response.substr(at + 12, response.find("\r\n", at) - at - 12);
  };
  EXPECT_EQ(connection("HTTP/1.1", ""), "Keep-Alive");
  EXPECT_EQ(connection("HTTP/1.1", "Connection: close\r\n"), "Close");
  EXPECT_EQ(connection("HTTP/1.0", ""), "Close");
  EXPECT_EQ(connection("HTTP/1.0", "Connection: keep-alive\r\n"), "Keep-Alive");
}

}  // namespace
}  // namespace ctc::test
