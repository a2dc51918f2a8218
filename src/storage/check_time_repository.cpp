#include "ctc/storage/check_time_repository.hpp"

namespace ctc::storage {

void putCheckTimes(storage::Connection& db, int64_t scanId, const std::vector<CheckTimeRow>& rows) {
  SQLite::Statement clear(db, "DELETE FROM check_times WHERE scan_id = ?");
  clear.bind(1, scanId);
  clear.exec();
  SQLite::Statement q(db,
                      "INSERT INTO check_times(scan_id, check_key, seconds, requests) "
                      "VALUES (?, ?, ?, ?)");
  for (const auto& row : rows) {
    q.bind(1, scanId);
    q.bind(2, row.key);
    q.bind(3, row.seconds);
    q.bind(4, row.requests);
    q.exec();
    q.reset();
  }
}

std::vector<CheckTimeRow> listCheckTimes(storage::Connection& db, int64_t scanId) {
  SQLite::Statement q(
      db, "SELECT check_key, seconds, requests FROM check_times WHERE scan_id = ? ORDER BY 1");
  q.bind(1, scanId);
  std::vector<CheckTimeRow> rows;
  while (q.executeStep())
    rows.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getDouble(), q.getColumn(2).getInt64()});
  return rows;
}

}  // namespace ctc::storage
