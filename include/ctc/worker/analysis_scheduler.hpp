#pragma once
/// Starts scheduled analyses when their time comes: one thread that asks the database every
/// second (the schedule lives there, so a restart loses nothing; a start time missed while the
/// server was down starts at the next tick).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "ctc/service/analysis_service.hpp"

namespace ctc::worker {

class AnalysisScheduler {
 public:
  explicit AnalysisScheduler(service::AnalysisService& analyses,
                             std::chrono::milliseconds tick = std::chrono::seconds(1));
  ~AnalysisScheduler();
  AnalysisScheduler(const AnalysisScheduler&) = delete;
  AnalysisScheduler& operator=(const AnalysisScheduler&) = delete;

  /// Waits for the thread to end; idempotent.
  void stop();

 private:
  void run();

  service::AnalysisService& analyses_;
  std::chrono::milliseconds tick_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ctc::worker
