#include "ctc/storage/tally_repository.hpp"

#include "ctc/domain/finding.hpp"

namespace ctc::storage {

std::map<ScanStatus, int64_t> countScansByStatus(storage::Connection& db) {
  std::map<ScanStatus, int64_t> counts;
  for (auto status : {ScanStatus::Queued, ScanStatus::Running, ScanStatus::Finished,
                      ScanStatus::Stopped, ScanStatus::Failed})
    counts[status] = 0;
  SQLite::Statement q(db, "SELECT status_code, COUNT(*) FROM scans GROUP BY status_code");
  while (q.executeStep())
    counts[static_cast<ScanStatus>(q.getColumn(0).getInt())] = q.getColumn(1).getInt64();
  return counts;
}

std::map<std::string, int64_t> countFindingsBySeverity(storage::Connection& db) {
  std::map<std::string, int64_t> counts;
  for (auto severity :
       {Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    counts[std::string(toString(severity))] = 0;
  SQLite::Statement q(db, "SELECT severity, COUNT(*) FROM findings GROUP BY severity");
  while (q.executeStep()) counts[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return counts;
}

}  // namespace ctc::storage
