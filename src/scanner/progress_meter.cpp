#include "ctc/scanner/progress_meter.hpp"

namespace ctc::scanner {

void ProgressMeter::step() {
  ++done_;
  if (!callbacks_.onProgress) return;
  auto inPhase = static_cast<double>(done_ - phaseStart_) /
                 static_cast<double>(std::max<int64_t>(1, planned_ - phaseStart_));
  int percent = std::min(99, base_ + static_cast<int>(span_ * std::min(1.0, inPhase)));
  lastPercent_ = std::max(lastPercent_, percent);
  callbacks_.onProgress({lastPercent_, fetcher_.requestsSent(), pages_});
}

}  // namespace ctc::scanner
