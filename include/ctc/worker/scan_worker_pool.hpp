#pragma once
/// Runs queued scans on its own threads (never on the HTTP reactor threads). Each worker claims
/// the oldest queued scan from the database, so scans queued by another process or left by a
/// crash are picked up too.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ctc/scanner/scan_engine.hpp"
#include "ctc/service/scan_service.hpp"
#include "ctc/storage/database.hpp"

namespace ctc::worker {

class ScanWorkerPool : public service::ScanEvents {
 public:
  /// maxRunningPerTeam: a team's further scans wait queued while that many of its scans run.
  ScanWorkerPool(storage::Database& db, scanner::EngineOptions options, int workers,
                 int maxRunningPerTeam);
  ~ScanWorkerPool() override;

  void start();
  /// Stops claiming, interrupts running scans and puts them back in the queue (resumable on the
  /// next start without counting as a failed attempt), joins the threads.
  void shutdown();

  /// Worker threads in their loop: all of them while serving, fewer if one has died.
  int aliveWorkers() const { return alive_.load(); }
  int workerCount() const { return workerCount_; }
  /// Called on the worker's thread after each scan it ran. Set before start().
  using ScanObserver = std::function<void(int64_t scanId, const scanner::ScanOutcome&,
                                          std::chrono::duration<double> took)>;
  void setScanObserver(ScanObserver observer) { observer_ = std::move(observer); }

  void scanQueued() override;
  void stopRequested(int64_t scanId) override;

 private:
  void workerLoop();
  void runClaimedScan(const Scan& scan);

  storage::Database& db_;
  scanner::EngineOptions options_;
  int workerCount_;
  int maxRunningPerTeam_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool shuttingDown_ = false;
  int pendingWakeups_ = 0;
  std::map<int64_t, std::shared_ptr<std::atomic<bool>>> running_;  ///< scan id -> stop flag
  std::atomic<int> alive_{0};
  ScanObserver observer_;
};

}  // namespace ctc::worker
