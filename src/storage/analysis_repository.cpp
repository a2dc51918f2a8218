#include "ctc/storage/analysis_repository.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace ctc::storage {
namespace {

constexpr const char* kSelect =
    "SELECT id, team_id, name, start_at, duration_seconds, started, created_at, modified_at "
    "FROM analyses ";

AnalysisRow fromRow(SQLite::Statement& q) {
  AnalysisRow a;
  a.id = q.getColumn(0).getInt64();
  a.teamId = q.getColumn(1).getInt64();
  a.name = q.getColumn(2).getString();
  if (!q.getColumn(3).isNull()) a.startAt = q.getColumn(3).getInt64();
  a.durationSeconds = q.getColumn(4).getInt64();
  a.started = q.getColumn(5).getInt() != 0;
  a.createdAt = q.getColumn(6).getString();
  a.modifiedAt = q.getColumn(7).getString();
  return a;
}

std::vector<AnalysisRow> all(SQLite::Statement& q) {
  std::vector<AnalysisRow> out;
  while (q.executeStep()) out.push_back(fromRow(q));
  return out;
}

}  // namespace

std::optional<AnalysisRow> insertAnalysis(Connection& db, AnalysisRow row) {
  SQLite::Statement q(db,
                      "INSERT OR IGNORE INTO analyses (team_id, name, start_at, duration_seconds, "
                      "started, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, row.teamId);
  q.bind(2, row.name);
  if (row.startAt)
    q.bind(3, *row.startAt);
  else
    q.bind(3);
  q.bind(4, row.durationSeconds);
  q.bind(5, row.started ? 1 : 0);
  q.bind(6, row.createdAt);
  q.bind(7, row.modifiedAt);
  if (q.exec() == 0) return std::nullopt;
  row.id = db.getLastInsertRowid();
  return row;
}

std::optional<AnalysisRow> findAnalysis(Connection& db, int64_t id) {
  SQLite::Statement q(db, std::string(kSelect) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return fromRow(q);
}

std::vector<AnalysisRow> listAnalyses(Connection& db, int64_t teamId,
                                      const std::optional<std::string>& name) {
  SQLite::Statement q(
      db, std::string(kSelect) + "WHERE team_id = ? AND (? IS NULL OR name = ?) " + "ORDER BY id");
  q.bind(1, teamId);
  if (name) {
    q.bind(2, *name);
    q.bind(3, *name);
  }
  return all(q);
}

void addAnalysisTarget(Connection& db, int64_t analysisId, int64_t targetId) {
  SQLite::Statement q(db, "INSERT OR IGNORE INTO analysis_targets VALUES (?, ?)");
  q.bind(1, analysisId);
  q.bind(2, targetId);
  q.exec();
}

std::vector<int64_t> analysisTargets(Connection& db, int64_t analysisId) {
  SQLite::Statement q(
      db, "SELECT target_id FROM analysis_targets WHERE analysis_id = ? ORDER BY target_id");
  q.bind(1, analysisId);
  std::vector<int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

void markAnalysisStarted(Connection& db, int64_t analysisId, const std::string& at) {
  SQLite::Statement q(db, "UPDATE analyses SET started = 1, modified_at = ? WHERE id = ?");
  q.bind(1, at);
  q.bind(2, analysisId);
  q.exec();
}

void touchAnalysis(Connection& db, int64_t analysisId, const std::string& at) {
  SQLite::Statement q(db, "UPDATE analyses SET modified_at = ? WHERE id = ?");
  q.bind(1, at);
  q.bind(2, analysisId);
  q.exec();
}

bool deleteAnalysis(Connection& db, int64_t analysisId) {
  SQLite::Statement q(db, "DELETE FROM analyses WHERE id = ?");
  q.bind(1, analysisId);
  return q.exec() > 0;
}

std::vector<AnalysisRow> dueAnalyses(Connection& db, int64_t now) {
  SQLite::Statement q(db, std::string(kSelect) +
                              "WHERE started = 0 AND start_at IS NOT NULL AND start_at <= ? "
                              "ORDER BY start_at");
  q.bind(1, now);
  return all(q);
}

std::optional<ApiDocument> insertApiDocument(Connection& db, ApiDocument doc) {
  SQLite::Statement q(db,
                      "INSERT OR IGNORE INTO api_documents (team_id, name, file_name, document, "
                      "operations, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, doc.teamId);
  q.bind(2, doc.name);
  q.bind(3, doc.fileName);
  q.bind(4, doc.document);
  q.bind(5, doc.operations);
  q.bind(6, doc.createdAt);
  q.bind(7, doc.modifiedAt);
  if (q.exec() == 0) return std::nullopt;
  doc.id = db.getLastInsertRowid();
  return doc;
}

namespace {

ApiDocument documentFromRow(SQLite::Statement& q) {
  ApiDocument d;
  d.id = q.getColumn(0).getInt64();
  d.teamId = q.getColumn(1).getInt64();
  d.name = q.getColumn(2).getString();
  d.fileName = q.getColumn(3).getString();
  d.document = q.getColumn(4).getString();
  d.operations = q.getColumn(5).getInt();
  d.createdAt = q.getColumn(6).getString();
  d.modifiedAt = q.getColumn(7).getString();
  return d;
}

}  // namespace

std::optional<ApiDocument> findApiDocument(Connection& db, int64_t id) {
  SQLite::Statement q(db,
                      "SELECT id, team_id, name, file_name, document, operations, created_at, "
                      "modified_at FROM api_documents WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return documentFromRow(q);
}

std::vector<ApiDocument> listApiDocuments(Connection& db, int64_t teamId,
                                          const std::optional<std::string>& name) {
  SQLite::Statement q(
      db,
      "SELECT id, team_id, name, file_name, '', operations, created_at, "
      "modified_at FROM api_documents WHERE team_id = ? AND (? IS NULL OR name = ?) "
      "ORDER BY id");
  q.bind(1, teamId);
  if (name) {
    q.bind(2, *name);
    q.bind(3, *name);
  }
  std::vector<ApiDocument> out;
  while (q.executeStep()) out.push_back(documentFromRow(q));
  return out;
}

}  // namespace ctc::storage
