// Page checks on hand-made responses: each rule and its look-alike that must not fire.
#include "ctc/scanner/checks/passive/passive_checks.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ctc::scanner {
namespace {

const std::vector<Header> kCleanHtml{
    {"Content-Type", "text/html; charset=utf-8"},
    {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Strict-Transport-Security", "max-age=31536000"},
    {"Server", "nginx"}};

std::set<std::string> checksFor(std::vector<Header> headers,
                                const std::string& url = "https://a.test/",
                                const std::string& body = "<html></html>", long status = 200) {
  FetchResult page;
  page.request.url = url;
  page.response.status = status;
  page.response.headers = std::move(headers);
  page.response.body = body;
  std::set<std::string> ids;
  FindingCollector out([&](const Finding& f) {
    ids.insert(f.checkId + (f.parameter.empty() ? "" : ":" + f.parameter));
  });
  HtmlLinks html = extractLinks(body);
  runPageChecks(page, page.response.isHtml() ? &html : nullptr, out);
  return ids;
}

std::vector<Header> with(std::vector<Header> base, const std::string& name,
                         const std::string& value) {
  std::erase_if(base, [&](const Header& h) { return equalsIgnoreCase(h.first, name); });
  if (!value.empty()) base.emplace_back(name, value);
  return base;
}

TEST(PassiveChecks, CleanPageHasNoFinding) {
  EXPECT_TRUE(checksFor(kCleanHtml).empty());
}

TEST(PassiveChecks, SecurityHeaders) {
  EXPECT_EQ(checksFor(with(kCleanHtml, "Content-Security-Policy", "")),
            (std::set<std::string>{"headers.csp_missing", "headers.clickjacking"}));
  EXPECT_EQ(
      checksFor(with(with(kCleanHtml, "Content-Security-Policy", ""), "X-Frame-Options", "DENY")),
      (std::set<std::string>{"headers.csp_missing"}));
  EXPECT_EQ(checksFor(with(kCleanHtml, "Content-Security-Policy",
                           "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")),
            (std::set<std::string>{"headers.csp_unsafe"}));
  // 'unsafe-inline' next to a nonce is ignored by browsers: not unsafe.
  EXPECT_TRUE(checksFor(with(kCleanHtml, "Content-Security-Policy",
                             "script-src 'nonce-abc' 'unsafe-inline'; frame-ancestors 'none'"))
                  .empty());
  EXPECT_EQ(checksFor(with(kCleanHtml, "X-Content-Type-Options", "")),
            (std::set<std::string>{"headers.xcto_missing"}));
  EXPECT_EQ(checksFor(with(kCleanHtml, "Referrer-Policy", "unsafe-url")),
            (std::set<std::string>{"headers.referrer_policy"}));
  EXPECT_EQ(checksFor(with(kCleanHtml, "Strict-Transport-Security", "")),
            (std::set<std::string>{"headers.hsts_missing"}));
  EXPECT_EQ(checksFor(with(kCleanHtml, "Strict-Transport-Security", "max-age=300")),
            (std::set<std::string>{"headers.hsts_weak"}));
  // HSTS means nothing over plain HTTP: not reported there.
  EXPECT_TRUE(
      checksFor(with(kCleanHtml, "Strict-Transport-Security", ""), "http://a.test/").empty());
  // Report-Only does not enforce anything.
  auto reportOnly = with(kCleanHtml, "Content-Security-Policy", "");
  reportOnly.emplace_back("Content-Security-Policy-Report-Only", "default-src 'self'");
  reportOnly.emplace_back("X-Frame-Options", "SAMEORIGIN");
  EXPECT_EQ(checksFor(reportOnly), (std::set<std::string>{"headers.csp_missing"}));
  // Non-HTML responses only need nosniff; error pages are not judged.
  EXPECT_TRUE(
      checksFor({{"Content-Type", "application/json"}, {"X-Content-Type-Options", "nosniff"}})
          .empty());
  EXPECT_TRUE(checksFor({{"Content-Type", "text/html"}}, "https://a.test/", "", 404).empty());
}

TEST(PassiveChecks, CookiesOncePerNameWithEachMissingFlag) {
  auto h = kCleanHtml;
  h.emplace_back("Set-Cookie", "sid=1; Path=/");
  h.emplace_back("Set-Cookie", "ok=1; Secure; HttpOnly; SameSite=Lax");
  h.emplace_back("Set-Cookie", "none=1; HttpOnly; SameSite=None");
  EXPECT_EQ(checksFor(h),
            (std::set<std::string>{"cookies.no_secure:sid", "cookies.no_httponly:sid",
                                   "cookies.no_samesite:sid", "cookies.no_secure:none",
                                   "cookies.no_samesite:none"}));
  // On plain HTTP, Secure is asked of session cookies only (as ZAP and Wapiti do): the session
  // id travels in clear text there.
  auto plain = checksFor(h, "http://a.test/");
  EXPECT_EQ(plain.count("cookies.no_secure:sid"), 1u);
  EXPECT_EQ(plain.count("cookies.no_secure:none"), 0u);
}

TEST(PassiveChecks, VersionDisclosureNeedsAVersionNumber) {
  EXPECT_EQ(checksFor(with(kCleanHtml, "Server", "Apache/2.4.41 (Ubuntu)")),
            (std::set<std::string>{"disclosure.server_version:Server"}));
  EXPECT_EQ(checksFor(with(kCleanHtml, "x-powered-by", "PHP/7.4.3")),
            (std::set<std::string>{"disclosure.server_version:X-Powered-By"}));
  EXPECT_TRUE(checksFor(with(kCleanHtml, "Server", "Apache")).empty());
}

TEST(PassiveChecks, DirectoryListingByTitleNotByBodyText) {
  EXPECT_EQ(
      checksFor(
          kCleanHtml, "https://a.test/files/",
          "<html><head><title>Index of /files</title></head><body><a href=a>a</a></body></html>"),
      (std::set<std::string>{"disclosure.directory_listing"}));
  EXPECT_TRUE(
      checksFor(
          kCleanHtml, "https://a.test/doc",
          "<html><head><title>Docs</title></head><body><h1>Index of /files</h1></body></html>")
          .empty());
}

}  // namespace
}  // namespace ctc::scanner
