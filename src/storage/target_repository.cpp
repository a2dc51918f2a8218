#include "ctc/storage/target_repository.hpp"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "ctc/util/clock.hpp"
#include "ctc/util/secret_box.hpp"

namespace ctc::storage {
namespace {

constexpr const char* kColumns =
    "id, team_id, title, url, type, description, swagger_url, swagger, credentials_json, "
    "created_at, scan_rate, include_paths, exclude_paths, allow_destructive, api_server";

/// A path list column: NULL (or an empty list) is stored for "no patterns".
void bindPaths(SQLite::Statement& q, int index, const std::vector<std::string>& paths) {
  if (paths.empty())
    q.bind(index);
  else
    q.bind(index,
           nlohmann::json(paths).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void bindRate(SQLite::Statement& q, int index, const std::optional<double>& rate) {
  if (rate)
    q.bind(index, *rate);
  else
    q.bind(index);
}

std::vector<std::string> pathsFromColumn(const SQLite::Column& c, int64_t targetId) {
  if (c.isNull()) return {};
  auto parsed = nlohmann::json::parse(c.getString(), nullptr, false);
  std::vector<std::string> out;
  bool ok = parsed.is_array();
  if (ok) {
    for (const auto& item : parsed) {
      if (!item.is_string()) {
        ok = false;
        break;
      }
      out.push_back(item.get<std::string>());
    }
  }
  // Never scan with half-read exclusions: a bad column fails the read (500, logged).
  if (!ok)
    throw SQLite::Exception("targets." + std::string(c.getName()) + " of target " +
                                std::to_string(targetId) + " is not a JSON array of strings",
                            SQLITE_CORRUPT);
  return out;
}

/// credentials_json is stored sealed (ctc/util/secret_box.hpp); a value that does not open fails
/// the read (500, logged) rather than scanning as if the project had no credentials.
std::string credentialsFromColumn(const SQLite::Column& c, int64_t targetId) {
  auto opened = secretsBox().open(c.getString());
  if (!opened)
    throw SQLite::Exception("targets.credentials_json of target " + std::to_string(targetId) +
                                ": " + opened.error().message,
                            SQLITE_CORRUPT);
  return std::move(*opened);
}

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
  t.credentialsJson = credentialsFromColumn(q.getColumn(8), t.id);
  t.createdAt = q.getColumn(9).getString();
  if (!q.getColumn(10).isNull()) t.scanSettings.requestsPerSecond = q.getColumn(10).getDouble();
  t.scanSettings.includePaths = pathsFromColumn(q.getColumn(11), t.id);
  t.scanSettings.excludePaths = pathsFromColumn(q.getColumn(12), t.id);
  t.scanSettings.allowDestructiveMethods = q.getColumn(13).getInt() != 0;
  t.scanSettings.server = q.getColumn(14).getString();
  return t;
}

}  // namespace

Target insertTarget(storage::Connection& db, Target t) {
  SQLite::Statement q(db,
                      "INSERT INTO targets(team_id, title, url, type, description, swagger_url, "
                      "swagger, credentials_json, created_at, scan_rate, include_paths, "
                      "exclude_paths, allow_destructive, api_server) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  t.createdAt = nowIso8601();
  q.bind(1, t.teamId);
  q.bind(2, t.title);
  q.bind(3, t.url);
  q.bind(4, std::string(toString(t.type)));
  q.bind(5, t.description);
  q.bind(6, t.swaggerUrl);
  q.bind(7, t.swagger);
  q.bind(8, secretsBox().seal(t.credentialsJson));
  q.bind(9, t.createdAt);
  bindRate(q, 10, t.scanSettings.requestsPerSecond);
  bindPaths(q, 11, t.scanSettings.includePaths);
  bindPaths(q, 12, t.scanSettings.excludePaths);
  q.bind(13, t.scanSettings.allowDestructiveMethods ? 1 : 0);
  q.bind(14, t.scanSettings.server);
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

bool updateScanSettings(storage::Connection& db, int64_t targetId, const ScanSettings& settings) {
  SQLite::Statement q(db,
                      "UPDATE targets SET scan_rate = ?, include_paths = ?, exclude_paths = ?, "
                      "allow_destructive = ?, api_server = ? WHERE id = ?");
  bindRate(q, 1, settings.requestsPerSecond);
  bindPaths(q, 2, settings.includePaths);
  bindPaths(q, 3, settings.excludePaths);
  q.bind(4, settings.allowDestructiveMethods ? 1 : 0);
  q.bind(5, settings.server);
  q.bind(6, targetId);
  return q.exec() > 0;
}

void updateTargetInputs(storage::Connection& db, int64_t targetId,
                        const std::optional<std::string>& credentialsJson,
                        const std::optional<std::string>& swagger) {
  if (credentialsJson) {
    SQLite::Statement q(db, "UPDATE targets SET credentials_json = ? WHERE id = ?");
    q.bind(1, secretsBox().seal(*credentialsJson));
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

int sealPlaintextCredentials(storage::Connection& db) {
  std::vector<std::pair<int64_t, std::string>> plain;
  {
    SQLite::Statement q(db,
                        "SELECT id, credentials_json FROM targets WHERE credentials_json <> '' "
                        "AND substr(credentials_json, 1, ?) <> ?");
    q.bind(1, static_cast<int>(kSealedPrefix.size()));
    q.bind(2, std::string(kSealedPrefix));
    while (q.executeStep())
      plain.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString());
  }
  SQLite::Statement update(db, "UPDATE targets SET credentials_json = ? WHERE id = ?");
  for (const auto& row : plain) {
    update.bind(1, secretsBox().seal(row.second));
    update.bind(2, row.first);
    update.exec();
    update.reset();
  }
  return static_cast<int>(plain.size());
}

}  // namespace ctc::storage
