#include "ctc/storage/hmac_credential_repository.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace ctc::storage {
namespace {

constexpr const char* kSelect =
    "SELECT id, user_id, api_id, secret_sealed, created_at, revoked_at FROM hmac_credentials ";

HmacCredential fromRow(SQLite::Statement& q) {
  HmacCredential c;
  c.id = q.getColumn(0).getInt64();
  c.userId = q.getColumn(1).getInt64();
  c.apiId = q.getColumn(2).getString();
  c.secretSealed = q.getColumn(3).getString();
  c.createdAt = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) c.revokedAt = q.getColumn(5).getString();
  return c;
}

}  // namespace

HmacCredential insertHmacCredential(Connection& db, int64_t userId, const std::string& apiId,
                                    const std::string& secretSealed, const std::string& createdAt) {
  SQLite::Statement q(db,
                      "INSERT INTO hmac_credentials (user_id, api_id, secret_sealed, created_at) "
                      "VALUES (?, ?, ?, ?)");
  q.bind(1, userId);
  q.bind(2, apiId);
  q.bind(3, secretSealed);
  q.bind(4, createdAt);
  q.exec();
  return {db.getLastInsertRowid(), userId, apiId, secretSealed, createdAt, std::nullopt};
}

std::optional<HmacCredential> findActiveHmacCredential(Connection& db, const std::string& apiId) {
  SQLite::Statement q(db, std::string(kSelect) + "WHERE api_id = ? AND revoked_at IS NULL");
  q.bind(1, apiId);
  if (!q.executeStep()) return std::nullopt;
  return fromRow(q);
}

std::vector<HmacCredential> listHmacCredentials(Connection& db, int64_t userId) {
  SQLite::Statement q(db, std::string(kSelect) + "WHERE user_id = ? ORDER BY id");
  q.bind(1, userId);
  std::vector<HmacCredential> out;
  while (q.executeStep()) out.push_back(fromRow(q));
  return out;
}

bool revokeHmacCredential(Connection& db, const std::string& apiId, const std::string& at) {
  SQLite::Statement q(
      db, "UPDATE hmac_credentials SET revoked_at = ? WHERE api_id = ? AND revoked_at IS NULL");
  q.bind(1, at);
  q.bind(2, apiId);
  return q.exec() > 0;
}

bool rememberNonce(Connection& db, int64_t credentialId, const std::string& nonce, int64_t now,
                   int64_t forgetBefore) {
  SQLite::Statement forget(db, "DELETE FROM hmac_nonces WHERE seen_at < ?");
  forget.bind(1, forgetBefore);
  forget.exec();
  SQLite::Statement q(
      db, "INSERT OR IGNORE INTO hmac_nonces (credential_id, nonce, seen_at) VALUES (?, ?, ?)");
  q.bind(1, credentialId);
  q.bind(2, nonce);
  q.bind(3, now);
  return q.exec() > 0;
}

}  // namespace ctc::storage
