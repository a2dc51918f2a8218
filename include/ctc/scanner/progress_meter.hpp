#pragma once
/// A scan's progress as the user sees it: each phase owns a span of the percentage (the crawl
/// and file probes 0-30%, the site and active checks 30-99%), and within a phase it is done /
/// planned requests, where `planned` only ever rises as work is found. The percentage never moves
/// back and stays below 100 until the scan is finished.
#include <algorithm>
#include <cstdint>

#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/scan_engine.hpp"

namespace ctc::scanner {

class ProgressMeter {
 public:
  ProgressMeter(const ScanCallbacks& callbacks, const Fetcher& fetcher)
      : callbacks_(callbacks), fetcher_(fetcher) {}

  /// At least `more` requests still to come in this phase.
  void planMore(std::size_t more) {
    planned_ = std::max(planned_, done_ + static_cast<int64_t>(more));
  }
  /// A new phase starts at `base` percent, spans `span` points, and expects `requests`.
  void startPhase(int base, int span, std::size_t requests) {
    base_ = base;
    span_ = span;
    phaseStart_ = done_;
    planned_ = done_ + static_cast<int64_t>(std::max<std::size_t>(requests, 1));
  }
  /// One request answered (or failed).
  void step();
  void pageChecked() { ++pages_; }
  int64_t pages() const { return pages_; }
  /// step() as a Fetcher callback.
  Fetcher::OnDone counter() {
    return [this](std::size_t, FetchResult&) { step(); };
  }

 private:
  const ScanCallbacks& callbacks_;
  const Fetcher& fetcher_;
  int64_t done_ = 0;
  int64_t pages_ = 0;
  int base_ = 0, span_ = 30;
  int64_t phaseStart_ = 0;
  int64_t planned_ = 50;
  int lastPercent_ = 0;
};

}  // namespace ctc::scanner
