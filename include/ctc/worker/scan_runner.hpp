#pragma once
/// One claimed scan from start to end: read its project, run the engine on the project's URL
/// and settings, and record findings, progress and the outcome through a ScanRecord.
#include <functional>

#include "ctc/domain/scan.hpp"
#include "ctc/scanner/scan_engine.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/worker/scan_record.hpp"

namespace ctc::worker {

struct ScanSignals {
  std::function<bool()> stop;          ///< polled while the scan runs: true = stop now
  std::function<bool()> shuttingDown;  ///< asked at the end: a stopped scan is requeued
};

/// Returns the outcome it recorded.
scanner::ScanOutcome runScan(const Scan& scan, storage::Database& db,
                             const scanner::EngineOptions& options, ScanRecord& record,
                             const ScanSignals& signals);

}  // namespace ctc::worker
