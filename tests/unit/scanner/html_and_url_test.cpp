// Crawler parsing on hostile input (found by the fuzzers): deep nesting must stay cheap, NUL
// in a form field must not reach libcurl.
#include <gtest/gtest.h>

#include <chrono>

#include "ctc/scanner/html_links.hpp"
#include "ctc/scanner/url.hpp"

namespace ctc::scanner {
namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HtmlLinks, DeepNestingIsCutNotQuadratic) {
  // Unbounded, gumbo needs 14 s and 3.2 GB for 60 KB of these.
  for (const std::string& open :
       {std::string("<b>"), std::string("<div>"), std::string("<table><tr><td>")}) {
    std::string html = "<a href=/first>f</a>" + repeat(open, 20000) + "<a href=/deep>d</a>";
    auto t0 = std::chrono::steady_clock::now();
    auto links = extractLinks(html);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1)) << open;
    ASSERT_FALSE(links.hrefs.empty()) << open;
    EXPECT_EQ(links.hrefs.front(), "/first");
  }
}

TEST(HtmlLinks, OrdinaryPagesAreNotCut) {
  // Many unclosed <p>/<li> siblings and void elements do not deepen the tree.
  std::string html =
      "<html><body><ul>" + repeat("<li><p>item<br><img src=x>", 3000) +
      "</ul><a href=/last>last</a><form action=/s><input name=q></form></body></html>";
  auto links = extractLinks(html);
  ASSERT_FALSE(links.hrefs.empty());
  EXPECT_EQ(links.hrefs.back(), "/last");
  ASSERT_EQ(links.forms.size(), 1u);
  EXPECT_EQ(links.forms[0].fields[0].name, "q");
}

TEST(Url, AppendQueryEncodesAndSkipsNul) {
  EXPECT_EQ(appendQuery("http://a.example/s", {{"q", "a b&c"}}), "http://a.example/s?q=a+b%26c");
  std::string withNul("\0x", 2);
  EXPECT_EQ(appendQuery("http://a.example/?x=1", {{withNul, "v"}, {"k", "v"}}),
            "http://a.example/?x=1&k=v");
}

}  // namespace
}  // namespace ctc::scanner
