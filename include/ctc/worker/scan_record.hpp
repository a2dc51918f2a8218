#pragma once
/// Where one running scan's results go: its findings as they are proven, its progress, and how
/// it ended. The scan runner writes only through this; DatabaseScanRecord keeps them in SQLite.
#include <chrono>
#include <cstdint>

#include "ctc/domain/finding.hpp"
#include "ctc/scanner/scan_engine.hpp"
#include "ctc/storage/database.hpp"

namespace ctc::worker {

class ScanRecord {
 public:
  virtual ~ScanRecord() = default;
  virtual void finding(const Finding& finding) = 0;
  virtual void progress(const scanner::ScanProgress& progress) = 0;
  /// The scan ended with outcome; requeue: it was interrupted by a shutdown and goes back to
  /// the queue (resumed on the next start) instead of ending.
  virtual void finish(const scanner::ScanOutcome& outcome, bool requeue) = 0;
};

class DatabaseScanRecord final : public ScanRecord {
 public:
  DatabaseScanRecord(storage::Database& db, int64_t scanId) : db_(db), scanId_(scanId) {}

  void finding(const Finding& finding) override;
  /// At most every 250 ms: the engine reports after each request.
  void progress(const scanner::ScanProgress& progress) override;
  void finish(const scanner::ScanOutcome& outcome, bool requeue) override;

 private:
  storage::Database& db_;
  int64_t scanId_;
  std::chrono::steady_clock::time_point lastProgress_{};
};

}  // namespace ctc::worker
