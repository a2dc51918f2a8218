#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

void FindingCollector::add(Finding finding) {
  if (!seen_.insert(finding.dedupeKey()).second) return;
  if (sink_) sink_(finding);
}

}  // namespace ctc::scanner
