#pragma once
/// Whole-database counts for /metrics, across every team.
#include <map>
#include <string>

#include "ctc/domain/scan.hpp"
#include "ctc/storage/connection.hpp"

namespace ctc::storage {

/// Scans per status (each status present, 0 when none).
std::map<ScanStatus, int64_t> countScansByStatus(storage::Connection& db);
/// Stored findings per severity name ("info" ... "critical").
std::map<std::string, int64_t> countFindingsBySeverity(storage::Connection& db);

}  // namespace ctc::storage
