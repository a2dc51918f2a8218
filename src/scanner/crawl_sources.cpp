#include "ctc/scanner/crawl_sources.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <re2/re2.h>
#include <strings.h>

#include <memory>

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxSitemapUrls = 2000;
constexpr std::size_t kMaxScriptUrls = 500;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

void collectLocs(xmlNode* node, std::vector<std::string>& out, int depth) {
  for (xmlNode* n = node; n && out.size() < kMaxSitemapUrls && depth < 8; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (xmlStrcmp(n->name, BAD_CAST "loc") == 0) {
      std::unique_ptr<xmlChar, decltype(xmlFree)> text(xmlNodeGetContent(n), xmlFree);
      if (text) {
        std::string_view v = trim(reinterpret_cast<const char*>(text.get()));
        while (!v.empty() && (v.front() == '\n' || v.back() == '\n'))
          v = trim(v.front() == '\n' ? v.substr(1) : v.substr(0, v.size() - 1));
        if (!v.empty()) out.emplace_back(v);
      }
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
      out.sitemaps.emplace_back(value);
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
  // No network, no entities, no DTD: a sitemap is data, and XXE stays on the target's side.
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlReadMemory(xml.data(), static_cast<int>(std::min<std::size_t>(xml.size(), 8u << 20)),
                    "sitemap.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER),
      xmlFreeDoc);
  if (doc) collectLocs(xmlDocGetRootElement(doc.get()), out, 0);
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
