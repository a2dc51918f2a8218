#pragma once
/// Where the crawler finds URLs besides HTML links: robots.txt, sitemap.xml and string
/// literals in JavaScript. Each returns references as written; the caller resolves them against
/// the document's URL and applies the scope.
#include <string>
#include <string_view>
#include <vector>

namespace ctc::scanner {

/// Paths in Allow/Disallow lines (wildcards and `$` cut off) and Sitemap URLs.
struct RobotsTxt {
  std::vector<std::string> paths;
  std::vector<std::string> sitemaps;
};
RobotsTxt parseRobotsTxt(std::string_view text);

/// <loc> values of a sitemap or sitemap index (at most 2,000).
std::vector<std::string> parseSitemap(std::string_view xml);

/// Quoted strings in JavaScript that look like same-site URLs: "/path?x=1", "./x", or absolute
/// http(s) URLs (at most 500). Module specifiers, regexes and MIME types are not URLs.
std::vector<std::string> urlsInJavaScript(std::string_view js);

}  // namespace ctc::scanner
