#include "ctc/service/target_service.hpp"

#include "ctc/scanner/fetch/address_policy.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/service/authentication.hpp"
#include "ctc/service/specification_service.hpp"
#include "ctc/storage/credential_repository.hpp"
#include "ctc/storage/specification_repository.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/util/clock.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::service {
namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 4000;
constexpr std::size_t kMaxSwagger = 512 * 1024;

Status validatePaths(const std::vector<std::string>& patterns, const std::string& field) {
  if (patterns.size() > kMaxPathPatterns)
    return Error::field(field, "has more than " + std::to_string(kMaxPathPatterns) + " patterns");
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const std::string& p = patterns[i];
    std::string name = field + "[" + std::to_string(i) + "]";
    if (p.empty() || p.front() != '/')
      return Error::field(name, "must start with \"/\" (a pattern on the URL path)");
    if (p.size() > kMaxPathPatternLength)
      return Error::field(
          name, "is longer than " + std::to_string(kMaxPathPatternLength) + " characters");
    for (unsigned char c : p)
      if (c < 0x20 || c == 0x7f) return Error::field(name, "must not contain control characters");
  }
  return okStatus();
}

}  // namespace

ScanSettings ScanSettingsPatch::appliedTo(ScanSettings settings) const {
  if (requestsPerSecond) settings.requestsPerSecond = *requestsPerSecond;
  if (includePaths) settings.includePaths = *includePaths;
  if (excludePaths) settings.excludePaths = *excludePaths;
  if (allowDestructiveMethods) settings.allowDestructiveMethods = *allowDestructiveMethods;
  if (server) settings.server = *server;
  return settings;
}

Status validateScanSettings(const ScanSettingsPatch& patch) {
  if (patch.requestsPerSecond && *patch.requestsPerSecond) {
    double rate = **patch.requestsPerSecond;
    if (!(rate >= 0 && rate <= kMaxRequestsPerSecond))  // also false for NaN
      return Error::field("scan_settings.requests_per_second",
                          "must be a number from 0 to 1000 (0 = unlimited)");
  }
  if (patch.includePaths) {
    if (auto ok = validatePaths(*patch.includePaths, "scan_settings.include_paths"); !ok)
      return ok.error();
  }
  if (patch.excludePaths) {
    if (auto ok = validatePaths(*patch.excludePaths, "scan_settings.exclude_paths"); !ok)
      return ok.error();
  }
  if (patch.server && !patch.server->empty()) {
    auto url = scanner::parseTargetUrl(*patch.server);
    if (!url)
      return Error::field("scan_settings.server",
                          "must be an absolute http(s) URL, one of the servers the project's API "
                          "descriptions name");
  }
  return okStatus();
}

Status checkTargetUrl(const std::string& url, bool allowPrivateTargets) {
  auto parsed = scanner::parseTargetUrl(url);
  if (!parsed) return parsed.error();
  auto resolved = scanner::resolveAllowedHost(parsed->host, parsed->port, allowPrivateTargets);
  if (!resolved) return resolved.error();
  return okStatus();
}

Result<Target> findTargetInTeam(storage::Database& db, int64_t teamId, int64_t targetId) {
  auto target = db.read([&](storage::Connection& c) -> Result<std::optional<Target>> {
    return storage::findTarget(c, targetId);
  });
  if (!target) return target.error();
  if (!target.value() || target.value()->teamId != teamId)
    return Error::notFound("project " + std::to_string(targetId) + " not found in team " +
                           std::to_string(teamId));
  return *target.value();
}

Result<std::string> issueWebhookSecret(storage::Database& db, int64_t targetId) {
  std::string secret = generateWebhookSecret();
  auto stored = db.write([&](storage::Connection& c) -> Status {
    storage::insertWebhook(c, targetId, credentialPrefix(secret), hashCredential(secret));
    return okStatus();
  });
  if (!stored) return stored.error();
  return secret;
}

Result<std::vector<storage::TeamMembership>> TargetService::listTeams(const Principal& who) {
  return db_.read([&](storage::Connection& db) -> Result<std::vector<storage::TeamMembership>> {
    return storage::listMemberships(db, who.userId);
  });
}

Result<storage::TeamMembership> TargetService::getTeam(const Principal& who, int64_t teamId) {
  auto role = auth_.authorize(who, teamId, Role::Viewer);
  if (!role) return role.error();
  auto team = db_.read([&](storage::Connection& db) -> Result<std::optional<Team>> {
    return storage::findTeam(db, teamId);
  });
  if (!team) return team.error();
  if (!team.value()) return Error::notFound("team " + std::to_string(teamId) + " not found");
  return storage::TeamMembership{*team.value(), *role};
}

Result<std::vector<Target>> TargetService::list(const Principal& who, int64_t teamId) {
  if (auto role = auth_.authorize(who, teamId, Role::Viewer); !role) return role.error();
  return db_.read([&](storage::Connection& db) -> Result<std::vector<Target>> {
    return storage::listTargets(db, teamId);
  });
}

Result<Target> TargetService::create(const Principal& who, int64_t teamId, const TargetInput& in) {
  if (auto role = auth_.authorize(who, teamId, Role::SecurityEngineer); !role) return role.error();
  if (in.title.empty()) return Error::field("title", "is required");
  if (in.title.size() > kMaxTitle) return Error::field("title", "is longer than 200 characters");
  if (in.description.size() > kMaxDescription)
    return Error::field("description", "is longer than 4000 characters");
  if (in.swagger.size() > kMaxSwagger) return Error::field("swagger", "is larger than 512 KiB");
  auto type = parseTargetType(in.type);
  if (!type) return Error::field("type", "must be \"webapp\" or \"api\"");
  auto parsed = scanner::parseTargetUrl(in.url);
  if (!parsed) return parsed.error();
  if (auto ok = checkTargetUrl(parsed->url, allowPrivateTargets_); !ok) return ok.error();
  if (!in.swaggerUrl.empty()) {
    if (auto s = scanner::parseTargetUrl(in.swaggerUrl); !s)
      return Error::field("swagger_url", "is not an absolute http(s) URL");
  }
  if (auto ok = validateScanSettings(in.scanSettings); !ok) return ok.error();
  if (in.authentication)
    if (auto ok = checkLoginOrigin(*in.authentication, parsed->url, "authentication"); !ok)
      return ok.error();
  std::optional<Specification> inline_;
  if (!in.swagger.empty()) {
    auto spec = describeSpecification(in.swagger, parsed->url, "", "inline", "swagger");
    if (!spec) return spec.error();
    inline_ = std::move(*spec);
  }
  Target t;
  t.teamId = teamId;
  t.title = in.title;
  t.url = parsed->url;
  t.type = *type;
  t.description = in.description;
  t.swaggerUrl = in.swaggerUrl;
  t.swagger = in.swagger;
  t.scanSettings = in.scanSettings.appliedTo({});
  if (in.authentication) t.credentialsJson = storedAuthenticationJson(*in.authentication);
  return db_.write([&](storage::Connection& db) -> Result<Target> {
    Target stored = storage::insertTarget(db, t);
    if (inline_) {
      inline_->targetId = stored.id;
      storage::insertSpecification(db, *inline_);
    }
    return stored;
  });
}

Result<Target> TargetService::findInTeam(const Principal& who, int64_t teamId, int64_t targetId,
                                         Role minimum) {
  if (auto role = auth_.authorize(who, teamId, minimum); !role) return role.error();
  return findTargetInTeam(db_, teamId, targetId);
}

Result<Target> TargetService::get(const Principal& who, int64_t teamId, int64_t targetId) {
  return findInTeam(who, teamId, targetId, Role::Viewer);
}

Result<Target> TargetService::update(const Principal& who, int64_t teamId, int64_t targetId,
                                     const TargetPatch& patch) {
  auto target = findInTeam(who, teamId, targetId, Role::SecurityEngineer);
  if (!target) return target.error();
  if (auto ok = validateScanSettings(patch.scanSettings); !ok) return ok.error();
  std::optional<std::string> credentials;
  if (patch.authentication) {
    credentials = std::string();
    if (const auto& auth = *patch.authentication) {
      if (auto ok = checkLoginOrigin(*auth, target->url, "authentication"); !ok) return ok.error();
      credentials = storedAuthenticationJson(*auth);
    }
  }
  // Read, merge and write in one transaction, so two patches of different settings both land.
  return db_.write([&](storage::Connection& db) -> Result<Target> {
    auto current = storage::findTarget(db, targetId);
    if (!current || current->teamId != teamId)
      return Error::notFound("project " + std::to_string(targetId) + " not found in team " +
                             std::to_string(teamId));
    current->scanSettings = patch.scanSettings.appliedTo(current->scanSettings);
    storage::updateScanSettings(db, targetId, current->scanSettings);
    if (credentials) {
      storage::updateTargetInputs(db, targetId, credentials, std::nullopt);
      current->credentialsJson = *credentials;
    }
    return *current;
  });
}

Status TargetService::remove(const Principal& who, int64_t teamId, int64_t targetId) {
  auto target = findInTeam(who, teamId, targetId, Role::TeamAdmin);
  if (!target) return target.error();
  return db_.write([&](storage::Connection& db) -> Status {
    storage::deleteTarget(db, targetId);
    return okStatus();
  });
}

Result<std::string> TargetService::createWebhook(const Principal& who, int64_t teamId,
                                                 int64_t targetId) {
  auto target = findInTeam(who, teamId, targetId, Role::SecurityEngineer);
  if (!target) return target.error();
  return issueWebhookSecret(db_, targetId);
}

Result<int> TargetService::revokeWebhooks(const Principal& who, int64_t teamId, int64_t targetId) {
  auto target = findInTeam(who, teamId, targetId, Role::SecurityEngineer);
  if (!target) return target.error();
  return db_.write([&](storage::Connection& db) -> Result<int> {
    return storage::revokeWebhooks(db, targetId, nowIso8601());
  });
}

}  // namespace ctc::service
