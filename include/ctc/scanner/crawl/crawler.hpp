#pragma once
/// The crawl phase: from the fetched start page, robots.txt and sitemaps, then breadth-first over
/// links, scripts and GET forms within the frontier's scope and budgets. Every answered page goes
/// to onPage (the passive checks) as it arrives; what the attack phases need is collected in a
/// CrawlResult.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "ctc/scanner/crawl/frontier.hpp"
#include "ctc/scanner/crawl/html_links.hpp"
#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"
#include "ctc/scanner/progress_meter.hpp"

namespace ctc::scanner {

struct CrawlResult {
  EndpointCollector endpoints{300};         ///< what the active checks attack
  std::vector<std::string> directories;     ///< URLs ending in '/'
  std::vector<std::string> corsCandidates;  ///< JSON endpoints and pages with CORS headers
  std::vector<std::string> forbidden;       ///< URLs that answered GET with 401 or 403
  std::vector<std::string> htmlPages;       ///< HTML pages (2xx), where stored output may land
  std::vector<std::string> dynamicPaths;    ///< for findXmlReaders: 2xx dynamic pages read
                                            ///< whole, query cut, not already XML endpoints
  std::set<std::string> externalScripts;    ///< out-of-scope script URLs (library check by URL)
  std::string rootTitle;                    ///< the start page's <title>
};

struct CrawlHooks {
  /// Each answered page, with its parsed HTML when it is HTML (nullptr otherwise).
  std::function<void(const FetchResult&, const HtmlLinks*)> onPage;
  std::function<bool()> stop;
};

/// root: the start page, already fetched and answered.
CrawlResult crawlSite(const FetchResult& root, Frontier& frontier, Fetcher& fetcher,
                      ProgressMeter& progress, const CrawlHooks& hooks);

/// A JavaScript resource by Content-Type (or a .js URL answered without one).
bool isJavaScript(const FetchResult& page);

/// Whether a crawled answer suggests an endpoint that parses POSTed XML: a dynamic path whose
/// name says so (xml, soap, rss, feed, import, upload, wsdl, rpc), an XML or JSON Content-Type
/// on a dynamic path, or a GET refused with 405/415 (the endpoint wants a body).
bool mayParseXml(const ParsedUrl& url, const HttpResponse& response);

}  // namespace ctc::scanner
