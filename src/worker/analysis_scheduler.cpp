#include "ctc/worker/analysis_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <ctime>

namespace ctc::worker {

AnalysisScheduler::AnalysisScheduler(service::AnalysisService& analyses,
                                     std::chrono::milliseconds tick)
    : analyses_(analyses), tick_(tick), thread_([this] { run(); }) {}

AnalysisScheduler::~AnalysisScheduler() {
  stop();
}

void AnalysisScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AnalysisScheduler::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto started = analyses_.startDue(std::time(nullptr));
    if (!started)
      spdlog::warn("analysis scheduler: {}", started.error().message);
    else if (*started > 0)
      spdlog::info("analysis scheduler: started {} scheduled analyses", *started);
    lock.lock();
    wake_.wait_for(lock, tick_, [this] { return stopping_; });
  }
}

}  // namespace ctc::worker
