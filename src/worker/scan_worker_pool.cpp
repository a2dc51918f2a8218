#include "ctc/worker/scan_worker_pool.hpp"

#include <spdlog/spdlog.h>

#include "ctc/storage/finding_repository.hpp"
#include "ctc/storage/scan_repository.hpp"
#include "ctc/storage/target_repository.hpp"

namespace ctc::worker {
namespace {

using Clock = std::chrono::steady_clock;
// Queued scans from other processes (admin CLI, a restart) are noticed at least this often.
constexpr auto kPollInterval = std::chrono::seconds(1);
constexpr auto kProgressInterval = std::chrono::milliseconds(250);

}  // namespace

ScanWorkerPool::ScanWorkerPool(storage::Database& db, scanner::EngineOptions options, int workers,
                               int maxRunningPerTeam)
    : db_(db),
      options_(std::move(options)),
      workerCount_(std::max(1, workers)),
      maxRunningPerTeam_(std::max(1, maxRunningPerTeam)) {}

ScanWorkerPool::~ScanWorkerPool() {
  shutdown();
}

void ScanWorkerPool::start() {
  for (int i = 0; i < workerCount_; ++i) threads_.emplace_back([this] { workerLoop(); });
}

void ScanWorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shuttingDown_ && threads_.empty()) return;
    shuttingDown_ = true;
    for (auto& [id, flag] : running_) flag->store(true);
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void ScanWorkerPool::scanQueued() {
  {
    std::lock_guard lock(mutex_);
    ++pendingWakeups_;
  }
  wake_.notify_one();
}

void ScanWorkerPool::stopRequested(int64_t scanId) {
  std::lock_guard lock(mutex_);
  if (auto it = running_.find(scanId); it != running_.end()) it->second->store(true);
}

void ScanWorkerPool::workerLoop() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kPollInterval, [&] { return shuttingDown_ || pendingWakeups_ > 0; });
      if (shuttingDown_) return;
      if (pendingWakeups_ > 0) --pendingWakeups_;
    }
    while (true) {
      auto claimed = db_.write([&](storage::Connection& db) -> Result<std::optional<Scan>> {
        return storage::claimNextQueuedScan(db, maxRunningPerTeam_);
      });
      if (!claimed) {
        spdlog::warn("cannot claim a queued scan: {}", claimed.error().message);
        break;
      }
      if (!claimed.value()) break;
      runScan(*claimed.value());
      std::lock_guard lock(mutex_);
      if (shuttingDown_) return;
    }
  }
}

void ScanWorkerPool::runScan(const Scan& scan) {
  auto stopFlag = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard lock(mutex_);
    running_[scan.id] = stopFlag;
    if (shuttingDown_) stopFlag->store(true);
  }
  auto target = db_.read([&](storage::Connection& db) -> Result<std::optional<Target>> {
    return storage::findTarget(db, scan.targetId);
  });
  spdlog::info("scan {} started (attempt {})", scan.id, scan.attempts);

  scanner::ScanOutcome outcome;
  if (!target || !target.value()) {
    outcome.status = ScanStatus::Failed;
    // A failed read (busy database, unreadable settings) is not a deleted project.
    outcome.message =
        target ? "the project was deleted" : "cannot read the project from the database";
  } else {
    auto lastProgress = Clock::now() - kProgressInterval;
    scanner::ScanCallbacks callbacks;
    callbacks.stopRequested = [&] { return stopFlag->load(); };
    callbacks.onFinding = [&](const Finding& f) {
      Finding stored = f;
      stored.scanId = scan.id;
      auto ok = db_.write([&](storage::Connection& db) -> Result<bool> {
        return storage::insertFinding(db, stored);
      });
      if (!ok) spdlog::error("scan {}: cannot store a finding: {}", scan.id, ok.error().message);
    };
    callbacks.onProgress = [&](const scanner::ScanProgress& p) {
      auto now = Clock::now();
      if (now - lastProgress < kProgressInterval) return;
      lastProgress = now;
      (void)db_.write([&](storage::Connection& db) -> Status {
        storage::updateScanProgress(db, scan.id, p.percent, p.requests, p.pages);
        return okStatus();
      });
    };
    scanner::ScanEngine engine(options_);
    outcome = engine.run(target.value()->url, callbacks, target.value()->scanSettings);
  }

  bool shuttingDown;
  {
    std::lock_guard lock(mutex_);
    running_.erase(scan.id);
    shuttingDown = shuttingDown_;
  }
  auto finished = db_.write([&](storage::Connection& db) -> Result<bool> {
    storage::updateScanProgress(db, scan.id, outcome.status == ScanStatus::Finished ? 100 : -1,
                                outcome.requests, outcome.pages);
    if (outcome.status == ScanStatus::Stopped && shuttingDown)
      return storage::requeueScan(db, scan.id);
    std::optional<std::string> message;
    if (!outcome.message.empty()) message = outcome.message;
    return storage::finishScan(db, scan.id, outcome.status, message);
  });
  if (!finished)
    spdlog::error("scan {}: cannot record the result: {}", scan.id, finished.error().message);
  spdlog::info("scan {} ended: {} {} ({} requests, {} pages)", scan.id, toString(outcome.status),
               outcome.message, outcome.requests, outcome.pages);
}

}  // namespace ctc::worker
