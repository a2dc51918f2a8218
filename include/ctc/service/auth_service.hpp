#pragma once
/// Authentication (API key -> user) and authorisation (user x team -> role).
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ctc/domain/team.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

struct Principal {
  int64_t userId = 0;
  int64_t keyId = 0;
};

class AuthService {
 public:
  explicit AuthService(storage::Database& db) : db_(db) {}

  /// The key's user. Unauthorized when the key is missing, unknown or revoked.
  /// Thread-safe.
  Result<Principal> authenticate(const std::optional<std::string>& apiKey);

  /// The caller's role in the team if it is at least `minimum`. A team the caller does not
  /// belong to is NotFound (same answer as a team that does not exist, so ids do not leak);
  /// a role below `minimum` is Forbidden.
  Result<Role> authorize(const Principal& who, int64_t teamId, Role minimum);
  /// The same on a connection the caller already holds (one read for check and data).
  static Result<Role> authorizeOn(storage::Connection& db, const Principal& who, int64_t teamId,
                                  Role minimum);

 private:
  void noteKeyUse(int64_t keyId);

  storage::Database& db_;
  std::mutex touchMutex_;
  std::unordered_map<int64_t, std::chrono::steady_clock::time_point> lastTouched_;
};

}  // namespace ctc::service
