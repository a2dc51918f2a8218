// Fuzzes the crawler's HTML parsing (include/ctc/scanner/crawl/html_links.hpp: extractLinks) and
// what the crawler then does with the result (scan_engine.cpp discoverLinks: resolve <base href>,
// every href against it, and GET forms through appendQuery), on a fixed page URL.
//
// Properties: extractLinks never throws; at most 2,000 hrefs and scripts and 200 forms; no empty
// href/script; the prefix handed to gumbo never nests deeper than 4 x kMaxOpenHtmlElements (+ the
// document's own html/body levels); form methods are "GET" or "POST"; every resolved link is
// http(s) without fragment.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../common/gumbo_tree_depth.hpp"
#include "ctc/scanner/crawl/html_links.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;
using namespace ctc::scanner;

constexpr const char* kPageUrl = "http://app.example.com:8080/shop/item.php?id=3";

void checkResolved(const std::optional<ParsedUrl>& u, std::string_view what) {
  if (!u) return;
  FUZZ_CHECK(u->scheme == "http" || u->scheme == "https",
             std::string(what) + " -> " + printable(u->url));
  FUZZ_CHECK(u->url.find('#') == std::string::npos, std::string(what) + " -> " + printable(u->url));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  HtmlLinks links;
  try {
    links = extractLinks(html);
  } catch (const std::exception& e) {
    ctc::fuzz::fail(__FILE__, __LINE__, "extractLinks threw", e.what());
  } catch (...) {
    ctc::fuzz::fail(__FILE__, __LINE__, "extractLinks threw", "non-standard exception");
  }
  std::size_t depth = ctc::test::gumboTreeDepth(html.substr(0, parseableHtmlLength(html)));
  FUZZ_CHECK(depth <= 4 * kMaxOpenHtmlElements + 8, "tree depth " + std::to_string(depth));
  FUZZ_CHECK(links.hrefs.size() <= 2000, std::to_string(links.hrefs.size()));
  FUZZ_CHECK(links.scripts.size() <= 2000, std::to_string(links.scripts.size()));
  FUZZ_CHECK(links.forms.size() <= 200, std::to_string(links.forms.size()));
  for (const auto& h : links.hrefs) FUZZ_CHECK(!h.empty(), "empty href");
  for (const auto& s : links.scripts) FUZZ_CHECK(!s.empty(), "empty script src");
  for (const auto& f : links.forms) FUZZ_CHECK(f.method == "GET" || f.method == "POST", f.method);

  // The crawler's use of the result (bounded so one input stays fast).
  std::string base = kPageUrl;
  if (!links.baseHref.empty()) {
    auto b = resolveReference(kPageUrl, links.baseHref);
    checkResolved(b, "base " + printable(links.baseHref));
    if (b) base = b->url;
  }
  std::size_t budget = 64;
  for (const auto& href : links.hrefs) {
    if (budget-- == 0) break;
    checkResolved(resolveReference(base, href), "href " + printable(href));
  }
  for (const auto& form : links.forms) {
    if (budget-- == 0) break;
    auto action = resolveReference(base, form.action.empty() ? kPageUrl : form.action);
    checkResolved(action, "form action " + printable(form.action));
    if (!action) continue;
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& field : form.fields) params.emplace_back(field.name, field.value);
    std::string withQuery = appendQuery(action->url, params);
    checkResolved(resolveReference(base, withQuery), "form url " + printable(withQuery));
  }
  return 0;
}
