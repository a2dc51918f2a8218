#include "ctc/service/health_service.hpp"

#include <chrono>

#include "ctc/storage/settings_repository.hpp"

namespace ctc::service {

Status HealthService::ready() {
  // A committed write, not a read: a full disk, a read-only file or a lock held elsewhere
  // only show when SQLite has to write. On a connection aside, so the probe answers within
  // kBusyTimeout even while the writer waits out a lock (its own timeout is 5 s).
  auto written = db_.writeAside(kBusyTimeout, [](storage::Connection& c) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    storage::putSetting(
        c, "readiness_probe",
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()));
  });
  if (!written) return Error::unavailable("database not writable: " + written.error().message);
  auto [alive, expected] = workersAlive_();
  if (alive < expected)
    return Error::unavailable("scan workers not running: " + std::to_string(alive) + " of " +
                              std::to_string(expected) + " alive");
  return okStatus();
}

}  // namespace ctc::service
