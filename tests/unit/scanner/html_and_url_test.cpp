// Crawler parsing on hostile input (found by the fuzzers): deep nesting must stay cheap, NUL
// in a form field must not reach libcurl.
#include <gtest/gtest.h>

#include <string_view>

#include "../../common/gumbo_tree_depth.hpp"
#include "ctc/scanner/crawl/html_links.hpp"
#include "ctc/scanner/fetch/url.hpp"

namespace ctc::scanner {
namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HtmlLinks, HostileNestingIsCutBeforeTheParserSeesIt) {
  // Each of these, repeated, makes gumbo nest without end. Unbounded, 60 KB of <b> cost 14 s
  // and 3.2 GB; 2 MiB overflow the stack. The fuzzer found the stray end tags and <svg> ways
  // around a bound that trusted every end tag and a fixed list of non-nesting tags.
  for (const std::string& unit :
       {std::string("<b>"), std::string("<div>"), std::string("<table><tr><td>"),
        std::string("<b></x>"), std::string("<svg><p>"), std::string("<svg><td>"),
        std::string("<div/>"), std::string("<div><table></div>"), std::string("<b><table></b>"),
        std::string("<div><b a=1><b a=2><b a=3></div>x"), std::string("<svg><p><div/>"),
        // Tokenizer details a tag scan must mirror: names run to a space, '/' or '>'; quoted
        // values hold '>' and "<!--"; "<!-->" is a whole comment; raw text hides tags; inside
        // <svg> after an integration point or a breakout nothing is certain.
        std::string("<b<!-->"), std::string("<div title=\"x><!--\">"), std::string("<!--><div>"),
        std::string("<style><a b='</style><div>"), std::string("<svg><title></title><style><g>"),
        std::string("<svg><p><style><a b='</style><div>"), std::string("<svg><desc><div>")}) {
    std::string html = "<a href=/first>f</a>" + repeat(unit, 40000) + "<a href=/deep>d</a>";
    std::size_t cut = parseableHtmlLength(html);
    EXPECT_LT(cut, html.size()) << unit;
    // Uncounted levels come only from tags that nest under a counted one (<table> brings
    // <tbody>, <tr>, <td>), so the tree stays within a small multiple of the count.
    EXPECT_LE(ctc::test::gumboTreeDepth(std::string_view(html).substr(0, cut)),
              4 * kMaxOpenHtmlElements + 8)
        << unit;
    auto links = extractLinks(html);
    ASSERT_FALSE(links.hrefs.empty()) << unit;
    EXPECT_EQ(links.hrefs.front(), "/first") << unit;
    EXPECT_EQ(links.hrefs.back(), "/first") << unit << ": the cut tail must not be parsed";
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

TEST(HtmlLinks, SloppyButRealPagesAreNotCut) {
  // Unclosed formatting in table cells, self-closed SVG shapes, well-nested inline SVG.
  std::string html = "<table>" + repeat("<tr><td><font color=red>x</td>", 3000) + "</table>" +
                     "<svg>" + repeat("<path d='M0 0'/>", 5000) + "</svg>" +
                     repeat("<div><span><svg><g><rect/></g></svg></span></div>", 3000) +
                     "<a href=/last>last</a>";
  EXPECT_EQ(parseableHtmlLength(html), html.size());
  auto links = extractLinks(html);
  ASSERT_EQ(links.hrefs.size(), 1u);
  EXPECT_EQ(links.hrefs.back(), "/last");
}

TEST(Url, TargetPortMustBeUsable) {
  EXPECT_FALSE(parseTargetUrl("http://127.0.0.1:0/"));
  EXPECT_TRUE(parseTargetUrl("http://127.0.0.1:0/").error().fields.count("url"));
  EXPECT_TRUE(parseTargetUrl("http://127.0.0.1:1/"));
  EXPECT_FALSE(parseTargetUrl("http://127.0.0.1:65536/"));
}

TEST(Url, AppendQueryEncodesAndSkipsNul) {
  EXPECT_EQ(appendQuery("http://a.example/s", {{"q", "a b&c"}}), "http://a.example/s?q=a+b%26c");
  std::string withNul("\0x", 2);
  EXPECT_EQ(appendQuery("http://a.example/?x=1", {{withNul, "v"}, {"k", "v"}}),
            "http://a.example/?x=1&k=v");
}

}  // namespace
}  // namespace ctc::scanner
