#pragma once
/// What each check took in a scan (table `check_times`), for the report's JUnit times.
#include <cstdint>
#include <string>
#include <vector>

#include "ctc/storage/connection.hpp"

namespace ctc::storage {

struct CheckTimeRow {
  std::string key;  ///< a check id, or a family for time its checks share
  double seconds = 0;
  int64_t requests = 0;
};

/// Replaces the scan's rows (a scan run again after a restart keeps only its last run's).
void putCheckTimes(storage::Connection& db, int64_t scanId, const std::vector<CheckTimeRow>& rows);
std::vector<CheckTimeRow> listCheckTimes(storage::Connection& db, int64_t scanId);

}  // namespace ctc::storage
