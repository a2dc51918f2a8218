#include "ctc/storage/credential_repository.hpp"

#include "column_helpers.hpp"
#include "ctc/util/clock.hpp"

namespace ctc::storage {
namespace {

std::vector<StoredCredential> findActive(storage::Connection& db, const char* sql,
                                         const std::string& prefix) {
  auto q = db.cached(sql);
  q->bind(1, prefix);
  std::vector<StoredCredential> out;
  while (q->executeStep()) {
    const SQLite::Column hash = q->getColumn(2);
    out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(),
                   std::string(static_cast<const char*>(hash.getBlob()),
                               static_cast<std::size_t>(hash.getBytes()))});
  }
  return out;
}

int64_t insertCredential(storage::Connection& db, const char* sql, int64_t ownerId,
                         const std::string& prefix, const std::string& hash) {
  SQLite::Statement q(db, sql);
  q.bind(1, ownerId);
  q.bind(2, prefix);
  q.bind(3, hash.data(), static_cast<int>(hash.size()));
  q.bind(4, nowIso8601());
  q.exec();
  return db.getLastInsertRowid();
}

}  // namespace

int64_t insertApiKey(storage::Connection& db, int64_t userId, const std::string& prefix,
                     const std::string& hash) {
  return insertCredential(
      db, "INSERT INTO api_keys(user_id, prefix, hash, created_at) VALUES (?, ?, ?, ?)", userId,
      prefix, hash);
}

std::vector<StoredCredential> findActiveCredentials(storage::Connection& db, CredentialTable table,
                                                    const std::string& prefix) {
  return findActive(db,
                    table == CredentialTable::ApiKeys
                        ? "SELECT id, user_id, hash FROM api_keys WHERE prefix = ? AND "
                          "revoked_at IS NULL"
                        : "SELECT id, target_id, hash FROM webhooks WHERE prefix = ? AND "
                          "revoked_at IS NULL",
                    prefix);
}

void replaceCredentialHash(storage::Connection& db, CredentialTable table, int64_t id,
                           const std::string& hash) {
  SQLite::Statement q(db, table == CredentialTable::ApiKeys
                              ? "UPDATE api_keys SET hash = ? WHERE id = ?"
                              : "UPDATE webhooks SET hash = ? WHERE id = ?");
  q.bind(1, hash.data(), static_cast<int>(hash.size()));
  q.bind(2, id);
  q.exec();
}

void touchApiKey(storage::Connection& db, int64_t keyId, const std::string& now) {
  SQLite::Statement q(db, "UPDATE api_keys SET last_used_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, keyId);
  q.exec();
}

std::vector<ApiKeyInfo> listApiKeys(storage::Connection& db, int64_t userId) {
  SQLite::Statement q(db,
                      "SELECT id, prefix, created_at, last_used_at, revoked_at FROM api_keys "
                      "WHERE user_id = ? ORDER BY id");
  q.bind(1, userId);
  std::vector<ApiKeyInfo> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), optionalText(q.getColumn(3)),
                   optionalText(q.getColumn(4))});
  }
  return out;
}

int revokeApiKeys(storage::Connection& db, const std::string& prefix, const std::string& now) {
  SQLite::Statement q(db,
                      "UPDATE api_keys SET revoked_at = ? WHERE revoked_at IS NULL "
                      "AND substr(prefix, 1, length(?2)) = ?2");
  q.bind(1, now);
  q.bind(2, prefix);
  return q.exec();
}

int64_t insertWebhook(storage::Connection& db, int64_t targetId, const std::string& prefix,
                      const std::string& hash) {
  return insertCredential(
      db, "INSERT INTO webhooks(target_id, prefix, hash, created_at) VALUES (?, ?, ?, ?)", targetId,
      prefix, hash);
}

int revokeWebhooks(storage::Connection& db, int64_t targetId, const std::string& now) {
  SQLite::Statement q(
      db, "UPDATE webhooks SET revoked_at = ? WHERE target_id = ? AND revoked_at IS NULL");
  q.bind(1, now);
  q.bind(2, targetId);
  return q.exec();
}

}  // namespace ctc::storage
