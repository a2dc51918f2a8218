// The pure parts of the active checks: where a marker is reflected and whether a payload really
// became executable; "same page?" for boolean SQL injection; URLs from robots, sitemaps and JS;
// endpoints and the requests built from them.
#include <gtest/gtest.h>

#include <algorithm>

#include "ctc/scanner/checks/active/page_compare.hpp"
#include "ctc/scanner/checks/active/xss_analysis.hpp"
#include "ctc/scanner/crawl/crawl_sources.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"

namespace ctc::scanner {
namespace {

constexpr const char* kMarker = "ctc1a2b3c4d";

std::string pageWith(const std::string& body) {
  return "<!DOCTYPE html><html><head><title>t</title></head><body>" + body + "</body></html>";
}

TEST(XssAnalysis, FindsEachContextOnce) {
  auto r = findReflections(pageWith(std::string("<p>") + kMarker + "</p><p>" + kMarker +
                                    "</p><input value=\"" + kMarker + "\"><a href='" + kMarker +
                                    "'>x</a><script>var t = \"" + kMarker + "\";</script>"),
                           kMarker);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].context, ReflectionContext::Text);
  EXPECT_EQ(r[1].context, ReflectionContext::Attribute);
  EXPECT_EQ(r[1].quote, '"');
  EXPECT_EQ(r[2].context, ReflectionContext::Attribute);
  EXPECT_EQ(r[2].quote, '\'');
  EXPECT_EQ(r[3].context, ReflectionContext::Url);
  EXPECT_EQ(r[4].context, ReflectionContext::Script);
}

TEST(XssAnalysis, RawTextAndCommentsAreContextsThatMustBeClosedFirst) {
  auto r = findReflections(
      pageWith(std::string("<textarea>") + kMarker + "</textarea><!-- " + kMarker + " -->"),
      kMarker);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].context, ReflectionContext::RawText);
  EXPECT_EQ(r[0].element, "textarea");
  EXPECT_EQ(r[1].context, ReflectionContext::Comment);
  for (const auto& p : xssPayloads(r[0], kMarker)) EXPECT_TRUE(p.starts_with("</textarea>")) << p;
  for (const auto& p : xssPayloads(r[1], kMarker)) EXPECT_TRUE(p.starts_with("-->")) << p;
  // The marker where it stays inert is never proof.
  std::string call = std::string(kMarker) + "()";
  EXPECT_TRUE(provenXss(pageWith("<textarea><img src=x onerror=" + call +
                                 "></textarea><!-- <img "
                                 "src=x onerror=" +
                                 call + "> -->"),
                        kMarker)
                  .empty());
}

TEST(XssAnalysis, FilterLaddersOfferSpellingsWithoutScriptTagsOrBrackets) {
  auto text = xssPayloads({ReflectionContext::Text}, kMarker);
  ASSERT_GE(text.size(), 3u);
  EXPECT_EQ(text[0].find("script"), std::string::npos);  // <script> is what filters strip first
  auto attr = xssPayloads({ReflectionContext::Attribute, '"'}, kMarker);
  ASSERT_FALSE(attr.empty());
  EXPECT_EQ(attr[0].find_first_of("<>"), std::string::npos);  // passes a filter of < and >
  auto script = xssPayloads({ReflectionContext::Script}, kMarker);
  EXPECT_NE(std::find(script.begin(), script.end(), std::string("';") + kMarker + "();//"),
            script.end());
}

TEST(XssAnalysis, ProvesOnlyExecutableMarkup) {
  std::string call = std::string(kMarker) + "()";
  EXPECT_FALSE(provenXss(pageWith("<img src=x onerror=" + call + ">"), kMarker).empty());
  EXPECT_FALSE(provenXss(pageWith("<a href=\" javascript:" + call + "\">x</a>"), kMarker).empty());
  EXPECT_FALSE(
      provenXss(pageWith("<script>var t = \"\";" + call + ";//\";</script>"), kMarker).empty());
  // Escaped, inside a string, in a comment, in a textarea, in a plain attribute: not proven.
  EXPECT_TRUE(provenXss(pageWith("&lt;img src=x onerror=" + call + "&gt;"), kMarker).empty());
  EXPECT_TRUE(
      provenXss(pageWith("<script>var t = \"\\\";" + call + ";//\";</script>"), kMarker).empty());
  EXPECT_TRUE(provenXss(pageWith("<script>// " + call + "\n</script>"), kMarker).empty());
  EXPECT_TRUE(provenXss(pageWith("<textarea><img src=x onerror=" + call + "></textarea>"), kMarker)
                  .empty());
  EXPECT_TRUE(provenXss(pageWith("<input value=\"" + call + "\">"), kMarker).empty());
  EXPECT_TRUE(provenXss(pageWith("<a href=\"/javascript:" + call + "\">x</a>"), kMarker).empty());
}

TEST(XssAnalysis, PayloadsBreakOutOfTheirContext) {
  for (auto where :
       {Reflection{ReflectionContext::Text}, Reflection{ReflectionContext::Attribute, '"'},
        Reflection{ReflectionContext::Url, '"'}}) {
    bool proven = false;
    for (const auto& payload : xssPayloads(where, kMarker)) {
      std::string page =
          where.context == ReflectionContext::Text  ? pageWith("<p>" + payload + "</p>")
          : where.context == ReflectionContext::Url ? pageWith("<a href=\"" + payload + "\">x</a>")
                                                    : pageWith("<input value=\"" + payload + "\">");
      proven = proven || !provenXss(page, kMarker).empty();
    }
    EXPECT_TRUE(proven) << static_cast<int>(where.context);
  }
}

TEST(XssAnalysis, RegexLiteralsAndOddCommentsDoNotConfuseTheScriptLexer) {
  std::string call = std::string(kMarker) + "()";
  // Escaped value in a string after a regex holding a quote: safe (was a false positive).
  EXPECT_TRUE(provenXss(pageWith("<script>var re = /\"/; var q = \"&lt;/script&gt;&lt;img src=x "
                                 "onerror=" +
                                 call + "&gt;\";</script>"),
                        kMarker)
                  .empty());
  // A real breakout after such a regex: found (was missed).
  EXPECT_FALSE(
      provenXss(pageWith("<script>var re = /'/g; var q = \"\";" + call + ";//\";</script>"),
                kMarker)
          .empty());
  EXPECT_FALSE(
      provenXss(pageWith("<a href=\"java&#x09;script:" + call + "\">x</a>"), kMarker).empty());
  EXPECT_EQ(javascriptCodeOnly("/*/ x() */ y()"), "           y()");
  EXPECT_EQ(javascriptCodeOnly("a = b / c; d = e / f"), "a = b / c; d = e / f");
}

TEST(JavaScriptCodeOnly, BlanksStringsAndComments) {
  EXPECT_EQ(javascriptCodeOnly("a('x\\'y'); // c\nb(\"z\") /* d */ `t`"),
            "a(      );     \nb(   )            ");
}

TEST(PageCompare, MasksIdsAndLearnsDynamicLines) {
  std::string a = "<h1>Article</h1>\n<meta content=\"3f2a9c1e-aaaa-bbbb\">\n<p>Promo A</p>\n";
  std::string b = "<h1>Article</h1>\n<meta content=\"9b8c7d6e-cccc-dddd\">\n<p>Promo B</p>\n";
  PageComparator same(200, a, 200, a);
  EXPECT_TRUE(same.stable());
  PageComparator cmp(200, a, 200, b);
  EXPECT_EQ(cmp.fingerprint(200, b, ""), cmp.baseline());
  EXPECT_NE(cmp.fingerprint(404, b, ""), cmp.baseline());
  EXPECT_NE(cmp.fingerprint(200, "<h1>Not found</h1>\n", ""), cmp.baseline());
  // The injected value is cut out wherever it is echoed, raw or escaped.
  EXPECT_EQ(cmp.fingerprint(200, a + "<p>1 AND 1=1</p>\n", "1 AND 1=1"),
            cmp.fingerprint(200, a + "<p></p>\n", ""));
  EXPECT_EQ(cmp.fingerprint(200, a + "<p>x&#x27; AND</p>\n", "x' AND"),
            cmp.fingerprint(200, a + "<p></p>\n", ""));
}

TEST(PageCompare, APageThatPrintsItsParameterStillEqualsItsBaseline) {
  std::string page = "<h1>Article 7</h1>\n<p>You asked for id=7; price 17</p>\n";
  PageComparator cmp(200, page, 200, page, "7");
  std::string truePage = "<h1>Article 7</h1>\n<p>You asked for id=7 AND 1=1; price 17</p>\n";
  std::string falsePage = "<h1>Not found</h1>\n<p>You asked for id=7 AND 1=2</p>\n";
  EXPECT_EQ(cmp.fingerprint(200, truePage, "7 AND 1=1"), cmp.baseline());
  EXPECT_NE(cmp.fingerprint(200, falsePage, "7 AND 1=2"), cmp.baseline());
}

TEST(CrawlSources, RobotsSitemapAndScripts) {
  auto robots = parseRobotsTxt(
      "User-agent: *\nDisallow: /admin-old/\nDisallow: /private/*.php$\nAllow: /\n"
      "# Disallow: /commented/\nSitemap: http://127.0.0.1:1/sitemap.xml\n");
  EXPECT_EQ(robots.paths, (std::vector<std::string>{"/admin-old/", "/private/"}));
  EXPECT_EQ(robots.sitemaps, (std::vector<std::string>{"http://127.0.0.1:1/sitemap.xml"}));
  EXPECT_EQ(parseSitemap("<?xml version=\"1.0\"?><urlset "
                         "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc> "
                         "http://a/x?id=1 </loc></url><url><loc>http://a/y</loc></url></urlset>"),
            (std::vector<std::string>{"http://a/x?id=1", "http://a/y"}));
  // A sitemap with a DTD is not read: no external entities, and no internal ones either
  // (nested entities turned 1.8 KB into gigabytes when <loc> text was expanded).
  EXPECT_TRUE(parseSitemap("<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r><loc>&e;"
                           "</loc></r>")
                  .empty());
  EXPECT_TRUE(parseSitemap("<!DOCTYPE u [<!ENTITY a \"http://a/xxxxxxxx\"><!ENTITY b "
                           "\"&a;&a;&a;&a;&a;&a;&a;&a;\">]><u><url><loc>&b;&b;&b;</loc></url></u>")
                  .empty());
  EXPECT_EQ(
      urlsInJavaScript("fetch(\"/api/items?sort=name\"); var t = 'text/html'; "
                       "x = \"/\"; y = `./rel`; z = \"https://cdn.example/a.js\"; "
                       "r = \"//proto-relative\";"),
      (std::vector<std::string>{"/api/items?sort=name", "./rel", "https://cdn.example/a.js"}));
}

TEST(Endpoint, CollectsOncePerShapeAndBuildsRequests) {
  EndpointCollector c(10);
  c.addUrl(*parseTargetUrl("http://h/search?q=a+b&page=1"), true);
  c.addUrl(*parseTargetUrl("http://h/search?q=c&page=2"), true);  // same shape
  c.addUrl(*parseTargetUrl("http://h/hello/world"), true);
  c.addUrl(*parseTargetUrl("http://h/item/42"), false);  // the page does not show "42"
  c.addUrl(*parseTargetUrl("http://h/about"), true);     // nothing to attack
  c.addForm("POST", *parseTargetUrl("http://h/comment?x=1"), {{"comment", "hi"}});
  const auto& e = c.endpoints();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].requestWith(0, "<x>").url, "http://h/search?q=%3Cx%3E&page=1");
  EXPECT_EQ(e[1].inputs[0].name, "(path)");  // a one-segment path is a page, not a value
  EXPECT_EQ(e[1].inputs[0].value, "world");
  EXPECT_EQ(e[1].requestWith(0, "a b").url, "http://h/hello/a%20b");
  auto post = e[2].requestWith(1, "a&b");
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.url, "http://h/comment?x=1");
  EXPECT_EQ(post.body, "comment=a%26b");
}

}  // namespace
}  // namespace ctc::scanner
