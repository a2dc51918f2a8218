#include "ctc/service/admin_service.hpp"

#include "ctc/service/target_service.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/storage/team_repository.hpp"
#include "ctc/util/clock.hpp"
#include "ctc/util/secret_box.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::service {
namespace {

constexpr const char* kBootstrapEmail = "admin@localhost";

CreatedKey insertKey(storage::Connection& db, int64_t userId) {
  CreatedKey k{generateApiKey(), {}, userId};
  k.prefix = credentialPrefix(k.key);
  storage::insertApiKey(db, userId, k.prefix, hashCredential(k.key));
  return k;
}

bool plausibleEmail(const std::string& email) {
  auto at = email.find('@');
  return at != std::string::npos && at > 0 && at + 1 < email.size() && email.size() <= 254 &&
         email.find_first_of(" \t\r\n") == std::string::npos;
}

}  // namespace

Result<std::optional<CreatedKey>> AdminService::bootstrapIfEmpty() {
  return db_.write([&](storage::Connection& db) -> Result<std::optional<CreatedKey>> {
    if (storage::countTeams(db) > 0) return std::optional<CreatedKey>();
    Team team = storage::insertTeam(db, "Default");
    auto user = storage::findUserByEmail(db, kBootstrapEmail);
    if (!user) user = storage::insertUser(db, kBootstrapEmail);
    storage::upsertMembership(db, user->id, team.id, Role::TeamAdmin);
    return std::optional<CreatedKey>(insertKey(db, user->id));
  });
}

Result<Team> AdminService::createTeam(const std::string& name) {
  if (name.empty() || name.size() > 200) return Error::field("name", "must be 1-200 characters");
  return db_.write(
      [&](storage::Connection& db) -> Result<Team> { return storage::insertTeam(db, name); });
}

Result<User> AdminService::createUser(const std::string& email, int64_t teamId,
                                      const std::string& roleName) {
  if (!plausibleEmail(email)) return Error::field("email", "is not an e-mail address");
  auto role = parseRole(roleName);
  if (!role) return Error::field("role", "must be team_admin, security_engineer or viewer");
  return db_.write([&](storage::Connection& db) -> Result<User> {
    if (!storage::findTeam(db, teamId))
      return Error::notFound("team " + std::to_string(teamId) + " not found");
    auto user = storage::findUserByEmail(db, email);
    if (!user) user = storage::insertUser(db, email);
    storage::upsertMembership(db, user->id, teamId, *role);
    return *user;
  });
}

Result<CreatedKey> AdminService::createKey(const std::string& email) {
  return db_.write([&](storage::Connection& db) -> Result<CreatedKey> {
    auto user = storage::findUserByEmail(db, email);
    if (!user) return Error::notFound("no user " + email + "; create it with 'user create'");
    return insertKey(db, user->id);
  });
}

Result<std::vector<storage::ApiKeyInfo>> AdminService::listKeys(const std::string& email) {
  return db_.read([&](storage::Connection& db) -> Result<std::vector<storage::ApiKeyInfo>> {
    auto user = storage::findUserByEmail(db, email);
    if (!user) return Error::notFound("no user " + email);
    return storage::listApiKeys(db, user->id);
  });
}

Result<NewHmacCredential> AdminService::createHmacCredential(const std::string& email) {
  return db_.write([&](storage::Connection& db) -> Result<NewHmacCredential> {
    auto user = storage::findUserByEmail(db, email);
    if (!user) return Error::notFound("no user " + email + "; create it with 'user create'");
    NewHmacCredential pair = generateHmacCredential();
    storage::insertHmacCredential(db, user->id, pair.apiId, secretsBox().seal(pair.apiKey),
                                  nowIso8601());
    return pair;
  });
}

Result<std::vector<storage::HmacCredential>> AdminService::listHmacCredentials(
    const std::string& email) {
  return db_.read([&](storage::Connection& db) -> Result<std::vector<storage::HmacCredential>> {
    auto user = storage::findUserByEmail(db, email);
    if (!user) return Error::notFound("no user " + email);
    return storage::listHmacCredentials(db, user->id);
  });
}

Status AdminService::revokeHmacCredential(const std::string& apiId) {
  auto revoked = db_.write([&](storage::Connection& db) -> Result<bool> {
    return storage::revokeHmacCredential(db, std::string(withoutRegionPrefix(apiId)), nowIso8601());
  });
  if (!revoked) return revoked.error();
  if (!*revoked) return Error::notFound("no active API credential has the id " + apiId);
  return Unit{};
}

Result<int> AdminService::revokeKeys(const std::string& keyPrefix) {
  if (keyPrefix.size() < 8)
    return Error::field("prefix", "give at least 8 characters of the key (as 'key list' shows)");
  auto revoked = db_.write([&](storage::Connection& db) -> Result<int> {
    return storage::revokeApiKeys(db, keyPrefix.substr(0, 12), nowIso8601());
  });
  if (revoked && *revoked == 0) return Error::notFound("no active key starts with " + keyPrefix);
  return revoked;
}

Result<std::string> AdminService::createWebhook(int64_t teamId, int64_t targetId) {
  auto target = findTargetInTeam(db_, teamId, targetId);
  if (!target) return target.error();
  return issueWebhookSecret(db_, targetId);
}

}  // namespace ctc::service
