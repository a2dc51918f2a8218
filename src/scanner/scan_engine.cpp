#include "ctc/scanner/scan_engine.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/checks/active/attack_runner.hpp"
#include "ctc/scanner/checks/passive/js_libraries.hpp"
#include "ctc/scanner/checks/passive/passive_checks.hpp"
#include "ctc/scanner/checks/site/site_active_checks.hpp"
#include "ctc/scanner/checks/site/site_probes.hpp"
#include "ctc/scanner/crawl/crawl_sources.hpp"
#include "ctc/scanner/crawl/html_links.hpp"
#include "ctc/scanner/fetch/address_policy.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/scanner/finding_collector.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"

namespace ctc::scanner {
namespace {

using Clock = std::chrono::steady_clock;

std::string unreachable(const FetchResult& r) {
  std::string msg = "target unreachable: " + std::string(describe(r.error));
  if (!r.errorDetail.empty()) msg += " (" + r.errorDetail + ")";
  return msg;
}

/// "host:port:addr1,addr2" so libcurl connects only to the addresses we checked.
std::vector<std::string> pinsFor(const ParsedUrl& url, const ResolvedHost& resolved) {
  if (resolved.addresses.size() == 1 && resolved.addresses.front() == url.host) return {};
  std::string entry = (url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host) +
                      ":" + std::to_string(url.port) + ":";
  for (std::size_t i = 0; i < resolved.addresses.size(); ++i) {
    const auto& a = resolved.addresses[i];
    entry += (i ? "," : "") + (a.find(':') != std::string::npos ? "[" + a + "]" : a);
  }
  return {entry};
}

/// Breadth-first crawl state: what was seen, what comes next.
class Frontier {
 public:
  Frontier(const ParsedUrl& start, const ScanBudget& budget, const ScanSettings& settings)
      : origin_(start.origin()), budget_(budget), settings_(settings) {}

  /// Same origin, and the target's include/exclude path patterns allow it.
  bool inScope(const ParsedUrl& url) const {
    if (url.origin() != origin_) return false;
    auto matches = [&](const std::vector<std::string>& patterns) {
      for (const auto& p : patterns)
        if (fnmatch(p.c_str(), url.path.c_str(), 0) == 0) return true;
      return false;
    };
    if (matches(settings_.excludePaths)) return false;
    return settings_.includePaths.empty() || matches(settings_.includePaths);
  }

  /// Queues url (at depth) if it is in scope, new, and within budget.
  void offer(const ParsedUrl& url, int depth) {
    if (depth > budget_.maxDepth || !inScope(url)) return;
    if (static_cast<int>(seen_.size()) >= budget_.maxPages) return;
    if (!url.query.empty() && ++variants_[url.path] > budget_.maxQueryVariantsPerPath) return;
    if (!seen_.insert(url.url).second) return;
    next_.push_back({url.url, depth});
  }
  void markSeen(const std::string& url) { seen_.insert(url); }

  struct Entry {
    std::string url;
    int depth;
  };
  std::vector<Entry> takeNext() { return std::exchange(next_, {}); }
  std::size_t seen() const { return seen_.size(); }

 private:
  std::string origin_;
  ScanBudget budget_;
  ScanSettings settings_;
  std::set<std::string> seen_;
  std::map<std::string, int> variants_;
  std::vector<Entry> next_;
};

/// What the crawl learns besides pages: endpoints to attack and paths for the site checks.
struct CrawlFindings {
  EndpointCollector endpoints{300};
  std::vector<std::string> directories;
  std::vector<std::string> corsCandidates;
  std::set<std::string> externalScripts;
};

bool isJavaScript(const FetchResult& page) {
  auto type = page.response.header("Content-Type").value_or("");
  return type.find("javascript") != std::string::npos ||
         type.find("ecmascript") != std::string::npos ||
         (type.empty() && page.request.url.substr(0, page.request.url.find('?')).ends_with(".js"));
}

/// Whether an HTML page shows its own last path segment (/hello/world saying "world").
bool echoesLastSegment(const FetchResult& page) {
  if (!page.response.isHtml()) return false;
  auto url = parseTargetUrl(page.request.url);
  if (!url) return false;
  std::string value = pathValue(url->path);
  return value.size() >= 2 && page.response.body.find(value) != std::string::npos;
}

void discoverLinks(const FetchResult& page, const HtmlLinks* html, int depth, Frontier& frontier,
                   CrawlFindings& crawl, bool pathEchoed) {
  const std::string& url = page.request.url;
  const HttpResponse& r = page.response;
  if (auto parsed = parseTargetUrl(url)) {
    if (r.status >= 200 && r.status < 400) {  // redirects take parameters too (?next=, ?lang=)
      crawl.endpoints.addUrl(*parsed, pathEchoed);
      if (parsed->path.ends_with('/') && parsed->query.empty()) crawl.directories.push_back(url);
      auto type = r.header("Content-Type").value_or("");
      if (type.find("json") != std::string::npos || r.header("Access-Control-Allow-Origin"))
        crawl.corsCandidates.push_back(url);
    }
  }
  if (r.status >= 300 && r.status < 400) {
    if (auto location = r.header("Location"))
      if (auto next = resolveReference(url, *location)) frontier.offer(*next, depth + 1);
    return;
  }
  if (!html) return;  // scripts: their URLs were taken when the body was there
  std::string base = url;
  if (!html->baseHref.empty())
    if (auto b = resolveReference(url, html->baseHref)) base = b->url;
  for (const auto& href : html->hrefs)
    if (auto next = resolveReference(base, href)) frontier.offer(*next, depth + 1);
  for (const auto& src : html->scripts) {
    auto next = resolveReference(base, src);
    if (!next) continue;
    if (frontier.inScope(*next))
      frontier.offer(*next, depth + 1);
    else if (crawl.externalScripts.size() < 100)
      crawl.externalScripts.insert(next->url);
  }
  for (const auto& form : html->forms) {
    auto action = resolveReference(base, form.action.empty() ? url : form.action);
    if (!action || !frontier.inScope(*action)) continue;
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& field : form.fields) params.emplace_back(field.name, field.value);
    crawl.endpoints.addForm(form.method, *action, params);
    if (form.method != "GET") continue;  // POST forms are attacked, never crawled
    std::string withQuery = appendQuery(action->url, params);
    if (auto next = parseTargetUrl(withQuery)) frontier.offer(*next, depth + 1);
  }
}

/// Identifies a JavaScript library by URL (and body, when fetched) and reports its advisories.
void checkJsLibrary(const std::string& url, std::string_view body, FindingCollector& findings) {
  auto library = identifyJsLibrary(url, body);
  if (!library) return;
  auto advisories = advisoriesFor(*library);
  if (advisories.empty()) return;
  Finding f = makeFinding("components.vulnerable_js", url, library->name);
  f.severity = advisories.front().severity;
  f.evidenceRequest = "GET " + url;
  f.evidenceResponse = library->name + " " + library->version + ":";
  for (const auto& a : advisories)
    f.evidenceResponse += "\n" + std::string(a.id) + " (" + std::string(toString(a.severity)) +
                          ", affected " + std::string(a.affected) + "): " + std::string(a.summary);
  findings.add(std::move(f));
}

}  // namespace

ScanOutcome ScanEngine::run(const std::string& targetUrl, const ScanCallbacks& cb,
                            const ScanSettings& settings) const {
  ScanOutcome outcome;
  auto parsed = parseTargetUrl(targetUrl);
  if (!parsed) {
    outcome.status = ScanStatus::Failed;
    outcome.message = "invalid target URL: " + parsed.error().message;
    return outcome;
  }
  const ParsedUrl target = *parsed;
  auto resolved = resolveAllowedHost(target.host, target.port, options_.allowPrivateTargets);
  if (!resolved) {
    outcome.status = ScanStatus::Failed;
    outcome.message = "target refused: " + resolved.error().message;
    return outcome;
  }

  const auto deadline = Clock::now() + options_.budget.maxDuration;
  bool userStop = false;
  auto shouldStop = [&] {
    if (!userStop && cb.stopRequested && cb.stopRequested()) userStop = true;
    return userStop || Clock::now() >= deadline;
  };
  FetchOptions fetchOptions = options_.fetch;
  fetchOptions.resolvePins = pinsFor(target, *resolved);
  if (settings.requestsPerSecond) fetchOptions.requestsPerSecond = *settings.requestsPerSecond;
  Fetcher fetcher(fetchOptions, shouldStop);
  FindingCollector findings(cb.onFinding);

  int64_t done = 0;
  int64_t pages = 0;
  // Progress: the crawl and file probes fill 0-30%, the site and active checks 30-99%. Within
  // a phase, done / planned requests, where `planned` is only ever raised as work is found, and
  // the percentage never moves back.
  int phaseBase = 0, phaseSpan = 30;
  int64_t phaseStart = 0;
  std::size_t planned = 50;
  auto plan = [&](std::size_t atLeast) { planned = std::max(planned, atLeast); };
  auto startPhase = [&](int base, int span, std::size_t requests) {
    phaseBase = base;
    phaseSpan = span;
    phaseStart = done;
    planned = done + std::max<std::size_t>(requests, 1);
  };
  int lastPercent = 0;
  auto progress = [&] {
    ++done;
    if (!cb.onProgress) return;
    auto inPhase =
        static_cast<double>(done - phaseStart) /
        static_cast<double>(std::max<int64_t>(1, static_cast<int64_t>(planned) - phaseStart));
    int percent = std::min(99, phaseBase + static_cast<int>(phaseSpan * std::min(1.0, inPhase)));
    lastPercent = std::max(lastPercent, percent);
    cb.onProgress({lastPercent, fetcher.requestsSent(), pages});
  };
  auto finishWith = [&](ScanStatus status, std::string message) {
    outcome.status = status;
    outcome.message = std::move(message);
    outcome.requests = fetcher.requestsSent();
    outcome.pages = pages;
    return outcome;
  };

  FetchResult root = fetcher.fetch(HttpRequest{"GET", target.url});
  progress();
  if (!root.ok()) {
    if (shouldStop() && userStop) return finishWith(ScanStatus::Stopped, "stopped by a user");
    // Not the user, so the scan budget cancelled it before the root answered (a slow-loris
    // target, or a budget shorter than the per-request timeout): the target failed.
    if (root.error == FetchError::Cancelled)
      return finishWith(ScanStatus::Failed,
                        "target unreachable: no complete response to the first request within "
                        "the scan time budget of " +
                            std::to_string(options_.budget.maxDuration.count()) + " s");
    return finishWith(ScanStatus::Failed, unreachable(root));
  }

  Frontier frontier(target, options_.budget, settings);
  std::vector<HttpRequest> sensitiveProbes;
  for (auto& probe : sensitiveFileProbes(target))
    if (auto url = parseTargetUrl(probe.url); url && frontier.inScope(*url))
      sensitiveProbes.push_back(std::move(probe));
  const std::size_t probeCount = sensitiveProbes.size() + (target.scheme == "https" ? 2 : 0);
  frontier.markSeen(root.request.url);
  CrawlFindings crawl;
  // What the active checks will send: about 9 requests a parameter and a baseline per endpoint
  // (measured on the fixture site).
  auto activeEstimate = [&] {
    std::size_t parameters = 0;
    for (const auto& e : crawl.endpoints.endpoints()) parameters += e.inputs.size();
    return crawl.endpoints.endpoints().size() + 9 * parameters;
  };

  /// Page checks on one response; its parsed links are kept in `html` for discoverLinks.
  auto check = [&](const FetchResult& page, std::optional<HtmlLinks>& html) {
    if (!page.ok()) return;
    ++pages;
    if (isJavaScript(page)) {
      checkJsLibrary(page.request.url, page.response.body, findings);
      return;
    }
    if (page.response.isHtml()) html = extractLinks(page.response.body);
    runPageChecks(page, html ? &*html : nullptr, findings);
  };
  auto countProgress = [&](std::size_t, FetchResult&) { progress(); };
  std::optional<HtmlLinks> rootHtml;
  check(root, rootHtml);
  discoverLinks(root, rootHtml ? &*rootHtml : nullptr, 0, frontier, crawl, echoesLastSegment(root));
  inspectTransport(target, root, findings);

  // robots.txt and sitemaps (/sitemap.xml and up to 3 that robots.txt names) list pages no link
  // may lead to.
  {
    constexpr std::size_t kMaxNamedSitemaps = 3;
    std::vector<HttpRequest> seeds;
    std::set<std::string> requested;
    auto addSeed = [&](const std::string& base, std::string_view ref) {
      auto u = resolveReference(base, ref);
      if (u && frontier.inScope(*u) && requested.insert(u->url).second)
        seeds.push_back(HttpRequest{"GET", u->url});
    };
    addSeed(target.url, "/robots.txt");
    addSeed(target.url, "/sitemap.xml");
    for (int round = 0; round < 2 && !seeds.empty() && !shouldStop(); ++round) {
      plan(done + seeds.size() + 20);
      auto results = fetcher.fetchAll(std::exchange(seeds, {}), countProgress);
      for (auto& seed : results) {
        if (!seed.ok() || seed.response.status != 200) continue;
        frontier.markSeen(seed.request.url);
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
          if (auto next = resolveReference(seed.request.url, ref)) frontier.offer(*next, 1);
      }
    }
  }

  for (auto batch = frontier.takeNext(); !batch.empty(); batch = frontier.takeNext()) {
    if (shouldStop()) break;
    plan(done + batch.size() + probeCount + 20);
    std::vector<HttpRequest> requests;
    for (const auto& entry : batch) requests.push_back(HttpRequest{"GET", entry.url});
    // Each page is checked as soon as it arrives and its body (up to the cap) dropped once its
    // links are taken, so memory holds the bodies in flight, not a whole batch waiting for its
    // slowest request. Links are followed in request order, so the crawl stays deterministic.
    std::vector<std::optional<HtmlLinks>> html(batch.size());
    std::vector<std::vector<std::string>> scriptUrls(batch.size());
    std::vector<char> pathEchoed(batch.size(), 0);
    auto results = fetcher.fetchAll(requests, [&](std::size_t i, FetchResult& page) {
      check(page, html[i]);
      if (page.ok() && isJavaScript(page)) scriptUrls[i] = urlsInJavaScript(page.response.body);
      pathEchoed[i] = page.ok() && echoesLastSegment(page);
      std::string().swap(page.response.body);  // frees it (`= {}` keeps the capacity)
      progress();
    });
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok()) continue;
      discoverLinks(results[i], html[i] ? &*html[i] : nullptr, batch[i].depth, frontier, crawl,
                    pathEchoed[i]);
      for (const auto& ref : scriptUrls[i])
        if (auto next = resolveReference(results[i].request.url, ref))
          frontier.offer(*next, batch[i].depth + 1);
    }
  }
  for (const auto& script : crawl.externalScripts) checkJsLibrary(script, "", findings);

  if (!shouldStop()) {
    plan(done + probeCount);
    for (const auto& probe : fetcher.fetchAll(sensitiveProbes, countProgress))
      inspectSensitiveFile(probe, findings);
    if (target.scheme == "https" && !shouldStop()) {
      auto probes =
          fetcher.fetchAll({tlsProbe(target, true), tlsProbe(target, false)}, countProgress);
      inspectTls(target, probes[0], probes[1], findings);
    }
  }

  if (!shouldStop()) {
    std::string marker = "ctc" + std::to_string(std::random_device{}() % 100000000u);
    SiteCheckInputs site{target.url, crawl.directories, crawl.corsCandidates,
                         settings.allowDestructiveMethods, marker};
    if (std::find(site.directories.begin(), site.directories.end(), target.url) ==
        site.directories.end())
      site.directories.insert(site.directories.begin(), target.url);
    startPhase(30, 69,
               1 + site.directories.size() + 2 * site.corsCandidates.size() + activeEstimate());
    runSiteActiveChecks(site, fetcher, findings, countProgress);
  }

  if (!shouldStop()) {
    AttackRunOptions active;
    // Time-based checks need the delayed request to start promptly: at a crawl rate below
    // 2 requests/s the pacing alone could hold a scan for minutes per parameter.
    double rate = fetchOptions.requestsPerSecond;
    active.attack.timeBased = rate == 0 || rate >= 2;
    active.attack.siteRootUrl = root.request.url;
    active.attack.siteRootTitle = rootHtml ? rootHtml->title : "";
    active.attack.outOfBand = options_.outOfBand.get();
    active.stop = shouldStop;
    active.onPlanned = [&](int more) { plan(done + more); };
    // Late callbacks: a target may fetch a URL after it answered (a queued webhook).
    active.beforeFinish = [&] {
      for (int i = 0; i < 20 && !shouldStop(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    };
    runActiveChecks(crawl.endpoints.endpoints(), fetcher, findings, active, countProgress);
  }

  if (userStop) return finishWith(ScanStatus::Stopped, "stopped by a user");
  if (Clock::now() >= deadline)
    return finishWith(ScanStatus::Finished,
                      "scan time budget of " + std::to_string(options_.budget.maxDuration.count()) +
                          " s reached; results cover the pages crawled so far");
  return finishWith(ScanStatus::Finished, "");
}

}  // namespace ctc::scanner
