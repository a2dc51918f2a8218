#pragma once
/// API keys and webhook secrets: stored as (display prefix, hash); the clear text never is.
#include <optional>
#include <string>
#include <vector>

#include "ctc/storage/connection.hpp"

namespace ctc::storage {

struct StoredCredential {
  int64_t id = 0;
  int64_t ownerId = 0;  ///< user id for API keys, target id for webhooks
  std::string hash;
};

enum class CredentialTable { ApiKeys, Webhooks };

/// Unrevoked credentials of the table with this prefix (usually one).
std::vector<StoredCredential> findActiveCredentials(storage::Connection& db, CredentialTable table,
                                                    const std::string& prefix);
/// Stores a credential's hash under the current scheme (see matchCredential in secrets.hpp).
void replaceCredentialHash(storage::Connection& db, CredentialTable table, int64_t id,
                           const std::string& hash);

struct ApiKeyInfo {
  int64_t id = 0;
  std::string prefix;
  std::string createdAt;
  std::optional<std::string> lastUsedAt;
  std::optional<std::string> revokedAt;
};

int64_t insertApiKey(storage::Connection& db, int64_t userId, const std::string& prefix,
                     const std::string& hash);
void touchApiKey(storage::Connection& db, int64_t keyId, const std::string& now);
std::vector<ApiKeyInfo> listApiKeys(storage::Connection& db, int64_t userId);
/// Revokes every unrevoked key whose prefix starts with `prefix`; returns how many.
int revokeApiKeys(storage::Connection& db, const std::string& prefix, const std::string& now);

int64_t insertWebhook(storage::Connection& db, int64_t targetId, const std::string& prefix,
                      const std::string& hash);
/// Revokes every active secret of the target; returns how many.
int revokeWebhooks(storage::Connection& db, int64_t targetId, const std::string& now);

}  // namespace ctc::storage
