#pragma once
/// Readiness: whether this process can do its work now, for /readyz (load balancers,
/// orchestrators). Thread-safe.
#include <chrono>
#include <functional>

#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

class HealthService {
 public:
  /// workersAlive: how many scan workers run, against how many should.
  HealthService(storage::Database& db, std::function<std::pair<int, int>()> workersAlive)
      : db_(db), workersAlive_(std::move(workersAlive)) {}

  /// Ok when a write to the database commits within kBusyTimeout and every scan worker runs;
  /// else Unavailable saying which failed.
  Status ready();

  static constexpr std::chrono::milliseconds kBusyTimeout{1000};

 private:
  storage::Database& db_;
  std::function<std::pair<int, int>()> workersAlive_;
};

}  // namespace ctc::service
