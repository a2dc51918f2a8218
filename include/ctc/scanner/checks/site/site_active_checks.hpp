#pragma once
/// Active checks that concern a path rather than a parameter: TRACE on the site root, OPTIONS on
/// directories (PUT/DELETE), CORS on endpoints that answer cross-origin requests, and other verbs
/// on paths that refuse GET.
#include <string>
#include <vector>

#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

struct SiteCheckInputs {
  std::string rootUrl;
  std::vector<std::string> directories;     ///< crawled URLs ending in '/'
  std::vector<std::string> corsCandidates;  ///< crawled JSON endpoints and pages with CORS headers
  std::vector<std::string> forbidden;       ///< crawled URLs that answered GET with 401 or 403
  bool allowDestructiveMethods = false;     ///< confirm PUT with PUT + GET + DELETE of a file
  std::string marker;                       ///< unique text for this scan
};

/// The requests of the checks, run as two batches (probes, then PUT confirmation).
void runSiteActiveChecks(const SiteCheckInputs& in, Fetcher& fetcher, FindingCollector& findings,
                         const Fetcher::OnDone& onEach);

}  // namespace ctc::scanner
