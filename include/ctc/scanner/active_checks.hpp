#pragma once
/// The active checks: for every parameter of every endpoint the crawler collected, send payloads
/// and keep a finding only when the response proves it against the endpoint's baseline (a marker
/// in an executable place, a DBMS error that the baseline lacks, a delay that repeats, ...).
/// Requests go out in a few large batches (stages), so the per-host concurrency and the rate
/// limit of the Fetcher apply to all of them.
#include <functional>
#include <string>
#include <vector>

#include "ctc/scanner/endpoint.hpp"
#include "ctc/scanner/fetcher.hpp"
#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

struct ActiveCheckOptions {
  bool timeBased = true;               ///< sqli.time and the sleep variant of injection.command
  std::string siteRootUrl;             ///< for SSRF confirmation: a URL of the target itself
  std::string siteRootTitle;           ///< its <title>, which must come back when fetched
  std::function<bool()> stop;          ///< true = stop sending
  std::function<void(int)> onPlanned;  ///< more requests planned (progress)
};

/// Runs every active check on every endpoint. Findings go to `findings` as they are proven.
void runActiveChecks(const std::vector<Endpoint>& endpoints, Fetcher& fetcher,
                     FindingCollector& findings, const ActiveCheckOptions& options,
                     const Fetcher::OnDone& onEachResponse);

/// "POST http://host/path\n\nbody" (what a person needs to replay it with curl).
std::string describeRequest(const HttpRequest& request);

}  // namespace ctc::scanner
