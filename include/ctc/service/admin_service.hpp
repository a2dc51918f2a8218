#pragma once
/// Operations for the admin CLI and first start: no API key involved, whoever can open the
/// database file is the administrator.
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/team.hpp"
#include "ctc/service/hmac_auth.hpp"
#include "ctc/storage/credential_repository.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/storage/hmac_credential_repository.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

struct CreatedKey {
  std::string key;  ///< clear text, shown once
  std::string prefix;
  int64_t userId = 0;
};

class AdminService {
 public:
  explicit AdminService(storage::Database& db) : db_(db) {}

  /// On an empty database: team "Default", user admin@localhost as team admin, and a key.
  /// Returns the key, or nullopt when the database already had a team.
  Result<std::optional<CreatedKey>> bootstrapIfEmpty();

  Result<Team> createTeam(const std::string& name);
  /// Creates the user if new, then adds (or changes) the membership.
  Result<User> createUser(const std::string& email, int64_t teamId, const std::string& role);
  Result<CreatedKey> createKey(const std::string& email);
  Result<std::vector<storage::ApiKeyInfo>> listKeys(const std::string& email);
  /// Revokes the keys whose display prefix starts with keyPrefix (at least 8 characters).
  Result<int> revokeKeys(const std::string& keyPrefix);
  /// A Veracode-style HMAC id/key pair for a user (the key shown once, stored sealed).
  Result<NewHmacCredential> createHmacCredential(const std::string& email);
  Result<std::vector<storage::HmacCredential>> listHmacCredentials(const std::string& email);
  /// Revokes by api id; NotFound when no active credential has it.
  Status revokeHmacCredential(const std::string& apiId);
  /// A webhook secret for a target of the team (shown once).
  Result<std::string> createWebhook(int64_t teamId, int64_t targetId);

 private:
  storage::Database& db_;
};

}  // namespace ctc::service
