#pragma once
/// Scans and their status codes (contract section 3).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ctc {

/// Wire status codes. Clients poll `while status_code <= 101`, so every final code is > 101.
enum class ScanStatus : int {
  Queued = 100,
  Running = 101,
  Finished = 200,
  Stopped = 300,
  Failed = 400
};

/// "queued", "running", "finished", "stopped", "failed".
std::string_view toString(ScanStatus status);
bool isFinal(ScanStatus status);

struct Scan {
  int64_t id = 0;
  int64_t targetId = 0;
  int64_t teamId = 0;
  ScanStatus status = ScanStatus::Queued;
  int progress = 0;       ///< 0..100
  std::string createdAt;  ///< ISO-8601 UTC
  std::optional<std::string> startedAt;
  std::optional<std::string> finishedAt;
  std::optional<std::string> message;  ///< why it failed or stopped
  int attempts = 0;
  int64_t requestsSent = 0;
  int64_t pagesCrawled = 0;
};

}  // namespace ctc
