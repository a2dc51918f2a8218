#include "ctc/scanner/crawl/crawl_sources.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <re2/re2.h>
#include <strings.h>

#include <memory>

#include "ctc/util/libxml.hpp"

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxSitemapUrls = 2000;
constexpr std::size_t kMaxScriptUrls = 500;
constexpr std::size_t kMaxUrlLength = 2048;
constexpr std::size_t kMaxSitemapsInRobots = 10;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

/// The text of a <loc>: its own text and CDATA children only. Entity references are not
/// followed (xmlNodeGetContent would expand them: 1.8 KB of nested entities, gigabytes out).
std::string locText(const xmlNode* loc) {
  std::string text;
  for (const xmlNode* c = loc->children; c && text.size() <= kMaxUrlLength; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      text += reinterpret_cast<const char*>(c->content);
  std::size_t b = text.find_first_not_of(" \t\r\n"), e = text.find_last_not_of(" \t\r\n");
  if (b == std::string::npos || e - b + 1 > kMaxUrlLength) return {};
  return text.substr(b, e - b + 1);
}

void collectLocs(const xmlNode* node, std::vector<std::string>& out, int depth) {
  for (const xmlNode* n = node; n && out.size() < kMaxSitemapUrls && depth < 8; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (xmlStrcmp(n->name, BAD_CAST "loc") == 0) {
      if (auto url = locText(n); !url.empty()) out.push_back(std::move(url));
      continue;
    }
    collectLocs(n->children, out, depth + 1);
  }
}

}  // namespace

RobotsTxt parseRobotsTxt(std::string_view text) {
  RobotsTxt out;
  std::size_t start = 0;
  while (start < text.size() && out.paths.size() < kMaxSitemapUrls) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view field = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (value.empty()) continue;
    if (strncasecmp(field.data(), "sitemap", field.size()) == 0 && field.size() == 7) {
      if (out.sitemaps.size() < kMaxSitemapsInRobots) out.sitemaps.emplace_back(value);
    } else if ((field.size() == 5 && startsWithIgnoreCase(field, "allow")) ||
               (field.size() == 8 && startsWithIgnoreCase(field, "disallow"))) {
      // "/private/*.php$" -> "/private/": the part before a wildcard is a real path prefix.
      value = value.substr(0, value.find_first_of("*$"));
      if (value.size() > 1 && value.front() == '/') out.paths.emplace_back(value);
    }
  }
  return out;
}

std::vector<std::string> parseSitemap(std::string_view xml) {
  std::vector<std::string> out;
  initLibxmlOnce();
  // No network and no entity substitution (XML_PARSE_NOENT is not set): a sitemap is data, and
  // a document with a DTD is no sitemap, so it is not read at all.
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlReadMemory(xml.data(), static_cast<int>(std::min<std::size_t>(xml.size(), 8u << 20)),
                    "sitemap.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER),
      xmlFreeDoc);
  if (doc && !doc->intSubset && !doc->extSubset)
    collectLocs(xmlDocGetRootElement(doc.get()), out, 0);
  return out;
}

std::vector<std::string> urlsInJavaScript(std::string_view js) {
  // A quoted string that starts like a URL path or an absolute http(s) URL and holds no spaces.
  static const RE2 kQuotedUrl(
      R"re(["'`]((?:https?://|/|\./)[A-Za-z0-9_\-./?=&%:+~,;@!$]*)["'`])re");
  std::vector<std::string> out;
  re2::StringPiece input(js.data(), js.size());
  std::string url;
  while (out.size() < kMaxScriptUrls && RE2::FindAndConsume(&input, kQuotedUrl, &url)) {
    if (url.size() < 2 || url.starts_with("//") || url.find("/*") != std::string::npos) continue;
    out.push_back(url);
  }
  return out;
}

}  // namespace ctc::scanner
