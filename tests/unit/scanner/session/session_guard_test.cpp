#include "ctc/scanner/session/session_guard.hpp"

#include <gtest/gtest.h>

namespace ctc::scanner {
namespace {

ParsedUrl url(const std::string& text) {
  auto parsed = parseTargetUrl(text);
  EXPECT_TRUE(parsed) << text;
  return parsed ? *parsed : ParsedUrl{};
}

TEST(SessionGuard, LogoutAndDestructiveLinksAreAvoided) {
  for (const char* u :
       {"http://t/logout", "http://t/app/logout.php", "http://t/Log-Out", "http://t/signout",
        "http://t/user/sign_out", "http://t/index.php?action=logout", "http://t/?do=logoff",
        "http://t/app/reset.php", "http://t/setup.php?reset=1", "http://t/account/delete-account",
        "http://t/user/deactivate", "http://t/admin/purge/", "http://t/session/end-session"})
    EXPECT_TRUE(endsSessionOrData(url(u))) << u;
}

TEST(SessionGuard, OrdinaryPagesAreNot) {
  for (const char* u : {"http://t/", "http://t/catalog", "http://t/login.php", "http://t/blog/logs",
                        "http://t/outlook", "http://t/app/search.php?q=reset+button+css",
                        "http://t/resetting-expectations", "http://t/delete-comments-guide",
                        "http://t/signin", "http://t/preset/3"})
    EXPECT_FALSE(endsSessionOrData(url(u))) << u;
}

TEST(SessionGuard, PasswordChangeFormsAreRecognised) {
  HtmlForm change{
      "/csrf/", "GET", {{"password_new", "x", "password"}, {"password_conf", "x", "password"}}, {}};
  HtmlForm other{"/account", "POST", {{"new_password", "x", "password"}}, {}};
  HtmlForm login{
      "/login.php", "POST", {{"username", "u", "text"}, {"password", "p", "password"}}, {}};
  HtmlForm search{"/search", "GET", {{"q", "x", "text"}}, {}};
  EXPECT_TRUE(changesPassword(change));
  EXPECT_TRUE(changesPassword(other));
  EXPECT_FALSE(changesPassword(login));
  EXPECT_FALSE(changesPassword(search));
}

}  // namespace
}  // namespace ctc::scanner
