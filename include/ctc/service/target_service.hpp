#pragma once
/// Teams and targets as a key holder sees them, with role checks.
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/team.hpp"
#include "ctc/service/auth_service.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/storage/team_repository.hpp"

namespace ctc::service {

/// What a client sends to create a target; the HTTP layer has type-checked the JSON.
struct TargetInput {
  std::string title;
  std::string url;
  std::string type = "webapp";
  std::string description;
  std::string swaggerUrl;
  std::string swagger;
};

class TargetService {
 public:
  TargetService(storage::Database& db, AuthService& auth, bool allowPrivateTargets)
      : db_(db), auth_(auth), allowPrivateTargets_(allowPrivateTargets) {}

  Result<std::vector<storage::TeamMembership>> listTeams(const Principal& who);
  Result<storage::TeamMembership> getTeam(const Principal& who, int64_t teamId);

  Result<std::vector<Target>> list(const Principal& who, int64_t teamId);
  /// Validates title, URL (syntax and the SSRF rule) and type; engineers and admins only.
  Result<Target> create(const Principal& who, int64_t teamId, const TargetInput& input);
  Result<Target> get(const Principal& who, int64_t teamId, int64_t targetId);
  /// Admins only; removes scans, findings and webhook secrets with it.
  Status remove(const Principal& who, int64_t teamId, int64_t targetId);

  /// Issues a new webhook secret for the target (earlier ones stay valid until revoked).
  Result<std::string> createWebhook(const Principal& who, int64_t teamId, int64_t targetId);
  /// Revokes all of the target's webhook secrets; returns how many.
  Result<int> revokeWebhooks(const Principal& who, int64_t teamId, int64_t targetId);

 private:
  /// The target if it exists in this team (NotFound otherwise); checks the role first.
  Result<Target> findInTeam(const Principal& who, int64_t teamId, int64_t targetId, Role minimum);

  storage::Database& db_;
  AuthService& auth_;
  bool allowPrivateTargets_;
};

/// Creates a webhook secret for the target and returns it in clear (shown once).
Result<std::string> issueWebhookSecret(storage::Database& db, int64_t targetId);

/// The target if it exists and belongs to the team; NotFound otherwise (same answer for both,
/// so ids of other teams do not leak).
Result<Target> findTargetInTeam(storage::Database& db, int64_t teamId, int64_t targetId);

/// Checks a target URL against syntax and the SSRF rule (resolves its host).
Status checkTargetUrl(const std::string& url, bool allowPrivateTargets);

}  // namespace ctc::service
