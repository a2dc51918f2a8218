#include "ctc/worker/scan_worker_pool.hpp"

#include <spdlog/spdlog.h>

#include "ctc/storage/scan_repository.hpp"
#include "ctc/worker/scan_runner.hpp"

namespace ctc::worker {
namespace {

// Queued scans from other processes (admin CLI, a restart) are noticed at least this often.
constexpr auto kPollInterval = std::chrono::seconds(1);

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
  ++alive_;
  struct Exit {
    std::atomic<int>& alive;
    ~Exit() { --alive; }
  } exit{alive_};
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
      runClaimedScan(*claimed.value());
      std::lock_guard lock(mutex_);
      if (shuttingDown_) return;
    }
  }
}

void ScanWorkerPool::runClaimedScan(const Scan& scan) {
  auto stopFlag = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard lock(mutex_);
    running_[scan.id] = stopFlag;
    if (shuttingDown_) stopFlag->store(true);
  }
  DatabaseScanRecord record(db_, scan.id);
  ScanSignals signals;
  signals.stop = [&] { return stopFlag->load(); };
  signals.shuttingDown = [&] {
    std::lock_guard lock(mutex_);
    return shuttingDown_;
  };
  auto started = std::chrono::steady_clock::now();
  auto outcome = runScan(scan, db_, options_, record, signals);
  if (observer_) observer_(scan.id, outcome, std::chrono::steady_clock::now() - started);
  std::lock_guard lock(mutex_);
  running_.erase(scan.id);
}

}  // namespace ctc::worker
