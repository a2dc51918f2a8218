#pragma once
/// Authentication (API key -> user) and authorisation (user x team -> role). Both answers are
/// cached (storage::ReadCache): status polls are the hot path and would otherwise spend most of
/// their time in SQLite. Changes made through this process apply at once, changes by the admin
/// CLI within `cacheTtl`.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ctc/domain/team.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/storage/read_cache.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

struct Principal {
  int64_t userId = 0;
  int64_t keyId = 0;
};

class AuthService {
 public:
  explicit AuthService(storage::Database& db,
                       std::chrono::milliseconds cacheTtl = std::chrono::milliseconds(1000))
      : db_(db), keys_(db, cacheTtl), roles_(db, cacheTtl) {}

  /// The key's user. Unauthorized when the key is missing, unknown or revoked.
  /// Thread-safe.
  Result<Principal> authenticate(const std::optional<std::string>& apiKey);

  /// The caller's role in the team if it is at least `minimum`. A team the caller does not
  /// belong to is NotFound (same answer as a team that does not exist, so ids do not leak);
  /// a role below `minimum` is Forbidden.
  Result<Role> authorize(const Principal& who, int64_t teamId, Role minimum);

 private:
  void noteKeyUse(int64_t keyId);

  storage::Database& db_;
  storage::ReadCache<std::string, Principal> keys_;  ///< by credential hash, never the key
  storage::ReadCache<std::pair<int64_t, int64_t>, Role> roles_;  ///< by (user, team)
  std::mutex touchMutex_;
  std::unordered_map<int64_t, std::chrono::steady_clock::time_point> lastTouched_;
};

}  // namespace ctc::service
