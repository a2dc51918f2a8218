#include "ctc/scanner/checks/active/stored_xss.hpp"

#include <set>

#include "ctc/scanner/checks/active/attack_runner.hpp"
#include "ctc/scanner/checks/active/xss_analysis.hpp"

namespace ctc::scanner {
namespace {

/// A marker found on a page the input was not sent to, with the payloads to try there.
struct StoredSink {
  const AttackTarget* target;
  std::string sinkUrl;
  std::vector<std::string> payloads;  // in the order to try them
  std::size_t next = 0;
  bool proven = false;
};

bool storable(const InsertionPoint& point) {
  return point.kind == InputKind::Form || point.kind == InputKind::Query ||
         point.kind == InputKind::JsonMember;
}

}  // namespace

void findStoredXss(const std::vector<AttackTarget>& targets, const std::vector<std::string>& pages,
                   Fetcher& fetcher, FindingCollector& findings, const StoredXssOptions& options,
                   const Fetcher::OnDone& onEach) {
  auto stopped = [&] { return options.stop && options.stop(); };
  std::vector<const AttackTarget*> candidates;
  for (const auto& t : targets)
    if (storable(t.point())) candidates.push_back(&t);
  if (candidates.empty() || pages.empty() || stopped()) return;

  std::vector<HttpRequest> revisits;
  for (std::size_t i = 0; i < pages.size() && i < options.maxSinkPages; ++i)
    revisits.push_back(HttpRequest{"GET", pages[i]});
  for (auto& r : revisits) r.check = "xss.stored";
  if (options.onPlanned) options.onPlanned(static_cast<int>(revisits.size()));

  // One sink per input (the first revisited page to answer with its marker), so a guestbook
  // shown on three pages is attacked once.
  std::vector<StoredSink> sinks;
  std::set<const AttackTarget*> placed;
  fetcher.fetchAll(revisits, [&](std::size_t i, FetchResult& page) {
    if (onEach) onEach(i, page);
    if (!page.ok() || !page.response.isHtml()) return;
    for (const AttackTarget* t : candidates) {
      if (sinks.size() >= options.maxPairs || placed.count(t)) continue;
      // The page the input was sent to with that very value is a reflection, not storage.
      if (t->endpoint->method == "GET" && page.request.url == t->endpoint->request().url) continue;
      std::vector<std::string> payloads;
      for (const auto& where : findReflections(page.response.body, t->marker))
        for (auto& p : xssPayloads(where, t->marker)) payloads.push_back(std::move(p));
      if (payloads.empty()) continue;
      placed.insert(t);
      sinks.push_back({t, page.request.url, std::move(payloads)});
    }
    std::string().swap(page.response.body);
  });

  // Rounds: every open sink's next payload goes out, then every sink page is fetched again.
  for (bool open = true; open && !stopped();) {
    std::vector<HttpRequest> writes;
    std::vector<StoredSink*> writing;
    for (auto& s : sinks)
      if (!s.proven && s.next < s.payloads.size()) {
        writes.push_back(s.target->with(s.payloads[s.next++]));
        writes.back().check = "xss.stored";
        writing.push_back(&s);
      }
    open = !writes.empty();
    if (!open) break;
    if (options.onPlanned) options.onPlanned(static_cast<int>(2 * writes.size()));
    fetcher.fetchAll(writes, onEach);
    std::vector<HttpRequest> reads;
    for (auto* s : writing) {
      reads.push_back(HttpRequest{"GET", s->sinkUrl});
      reads.back().check = "xss.stored";
    }
    fetcher.fetchAll(reads, [&](std::size_t i, FetchResult& page) {
      if (onEach) onEach(i, page);
      StoredSink& s = *writing[i];
      if (!page.ok() || !page.response.isHtml()) return;
      std::string proof = provenXss(page.response.body, s.target->marker);
      if (proof.empty()) return;
      s.proven = true;
      reportAttackFinding(findings, "xss.stored", *s.target, writes[i],
                          "the value sent here is stored and shown on " + s.sinkUrl +
                              " as executable markup: " + proof);
    });
  }
}

}  // namespace ctc::scanner
