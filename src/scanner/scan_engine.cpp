#include "ctc/scanner/scan_engine.hpp"

#include <map>
#include <set>

#include "ctc/scanner/address_policy.hpp"
#include "ctc/scanner/finding_collector.hpp"
#include "ctc/scanner/html_links.hpp"
#include "ctc/scanner/passive_checks.hpp"
#include "ctc/scanner/site_probes.hpp"
#include "ctc/scanner/url.hpp"

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
  Frontier(const ParsedUrl& start, const ScanBudget& budget)
      : origin_(start.origin()), budget_(budget) {}

  /// Queues url (at depth) if it is in scope, new, and within budget.
  void offer(const ParsedUrl& url, int depth) {
    if (depth > budget_.maxDepth || url.origin() != origin_) return;
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
  std::set<std::string> seen_;
  std::map<std::string, int> variants_;
  std::vector<Entry> next_;
};

void discoverLinks(const FetchResult& page, const HtmlLinks* html, int depth, Frontier& frontier) {
  const std::string& url = page.request.url;
  if (page.response.status >= 300 && page.response.status < 400) {
    if (auto location = page.response.header("Location"))
      if (auto next = resolveReference(url, *location)) frontier.offer(*next, depth + 1);
    return;
  }
  if (!html) return;
  std::string base = url;
  if (!html->baseHref.empty())
    if (auto b = resolveReference(url, html->baseHref)) base = b->url;
  for (const auto& href : html->hrefs)
    if (auto next = resolveReference(base, href)) frontier.offer(*next, depth + 1);
  for (const auto& form : html->forms) {
    if (form.method != "GET") continue;  // POST forms are not submitted by the passive crawler
    auto action = resolveReference(base, form.action.empty() ? url : form.action);
    if (!action) continue;
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& field : form.fields) params.emplace_back(field.name, field.value);
    std::string withQuery = appendQuery(action->url, params);
    if (auto next = parseTargetUrl(withQuery)) frontier.offer(*next, depth + 1);
  }
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
  Fetcher fetcher(fetchOptions, shouldStop);
  FindingCollector findings(cb.onFinding);

  int64_t done = 0;
  int64_t pages = 0;
  std::size_t planned = 1;
  auto progress = [&] {
    ++done;
    if (!cb.onProgress) return;
    int percent =
        static_cast<int>(std::min<int64_t>(99, done * 100 / std::max<std::size_t>(planned, 1)));
    cb.onProgress({percent, fetcher.requestsSent(), pages});
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

  auto sensitiveProbes = sensitiveFileProbes(target);
  const std::size_t probeCount = sensitiveProbes.size() + (target.scheme == "https" ? 2 : 0);
  Frontier frontier(target, options_.budget);
  frontier.markSeen(root.request.url);

  /// Page checks on one response; its parsed links are kept in `html` for discoverLinks.
  auto check = [&](const FetchResult& page, std::optional<HtmlLinks>& html) {
    if (!page.ok()) return;
    ++pages;
    if (page.response.isHtml()) html = extractLinks(page.response.body);
    runPageChecks(page, html ? &*html : nullptr, findings);
  };
  auto countProgress = [&](std::size_t, FetchResult&) { progress(); };
  std::optional<HtmlLinks> rootHtml;
  check(root, rootHtml);
  discoverLinks(root, rootHtml ? &*rootHtml : nullptr, 0, frontier);
  inspectTransport(target, root, findings);

  for (auto batch = frontier.takeNext(); !batch.empty(); batch = frontier.takeNext()) {
    if (shouldStop()) break;
    planned = frontier.seen() + probeCount;
    std::vector<HttpRequest> requests;
    for (const auto& entry : batch) requests.push_back(HttpRequest{"GET", entry.url});
    // Each page is checked as soon as it arrives and its body (up to the cap) dropped then, so
    // memory holds the bodies in flight, not a whole batch of them waiting for its slowest
    // request, and parsing overlaps the network wait (and sees stop/deadline between pages).
    // Links are followed in request order afterwards, so the crawl stays deterministic.
    std::vector<std::optional<HtmlLinks>> html(batch.size());
    auto results = fetcher.fetchAll(requests, [&](std::size_t i, FetchResult& page) {
      check(page, html[i]);
      std::string().swap(page.response.body);  // frees it (`= {}` keeps the capacity)
      progress();
    });
    for (std::size_t i = 0; i < results.size(); ++i)
      if (results[i].ok())
        discoverLinks(results[i], html[i] ? &*html[i] : nullptr, batch[i].depth, frontier);
  }

  if (!shouldStop()) {
    planned = frontier.seen() + probeCount;
    for (const auto& probe : fetcher.fetchAll(sensitiveProbes, countProgress))
      inspectSensitiveFile(probe, findings);
    if (target.scheme == "https" && !shouldStop()) {
      auto probes =
          fetcher.fetchAll({tlsProbe(target, true), tlsProbe(target, false)}, countProgress);
      inspectTls(target, probes[0], probes[1], findings);
    }
  }

  if (userStop) return finishWith(ScanStatus::Stopped, "stopped by a user");
  if (Clock::now() >= deadline)
    return finishWith(ScanStatus::Finished,
                      "scan time budget of " + std::to_string(options_.budget.maxDuration.count()) +
                          " s reached; results cover the pages crawled so far");
  return finishWith(ScanStatus::Finished, "");
}

}  // namespace ctc::scanner
