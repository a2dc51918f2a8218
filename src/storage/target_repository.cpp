#include "ctc/storage/target_repository.hpp"

#include "ctc/util/clock.hpp"

namespace ctc::storage {
namespace {

constexpr const char* kColumns =
    "id, team_id, title, url, type, description, swagger_url, swagger, credentials_json, "
    "created_at";

Target targetFromRow(SQLite::Statement& q) {
  Target t;
  t.id = q.getColumn(0).getInt64();
  t.teamId = q.getColumn(1).getInt64();
  t.title = q.getColumn(2).getString();
  t.url = q.getColumn(3).getString();
  t.type = parseTargetType(q.getColumn(4).getString()).value_or(TargetType::WebApp);
  t.description = q.getColumn(5).getString();
  t.swaggerUrl = q.getColumn(6).getString();
  t.swagger = q.getColumn(7).getString();
  t.credentialsJson = q.getColumn(8).getString();
  t.createdAt = q.getColumn(9).getString();
  return t;
}

}  // namespace

Target insertTarget(storage::Connection& db, Target t) {
  SQLite::Statement q(db,
                      "INSERT INTO targets(team_id, title, url, type, description, swagger_url, "
                      "swagger, credentials_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  t.createdAt = nowIso8601();
  q.bind(1, t.teamId);
  q.bind(2, t.title);
  q.bind(3, t.url);
  q.bind(4, std::string(toString(t.type)));
  q.bind(5, t.description);
  q.bind(6, t.swaggerUrl);
  q.bind(7, t.swagger);
  q.bind(8, t.credentialsJson);
  q.bind(9, t.createdAt);
  q.exec();
  t.id = db.getLastInsertRowid();
  return t;
}

std::optional<Target> findTarget(storage::Connection& db, int64_t targetId) {
  auto q = db.cached(std::string("SELECT ") + kColumns + " FROM targets WHERE id = ?");
  q->bind(1, targetId);
  if (!q->executeStep()) return std::nullopt;
  return targetFromRow(*q);
}

std::vector<Target> listTargets(storage::Connection& db, int64_t teamId) {
  SQLite::Statement q(
      db, std::string("SELECT ") + kColumns + " FROM targets WHERE team_id = ? ORDER BY id");
  q.bind(1, teamId);
  std::vector<Target> out;
  while (q.executeStep()) out.push_back(targetFromRow(q));
  return out;
}

bool deleteTarget(storage::Connection& db, int64_t targetId) {
  SQLite::Statement q(db, "DELETE FROM targets WHERE id = ?");
  q.bind(1, targetId);
  return q.exec() > 0;
}

void updateTargetInputs(storage::Connection& db, int64_t targetId,
                        const std::optional<std::string>& credentialsJson,
                        const std::optional<std::string>& swagger) {
  if (credentialsJson) {
    SQLite::Statement q(db, "UPDATE targets SET credentials_json = ? WHERE id = ?");
    q.bind(1, *credentialsJson);
    q.bind(2, targetId);
    q.exec();
  }
  if (swagger) {
    SQLite::Statement q(db, "UPDATE targets SET swagger = ? WHERE id = ?");
    q.bind(1, *swagger);
    q.bind(2, targetId);
    q.exec();
  }
}

}  // namespace ctc::storage
