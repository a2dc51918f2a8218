#include "ctc/scanner/crawl/crawler.hpp"

#include <re2/re2.h>

#include <optional>

#include "ctc/scanner/crawl/crawl_sources.hpp"
#include "ctc/scanner/fetch/set_cookie.hpp"
#include "ctc/scanner/session/session_guard.hpp"

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxHeaderPages = 10;  // dynamic paths whose request headers are attacked
constexpr std::size_t kMaxHtmlPages = 100;
constexpr std::size_t kMaxForbidden = 50;
constexpr std::size_t kMaxNamedSitemaps = 3;
constexpr std::size_t kMaxXmlQuestions = 30;  // dynamicPaths for findXmlReaders

/// Whether an HTML page shows its own last path segment (/hello/world saying "world").
bool echoesLastSegment(const FetchResult& page) {
  if (!page.response.isHtml()) return false;
  auto url = parseTargetUrl(page.request.url);
  if (!url) return false;
  std::string value = pathValue(url->path);
  return value.size() >= 2 && page.response.body.find(value) != std::string::npos;
}

/// The cookies a page sets that the application may read back as data (a language, a theme, a
/// file name). Session ids are left alone: replacing one only loses the session.
std::vector<std::pair<std::string, std::string>> dataCookies(const HttpResponse& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& header : r.headersNamed("Set-Cookie")) {
    SetCookie c = parseSetCookie(header);
    if (!c.name.empty() && !sessionLikeCookie(c.name)) out.emplace_back(c.name, c.value);
  }
  return out;
}

/// What a page tells the later phases, taken while its body is still there.
struct PageFacts {
  std::optional<HtmlLinks> html;
  std::vector<std::string> scriptUrls;
  bool pathEchoed = false;
};

class Crawl {
 public:
  Crawl(Frontier& frontier, Fetcher& fetcher, ProgressMeter& progress, const CrawlHooks& hooks)
      : frontier_(frontier), fetcher_(fetcher), progress_(progress), hooks_(hooks) {}

  CrawlResult run(const FetchResult& root) {
    frontier_.markSeen(root.request.url);
    PageFacts facts = inspect(root);
    if (facts.html) result_.rootTitle = facts.html->title;
    learn(root, facts, 0);
    seedFromRobotsAndSitemaps(root.request.url);
    for (auto batch = frontier_.takeNext(); !batch.empty(); batch = frontier_.takeNext()) {
      if (stopped()) break;
      crawlBatch(batch);
    }
    result_.dynamicPaths = std::move(plain_);
    result_.dynamicPaths.insert(result_.dynamicPaths.end(), queried_.begin(), queried_.end());
    if (result_.dynamicPaths.size() > kMaxXmlQuestions)
      result_.dynamicPaths.resize(kMaxXmlQuestions);
    return std::move(result_);
  }

 private:
  bool stopped() const { return hooks_.stop && hooks_.stop(); }

  PageFacts inspect(const FetchResult& page) {
    PageFacts facts;
    if (!page.ok()) return facts;
    progress_.pageChecked();
    if (isJavaScript(page)) {
      facts.scriptUrls = urlsInJavaScript(page.response.body);
    } else if (page.response.isHtml()) {
      facts.html = extractLinks(page.response.body);
    }
    if (hooks_.onPage) hooks_.onPage(page, facts.html ? &*facts.html : nullptr);
    facts.pathEchoed = echoesLastSegment(page);
    return facts;
  }

  /// robots.txt and sitemaps (/sitemap.xml and up to 3 that robots.txt names) list pages no
  /// link may lead to.
  void seedFromRobotsAndSitemaps(const std::string& start) {
    std::vector<HttpRequest> seeds;
    std::set<std::string> requested;
    auto addSeed = [&](const std::string& base, std::string_view ref) {
      auto u = resolveReference(base, ref);
      if (u && frontier_.inScope(*u) && requested.insert(u->url).second)
        seeds.push_back(HttpRequest{"GET", u->url});
    };
    addSeed(start, "/robots.txt");
    addSeed(start, "/sitemap.xml");
    for (int round = 0; round < 2 && !seeds.empty() && !stopped(); ++round) {
      progress_.planMore(seeds.size() + 20);
      auto results = fetcher_.fetchAll(std::exchange(seeds, {}), progress_.counter());
      for (auto& seed : results) {
        if (!seed.ok() || seed.response.status != 200) continue;
        frontier_.markSeen(seed.request.url);
        std::vector<std::string> refs;
        if (round == 0 && seed.request.url.ends_with("/robots.txt")) {
          auto robots = parseRobotsTxt(seed.response.body);
          refs = robots.paths;
          for (std::size_t i = 0; i < robots.sitemaps.size() && i < kMaxNamedSitemaps; ++i)
            addSeed(seed.request.url, robots.sitemaps[i]);
        } else {
          refs = parseSitemap(seed.response.body);
        }
        for (const auto& ref : refs)
          if (auto next = resolveReference(seed.request.url, ref)) frontier_.offer(*next, 1);
      }
    }
  }

  void crawlBatch(const std::vector<Frontier::Entry>& batch) {
    progress_.planMore(batch.size() + 20);
    std::vector<HttpRequest> requests;
    for (const auto& entry : batch) requests.push_back(HttpRequest{"GET", entry.url});
    // Each page is checked as soon as it arrives and its body (up to the cap) dropped once its
    // facts are taken, so memory holds the bodies in flight, not a whole batch waiting for its
    // slowest request. Links are followed in request order, so the crawl stays deterministic.
    std::vector<PageFacts> facts(batch.size());
    auto results = fetcher_.fetchAll(requests, [&](std::size_t i, FetchResult& page) {
      facts[i] = inspect(page);
      std::string().swap(page.response.body);  // frees it (`= {}` keeps the capacity)
      progress_.step();
    });
    for (std::size_t i = 0; i < results.size(); ++i)
      if (results[i].ok()) learn(results[i], facts[i], batch[i].depth);
  }

  /// Endpoints, site-check paths and the links to follow from one answered page.
  void learn(const FetchResult& page, const PageFacts& facts, int depth) {
    const std::string& url = page.request.url;
    const HttpResponse& r = page.response;
    auto parsed = parseTargetUrl(url);
    if (!parsed) return;
    if (r.status >= 200 && r.status < 400) {  // redirects take parameters too (?next=, ?lang=)
      result_.endpoints.addUrl(*parsed, facts.pathEchoed);
      if (parsed->path.ends_with('/') && parsed->query.empty()) result_.directories.push_back(url);
      auto type = r.header("Content-Type").value_or("");
      if (type.find("json") != std::string::npos || r.header("Access-Control-Allow-Origin"))
        result_.corsCandidates.push_back(url);
      result_.endpoints.addCookies(*parsed, dataCookies(r));
    }
    // A page cut at the body cap cannot be compared whole, and re-reading it costs the cap again.
    if (r.status >= 200 && r.status < 300 && facts.html && !r.truncated) {
      result_.endpoints.addHeaderInputs(*parsed, kMaxHeaderPages);
      if (result_.htmlPages.size() < kMaxHtmlPages) result_.htmlPages.push_back(url);
    }
    if ((r.status == 401 || r.status == 403) && result_.forbidden.size() < kMaxForbidden)
      result_.forbidden.push_back(url);
    if (mayParseXml(*parsed, r)) {
      result_.endpoints.addXmlBody(*parsed);
    } else if (r.status >= 200 && r.status < 300 && !r.truncated && looksDynamic(parsed->path)) {
      std::string bare = url.substr(0, url.find('?'));
      // Pages crawled without a query first: a body reader seldom takes parameters too.
      if (askedXml_.insert(bare).second)
        (parsed->query.empty() ? plain_ : queried_).push_back(bare);
    }

    if (r.status >= 300 && r.status < 400) {
      if (auto location = r.header("Location"))
        if (auto next = resolveReference(url, *location)) frontier_.offer(*next, depth + 1);
      return;
    }
    for (const auto& ref : facts.scriptUrls)
      if (auto next = resolveReference(url, ref)) frontier_.offer(*next, depth + 1);
    if (facts.html) follow(url, *facts.html, depth);
  }

  void follow(const std::string& url, const HtmlLinks& html, int depth) {
    std::string base = url;
    if (!html.baseHref.empty())
      if (auto b = resolveReference(url, html.baseHref)) base = b->url;
    for (const auto& href : html.hrefs)
      if (auto next = resolveReference(base, href)) frontier_.offer(*next, depth + 1);
    for (const auto& src : html.scripts) {
      auto next = resolveReference(base, src);
      if (!next) continue;
      if (frontier_.inScope(*next))
        frontier_.offer(*next, depth + 1);
      else if (result_.externalScripts.size() < 100)
        result_.externalScripts.insert(next->url);
    }
    for (const auto& form : html.forms) {
      auto action = resolveReference(base, form.action.empty() ? url : form.action);
      // A GET submission replaces the action's query with the fields (HTML's "mutate action
      // URL"), so a form posting to its own page does not grow ?a=1&a=1&a=1...
      if (action && form.method == "GET" && !action->query.empty()) {
        auto bare = parseTargetUrl(action->url.substr(0, action->url.find('?')));
        if (!bare) continue;
        action = *bare;
      }
      if (!action || !frontier_.inScope(*action)) continue;
      if (frontier_.guardsSession() && changesPassword(form)) continue;
      std::vector<std::pair<std::string, std::string>> params;
      for (const auto& field : form.fields) params.emplace_back(field.name, field.value);
      result_.endpoints.addForm(form.method, *action, params);
      if (form.method != "GET") continue;  // POST forms are attacked, never crawled
      std::string withQuery = appendQuery(action->url, params);
      if (auto next = parseTargetUrl(withQuery)) frontier_.offer(*next, depth + 1);
    }
  }

  Frontier& frontier_;
  Fetcher& fetcher_;
  ProgressMeter& progress_;
  const CrawlHooks& hooks_;
  CrawlResult result_;
  std::set<std::string> askedXml_;
  std::vector<std::string> plain_, queried_;  // dynamicPaths, without and with a query
};

}  // namespace

bool isJavaScript(const FetchResult& page) {
  auto type = page.response.header("Content-Type").value_or("");
  return type.find("javascript") != std::string::npos ||
         type.find("ecmascript") != std::string::npos ||
         (type.empty() && page.request.url.substr(0, page.request.url.find('?')).ends_with(".js"));
}

bool mayParseXml(const ParsedUrl& url, const HttpResponse& response) {
  if (response.status == 405 || response.status == 415) return true;
  if (!looksDynamic(url.path)) return false;
  static const RE2 kXmlName(R"((?i)(xml|soap|rss|feed|import|upload|wsdl|rpc))");
  if (RE2::PartialMatch(url.path, kXmlName)) return true;
  auto type = response.header("Content-Type").value_or("");
  return response.status < 400 &&
         (type.find("xml") != std::string::npos || type.find("json") != std::string::npos) &&
         type.find("html") == std::string::npos;
}

CrawlResult crawlSite(const FetchResult& root, Frontier& frontier, Fetcher& fetcher,
                      ProgressMeter& progress, const CrawlHooks& hooks) {
  return Crawl(frontier, fetcher, progress, hooks).run(root);
}

}  // namespace ctc::scanner
