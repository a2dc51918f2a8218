#include "ctc/storage/report_artifact_repository.hpp"

#include "ctc/util/clock.hpp"

namespace ctc::storage {

void putReportArtifact(storage::Connection& db, int64_t scanId, const std::string& format,
                       const ReportArtifact& artifact) {
  SQLite::Statement q(
      db,
      "INSERT INTO report_artifacts(scan_id, format, content_type, body, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT(scan_id, format) DO UPDATE SET "
      "content_type = excluded.content_type, body = excluded.body, "
      "created_at = excluded.created_at");
  q.bind(1, scanId);
  q.bind(2, format);
  q.bind(3, artifact.contentType);
  q.bind(4, artifact.body.data(), static_cast<int>(artifact.body.size()));
  q.bind(5, nowIso8601());
  q.exec();
}

std::optional<ReportArtifact> findReportArtifact(storage::Connection& db, int64_t scanId,
                                                 const std::string& format) {
  SQLite::Statement q(
      db, "SELECT content_type, body FROM report_artifacts WHERE scan_id = ? AND format = ?");
  q.bind(1, scanId);
  q.bind(2, format);
  if (!q.executeStep()) return std::nullopt;
  auto body = q.getColumn(1);
  std::string bytes;
  if (body.getBytes() > 0)
    bytes.assign(static_cast<const char*>(body.getBlob()),
                 static_cast<std::size_t>(body.getBytes()));
  return ReportArtifact{q.getColumn(0).getString(), std::move(bytes)};
}

}  // namespace ctc::storage
