#include "ctc/worker/scan_record.hpp"

#include <spdlog/spdlog.h>

#include "ctc/storage/check_time_repository.hpp"
#include "ctc/storage/finding_repository.hpp"
#include "ctc/storage/scan_repository.hpp"

namespace ctc::worker {
namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(250);

std::vector<storage::CheckTimeRow> rowsOf(const scanner::CheckTimes& times) {
  std::vector<storage::CheckTimeRow> rows;
  for (const auto& [key, time] : times.entries())
    rows.push_back({key, time.seconds, time.requests});
  return rows;
}

}  // namespace

void DatabaseScanRecord::finding(const Finding& finding) {
  Finding stored = finding;
  stored.scanId = scanId_;
  auto ok = db_.write(
      [&](storage::Connection& db) -> Result<bool> { return storage::insertFinding(db, stored); });
  if (!ok) spdlog::error("scan {}: cannot store a finding: {}", scanId_, ok.error().message);
}

void DatabaseScanRecord::progress(const scanner::ScanProgress& p) {
  auto now = std::chrono::steady_clock::now();
  if (now - lastProgress_ < kProgressInterval) return;
  lastProgress_ = now;
  (void)db_.write([&](storage::Connection& db) -> Status {
    storage::updateScanProgress(db, scanId_, p.percent, p.requests, p.pages);
    return okStatus();
  });
}

void DatabaseScanRecord::finish(const scanner::ScanOutcome& outcome, bool requeue) {
  auto finished = db_.write([&](storage::Connection& db) -> Result<bool> {
    storage::updateScanProgress(db, scanId_, outcome.status == ScanStatus::Finished ? 100 : -1,
                                outcome.requests, outcome.pages);
    if (requeue) return storage::requeueScan(db, scanId_);
    storage::putCheckTimes(db, scanId_, rowsOf(outcome.checkTimes));
    std::optional<std::string> message;
    if (!outcome.message.empty()) message = outcome.message;
    return storage::finishScan(db, scanId_, outcome.status, message);
  });
  if (!finished)
    spdlog::error("scan {}: cannot record the result: {}", scanId_, finished.error().message);
}

}  // namespace ctc::worker
