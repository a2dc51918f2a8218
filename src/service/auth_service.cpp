#include "ctc/service/auth_service.hpp"

#include "ctc/service/credentials.hpp"
#include "ctc/storage/credential_repository.hpp"
#include "ctc/storage/team_repository.hpp"
#include "ctc/util/clock.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::service {
namespace {

// last_used_at is informational; writing it on every request would make each read a write.
constexpr auto kTouchInterval = std::chrono::seconds(60);

}  // namespace

Result<Principal> AuthService::authenticate(const std::optional<std::string>& apiKey) {
  if (!apiKey || apiKey->empty())
    return Error::unauthorized(
        "missing API key: send it as header 'API_KEY: <key>' or query parameter ?api_key=<key>");
  if (apiKey->size() > 256) return Error::unauthorized("invalid API key");
  std::string hash = hashCredential(*apiKey);
  auto found = keys_.get(hash, [&]() -> Result<Principal> {
    auto key = findCredential(db_, storage::CredentialTable::ApiKeys, *apiKey, hash);
    if (!key) return key.error();
    if (!*key) return Error::unauthorized("invalid or revoked API key");
    return Principal{(*key)->ownerId, (*key)->id};
  });
  if (!found) return found.error();
  noteKeyUse(found->keyId);
  return *found;
}

void AuthService::noteKeyUse(int64_t keyId) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(touchMutex_);
    auto it = lastTouched_.find(keyId);
    if (it != lastTouched_.end() && now - it->second < kTouchInterval) return;
    lastTouched_[keyId] = now;
  }
  (void)db_.write([&](storage::Connection& db) -> Status {
    storage::touchApiKey(db, keyId, nowIso8601());
    return okStatus();
  });
}

Result<Role> AuthService::authorize(const Principal& who, int64_t teamId, Role minimum) {
  auto role = roles_.get({who.userId, teamId}, [&] {
    return db_.read([&](storage::Connection& db) -> Result<Role> {
      auto role = storage::findMembershipRole(db, who.userId, teamId);
      if (!role) return Error::notFound("team " + std::to_string(teamId) + " not found");
      return *role;
    });
  });
  if (!role) return role;
  if (static_cast<int>(*role) < static_cast<int>(minimum))
    return Error::forbidden("your role '" + std::string(toString(*role)) +
                            "' may not do this; it needs '" + std::string(toString(minimum)) +
                            "' or higher");
  return role;
}

}  // namespace ctc::service
