#pragma once
/// One scan of one target: resolve and pin the host (SSRF rule), crawl same-origin pages
/// breadth-first within budgets, run the page checks on every response, then the site probes.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ctc/domain/authentication.hpp"
#include "ctc/domain/finding.hpp"
#include "ctc/domain/scan.hpp"
#include "ctc/domain/team.hpp"
#include "ctc/scanner/check_times.hpp"
#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/oast/out_of_band.hpp"
#include "ctc/scanner/spec/api_plan.hpp"

namespace ctc::scanner {

struct ScanBudget {
  int maxPages = 200;                     ///< distinct URLs fetched by the crawler
  int maxDepth = 6;                       ///< link hops from the start URL
  int maxQueryVariantsPerPath = 5;        ///< stops endless calendars and ?page=N loops
  std::chrono::seconds maxDuration{600};  ///< whole-scan budget
};

struct EngineOptions {
  FetchOptions fetch;
  ScanBudget budget;
  bool allowPrivateTargets = false;
  /// The callback listener for blind checks (--oast-listen); null: blind checks are off.
  std::shared_ptr<OutOfBand> outOfBand;
};

struct ScanProgress {
  int percent = 0;  ///< 0..99 while running (100 only when finished)
  int64_t requests = 0;
  int64_t pages = 0;
};

struct ScanOutcome {
  ScanStatus status = ScanStatus::Finished;  ///< Finished, Stopped or Failed
  std::string message;                       ///< why it failed, or a note (budget reached)
  int64_t requests = 0;
  int64_t pages = 0;
  CheckTimes checkTimes;  ///< what each check's requests and judging took
};

struct ScanCallbacks {
  std::function<bool()> stopRequested;                  ///< polled often; true = stop now
  std::function<void(const Finding&)> onFinding;        ///< each new finding, at once
  std::function<void(const ScanProgress&)> onProgress;  ///< after each request
  /// The description fetched from swagger_url when the scan started (to store with the target).
  std::function<void(const std::string& url, const std::string& document)> onSpecificationFetched;
};

class ScanEngine {
 public:
  explicit ScanEngine(EngineOptions options) : options_(std::move(options)) {}

  /// Runs the scan on the calling thread. Never throws for network problems. `settings` are
  /// the target's own (rate, include/exclude paths, destructive methods).
  /// With `authentication`, the scan logs in first (a failed login fails the scan, saying
  /// what to fix), stays logged in, and never follows logout or destructive links.
  /// With API descriptions, every operation they name is sent and attacked too, after a prescan
  /// per description (its server answers; with authentication, the login makes a difference):
  /// a failed prescan fails the scan naming the description and what failed.
  ScanOutcome run(const std::string& targetUrl, const ScanCallbacks& callbacks,
                  const ScanSettings& settings = {},
                  const std::optional<Authentication>& authentication = std::nullopt,
                  const ApiInputs& apis = {}) const;

 private:
  EngineOptions options_;
};

}  // namespace ctc::scanner
