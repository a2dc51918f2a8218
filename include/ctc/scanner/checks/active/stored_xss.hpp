#pragma once
/// xss.stored (second-order XSS), the pass after the attack rounds: the marker every insertion
/// point was sent (AttackTarget::marker) is looked for on the crawled pages fetched again without
/// it. Where one shows up (a guestbook, a comment list), the payloads for the place it landed in
/// are sent through the same input, one at a time, and the sink page is fetched after each, as
/// Wapiti's mod_permanentxss does. Proven when the sink page carries the payload as executable
/// markup; the finding names the input (form action and field) and the sink page.
#include <functional>
#include <string>
#include <vector>

#include "ctc/scanner/checks/active/active_check.hpp"
#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

struct StoredXssOptions {
  std::size_t maxSinkPages = 60;  ///< crawled HTML pages fetched again
  std::size_t maxPairs = 20;      ///< (input, sink) pairs attacked
  std::function<bool()> stop;
  std::function<void(int)> onPlanned;  ///< more requests planned (progress)
};

/// targets: what runActiveChecks returned; pages: crawled HTML page URLs (GET).
void findStoredXss(const std::vector<AttackTarget>& targets, const std::vector<std::string>& pages,
                   Fetcher& fetcher, FindingCollector& findings, const StoredXssOptions& options,
                   const Fetcher::OnDone& onEachResponse);

}  // namespace ctc::scanner
