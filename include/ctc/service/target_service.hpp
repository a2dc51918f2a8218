#pragma once
/// Teams and targets as a key holder sees them, with role checks.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/authentication.hpp"
#include "ctc/domain/team.hpp"
#include "ctc/service/auth_service.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/storage/team_repository.hpp"

namespace ctc::service {

/// A change to some of a target's scan settings, type-checked by the HTTP layer. A member that
/// is set replaces that setting; an unset one keeps it (on create: keeps the default).
struct ScanSettingsPatch {
  /// Set to nullopt: back to the server's --scan-rate.
  std::optional<std::optional<double>> requestsPerSecond;
  std::optional<std::vector<std::string>> includePaths;
  std::optional<std::vector<std::string>> excludePaths;
  std::optional<bool> allowDestructiveMethods;
  std::optional<std::string> server;  ///< "" = chosen for you

  /// `settings` with the set members replaced.
  ScanSettings appliedTo(ScanSettings settings) const;
};

/// Limits on scan settings (the wire names are in api/openapi.yaml, ScanSettings).
constexpr double kMaxRequestsPerSecond = 1000;
constexpr std::size_t kMaxPathPatterns = 50;
constexpr std::size_t kMaxPathPatternLength = 200;

/// Checks the members the patch sets: a rate within 0..kMaxRequestsPerSecond; at most
/// kMaxPathPatterns patterns per list, each starting with "/", at most kMaxPathPatternLength
/// bytes, without control characters. BadRequest names the field as sent, e.g.
/// "scan_settings.include_paths[2]".
Status validateScanSettings(const ScanSettingsPatch& patch);

/// What a client sends to create a target; the HTTP layer has type-checked the JSON.
struct TargetInput {
  std::string title;
  std::string url;
  std::string type = "webapp";
  std::string description;
  std::string swaggerUrl;
  std::string swagger;
  ScanSettingsPatch scanSettings;  ///< applied to the defaults
  std::optional<Authentication> authentication;
};

/// What a project update changes: the scan settings the patch sets, and the authentication
/// when set (nullopt inside: removed).
struct TargetPatch {
  ScanSettingsPatch scanSettings;
  std::optional<std::optional<Authentication>> authentication;
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
  /// Changes the settings the patch sets (validateScanSettings) and the authentication, and
  /// returns the target; engineers and admins only. A running scan keeps what it started with;
  /// a queued one reads them when it starts.
  Result<Target> update(const Principal& who, int64_t teamId, int64_t targetId,
                        const TargetPatch& patch);
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
