#pragma once
/// Runs the active checks (active_check.hpp) on every insertion point of every endpoint the
/// crawler collected: one baseline per endpoint, then rounds of probes until no verdict asks for
/// more. Findings go to the collector as they are proven.
#include <functional>
#include <string>
#include <vector>

#include "ctc/scanner/checks/active/active_check.hpp"
#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

struct AttackRunOptions {
  AttackOptions attack;
  std::function<bool()> stop;          ///< true = stop sending
  std::function<void(int)> onPlanned;  ///< more requests planned (progress)
  /// Called once after the last round, before the checks' finish(): where the engine lets the
  /// out-of-band listener hear late callbacks.
  std::function<void()> beforeFinish;
};

/// Attacks every insertion point. Returns the targets with their markers (they point into
/// `endpoints`), which the stored-effects pass looks for on other pages.
std::vector<AttackTarget> runActiveChecks(const std::vector<Endpoint>& endpoints, Fetcher& fetcher,
                                          FindingCollector& findings,
                                          const AttackRunOptions& options,
                                          const Fetcher::OnDone& onEachResponse);

/// Adds a finding of checkId at target, with the request that proves it as evidence.
void reportAttackFinding(FindingCollector& findings, std::string_view checkId,
                         const AttackTarget& target, const HttpRequest& request,
                         std::string evidence);

/// "POST http://host/path\n\nbody" (what a person needs to replay it with curl).
std::string describeRequest(const HttpRequest& request);

}  // namespace ctc::scanner
