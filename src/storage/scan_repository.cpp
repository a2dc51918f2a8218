#include "ctc/storage/scan_repository.hpp"

#include <sqlite3.h>

#include "column_helpers.hpp"
#include "ctc/util/clock.hpp"

namespace ctc::storage {
namespace {

constexpr const char* kSelect =
    "SELECT s.id, s.target_id, t.team_id, s.status_code, s.progress, s.created_at, "
    "s.started_at, s.finished_at, s.message, s.attempts, s.requests_sent, s.pages_crawled "
    "FROM scans s JOIN targets t ON t.id = s.target_id ";

Scan scanFromRow(SQLite::Statement& q) {
  Scan s;
  s.id = q.getColumn(0).getInt64();
  s.targetId = q.getColumn(1).getInt64();
  s.teamId = q.getColumn(2).getInt64();
  s.status = static_cast<ScanStatus>(q.getColumn(3).getInt());
  s.progress = q.getColumn(4).getInt();
  s.createdAt = q.getColumn(5).getString();
  s.startedAt = optionalText(q.getColumn(6));
  s.finishedAt = optionalText(q.getColumn(7));
  s.message = optionalText(q.getColumn(8));
  s.attempts = q.getColumn(9).getInt();
  s.requestsSent = q.getColumn(10).getInt64();
  s.pagesCrawled = q.getColumn(11).getInt64();
  return s;
}

std::optional<Scan> selectOne(storage::Connection& db, const std::string& where, int64_t id) {
  auto q = db.cached(kSelect + where);
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  return scanFromRow(*q);
}

}  // namespace

std::optional<int64_t> insertQueuedScan(storage::Connection& db, int64_t targetId) {
  SQLite::Statement q(db,
                      "INSERT INTO scans(target_id, status_code, created_at) VALUES (?, 100, ?) "
                      "ON CONFLICT DO NOTHING");
  q.bind(1, targetId);
  q.bind(2, nowIso8601());
  if (q.exec() == 0) return std::nullopt;
  return db.getLastInsertRowid();
}

std::optional<Scan> findActiveScan(storage::Connection& db, int64_t targetId) {
  return selectOne(db, "WHERE s.target_id = ? AND s.status_code IN (100, 101)", targetId);
}

std::optional<Scan> findScan(storage::Connection& db, int64_t scanId) {
  return selectOne(db, "WHERE s.id = ?", scanId);
}

std::vector<Scan> listScans(storage::Connection& db, int64_t targetId) {
  SQLite::Statement q(db, std::string(kSelect) + "WHERE s.target_id = ? ORDER BY s.id DESC");
  q.bind(1, targetId);
  std::vector<Scan> out;
  while (q.executeStep()) out.push_back(scanFromRow(q));
  return out;
}

std::optional<int64_t> previousFinishedScan(storage::Connection& db, int64_t targetId,
                                            int64_t beforeScanId) {
  SQLite::Statement q(db,
                      "SELECT id FROM scans WHERE target_id = ? AND id < ? AND status_code = 200 "
                      "ORDER BY id DESC LIMIT 1");
  q.bind(1, targetId);
  q.bind(2, beforeScanId);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::optional<Scan> claimNextQueuedScan(storage::Connection& db, int maxRunningPerTeam) {
  SQLite::Statement q(db,
                      "UPDATE scans SET status_code = 101, started_at = ?, attempts = attempts + 1 "
                      "WHERE id = (SELECT s.id FROM scans s JOIN targets t ON t.id = s.target_id "
                      "WHERE s.status_code = 100 AND (SELECT COUNT(*) FROM scans r "
                      "JOIN targets rt ON rt.id = r.target_id WHERE r.status_code = 101 "
                      "AND rt.team_id = t.team_id) < ? ORDER BY s.id LIMIT 1) RETURNING id");
  q.bind(1, nowIso8601());
  q.bind(2, maxRunningPerTeam);
  if (!q.executeStep()) return std::nullopt;
  int64_t id = q.getColumn(0).getInt64();
  q.reset();
  return findScan(db, id);
}

void updateScanProgress(storage::Connection& db, int64_t scanId, int progress, int64_t requests,
                        int64_t pages) {
  SQLite::Statement q(db,
                      "UPDATE scans SET progress = CASE WHEN ?1 < 0 THEN progress ELSE ?1 END, "
                      "requests_sent = ?2, pages_crawled = ?3 WHERE id = ?4 AND status_code = 101");
  q.bind(1, progress);
  q.bind(2, requests);
  q.bind(3, pages);
  q.bind(4, scanId);
  q.exec();
}

bool finishScan(storage::Connection& db, int64_t scanId, ScanStatus status,
                const std::optional<std::string>& message) {
  SQLite::Statement q(db,
                      "UPDATE scans SET status_code = ?, finished_at = ?, message = ?, "
                      "progress = CASE WHEN ? = 200 THEN 100 ELSE progress END "
                      "WHERE id = ? AND status_code = 101");
  q.bind(1, static_cast<int>(status));
  q.bind(2, nowIso8601());
  if (message)
    q.bind(3, *message);
  else
    q.bind(3);
  q.bind(4, static_cast<int>(status));
  q.bind(5, scanId);
  return q.exec() > 0;
}

bool stopScan(storage::Connection& db, int64_t scanId) {
  SQLite::Statement q(db,
                      "UPDATE scans SET status_code = 300, finished_at = ?, "
                      "message = 'stopped by a user' WHERE id = ? AND status_code IN (100, 101)");
  q.bind(1, nowIso8601());
  q.bind(2, scanId);
  return q.exec() > 0;
}

RecoveryCounts recoverInterruptedScans(storage::Connection& db, int maxAttempts) {
  RecoveryCounts counts;
  {
    SQLite::Statement q(db,
                        "UPDATE scans SET status_code = 400, finished_at = ?, message = "
                        "'scan interrupted ' || attempts || ' times by server restarts; giving up' "
                        "WHERE status_code = 101 AND attempts >= ?");
    q.bind(1, nowIso8601());
    q.bind(2, maxAttempts);
    counts.failed = q.exec();
  }
  {
    SQLite::Statement q(db, "UPDATE scans SET status_code = 100 WHERE status_code = 101");
    counts.requeued = q.exec();
  }
  return counts;
}

}  // namespace ctc::storage

namespace ctc::storage {

bool requeueScan(storage::Connection& db, int64_t scanId) {
  SQLite::Statement q(db,
                      "UPDATE scans SET status_code = 100, attempts = max(attempts - 1, 0) "
                      "WHERE id = ? AND status_code = 101");
  q.bind(1, scanId);
  return q.exec() > 0;
}

}  // namespace ctc::storage
