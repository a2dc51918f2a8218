#include "ctc/http/router.hpp"

#include <gtest/gtest.h>

#include "ctc/http/percent_decoding.hpp"
#include "ctc/http/request_body.hpp"

namespace ctc::http {
namespace {

Handler named(std::string name) {
  return [name](const ApiRequest&, const PathParams&) { return ApiResponse{200, "", name, {}}; };
}

std::string run(const Router& r, const std::string& method, const std::string& path) {
  auto m = r.match(method, path);
  if (auto* found = std::get_if<RouteMatch>(&m)) return (*found->handler)({}, found->params).body;
  if (auto* na = std::get_if<MethodNotAllowed>(&m)) return "405:" + na->allowed;
  return "404";
}

TEST(Router, MatchesWithAndWithoutApiPrefixAndAliases) {
  Router r;
  r.add("GET", "/teams/:teamId/{projects|targets}", named("list"));
  EXPECT_EQ(run(r, "GET", "/api/v1/teams/1/projects"), "list");
  EXPECT_EQ(run(r, "GET", "/teams/1/targets"), "list");
  EXPECT_EQ(run(r, "GET", "//api/v1//teams/1/projects/"), "list");
  EXPECT_EQ(run(r, "GET", "/teams/1/apples"), "404");
}

TEST(Router, CapturesDecodedSegments) {
  Router r;
  PathParams seen;
  r.add("GET", "/webhook/:secret", [&](const ApiRequest&, const PathParams& p) {
    seen = p;
    return ApiResponse{};
  });
  auto m = r.match("GET", "/webhook/a%2Db");
  auto& found = std::get<RouteMatch>(m);
  (*found.handler)({}, found.params);
  EXPECT_EQ(seen.at(":secret"), "a-b");
  EXPECT_TRUE(std::holds_alternative<NoRoute>(r.match("GET", "/webhook/%zz")));
}

TEST(Router, WrongMethodListsAllowed) {
  Router r;
  r.add("GET", "/teams", named("a"));
  r.add("POST", "/teams", named("b"));
  EXPECT_EQ(run(r, "PATCH", "/teams"), "405:GET, POST");
  EXPECT_EQ(run(r, "HEAD", "/teams"), "a");
}

TEST(PercentDecoding, DecodesAndRejectsMalformed) {
  EXPECT_EQ(percentDecode("http%3A%2F%2Fa+b", true).value(), "http://a b");
  EXPECT_EQ(percentDecode("a+b", false).value(), "a+b");
  EXPECT_FALSE(percentDecode("%4", false));
  EXPECT_FALSE(percentDecode("%", false));
  EXPECT_FALSE(percentDecode("%g0", false));
  auto q = parseQueryString("API_KEY=abc%2Bd&x&y=1=2");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].second, "abc+d");
  EXPECT_EQ(q[1].first, "x");
  EXPECT_EQ(q[2].second, "1=2");
}

TEST(ParseId, StrictPositiveIntegers) {
  EXPECT_EQ(parseId("42", "scanId").value(), 42);
  EXPECT_FALSE(parseId("42abc", "scanId"));
  EXPECT_FALSE(parseId("0", "scanId"));
  EXPECT_FALSE(parseId("-1", "scanId"));
  EXPECT_FALSE(parseId("99999999999999999999", "scanId"));
  EXPECT_FALSE(parseId("", "scanId"));
}

TEST(BodyAsObject, RejectsDeepNestingAndNonObjects) {
  ApiRequest r;
  r.body = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(bodyAsObject(r).error().kind, ErrorKind::BadRequest);
  r.body = "[1]";
  EXPECT_FALSE(bodyAsObject(r));
  r.body = "{\"title\": \"x\"}";
  EXPECT_EQ(bodyAsObject(r).value()["title"], "x");
  r.body = "title=a+b&url=http%3A%2F%2Fx";
  r.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(bodyAsObject(r).value()["url"], "http://x");
  r.body = "";
  EXPECT_TRUE(bodyAsObject(r).value().empty());
}

}  // namespace
}  // namespace ctc::http
