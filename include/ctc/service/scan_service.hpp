#pragma once
/// Starting, watching, stopping scans and fetching their reports, through the REST API (API key
/// + role) or the webhook API (the secret is the credential for one target).
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/authentication.hpp"
#include "ctc/domain/report.hpp"
#include "ctc/domain/scan.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/service/auth_service.hpp"
#include "ctc/service/report_archive.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/storage/read_cache.hpp"

namespace ctc::service {

/// What the service tells the scan workers. Implemented by the worker pool; thread-safe.
class ScanEvents {
 public:
  virtual ~ScanEvents() = default;
  virtual void scanQueued() = 0;
  virtual void stopRequested(int64_t scanId) = 0;
};

struct StartedScan {
  Scan scan;
  bool created = false;  ///< false: the target already had a queued or running scan
};

/// Webhook body fields that update the target before the scan.
struct WebhookInputs {
  std::optional<Authentication> credentials;  ///< replaces the stored authentication
  std::optional<std::string> swagger;
};

class ScanService {
 public:
  ScanService(storage::Database& db, AuthService& auth, ScanEvents& events,
              bool allowPrivateTargets, ReportArchive& reports,
              std::chrono::milliseconds cacheTtl = std::chrono::milliseconds(1000))
      : db_(db),
        auth_(auth),
        events_(events),
        allowPrivateTargets_(allowPrivateTargets),
        reports_(reports),
        recentScans_(db, cacheTtl) {}

  /// Idempotent: returns the target's queued/running scan if there is one.
  Result<StartedScan> start(const Principal& who, int64_t teamId, int64_t targetId);
  Result<std::vector<Scan>> list(const Principal& who, int64_t teamId, int64_t targetId);
  /// targetId, when given (nested route), must be the scan's target.
  Result<Scan> get(const Principal& who, int64_t teamId, int64_t scanId,
                   std::optional<int64_t> targetId = std::nullopt);
  /// Queued/running -> stopped. Stopping a stopped scan is fine; a finished/failed one is Conflict.
  Result<Scan> stop(const Principal& who, int64_t teamId, int64_t scanId,
                    std::optional<int64_t> targetId = std::nullopt);
  Result<report::RenderedReport> report(const Principal& who, int64_t teamId, int64_t scanId,
                                        const report::ReportRequest& wanted,
                                        std::optional<int64_t> targetId = std::nullopt);
  /// The report model of a scan in a final state (Conflict while queued or running), for the
  /// surfaces that render findings their own way.
  Result<ScanReport> reportModel(const Principal& who, int64_t teamId, int64_t scanId);
  /// For each target of the team (or only those of `targetIds`), the report of its latest scan
  /// in a final state (targets never scanned to the end are left out): what a findings
  /// dashboard shows.
  Result<std::vector<ScanReport>> latestReports(
      const Principal& who, int64_t teamId,
      const std::optional<std::vector<int64_t>>& targetIds = std::nullopt);

  /// Starts a scan of the target on behalf of a schedule its team set up (no caller to check).
  Result<StartedScan> startScheduled(int64_t targetId) { return startForTarget(targetId, {}); }

  /// The target id behind a webhook secret; NotFound for unknown or revoked secrets.
  Result<int64_t> resolveWebhook(const std::string& secret);
  Result<StartedScan> startFromWebhook(const std::string& secret, const WebhookInputs& inputs);
  Result<Scan> getFromWebhook(const std::string& secret, int64_t scanId);
  Result<report::RenderedReport> reportFromWebhook(const std::string& secret, int64_t scanId,
                                                   const report::ReportRequest& wanted);

 private:
  Result<StartedScan> startForTarget(int64_t targetId, const WebhookInputs& inputs);
  Result<Scan> loadScan(int64_t scanId);
  Result<Scan> scanInTeam(const Principal& who, int64_t teamId, int64_t scanId, Role minimum,
                          std::optional<int64_t> targetId);

  storage::Database& db_;
  AuthService& auth_;
  ScanEvents& events_;
  bool allowPrivateTargets_;
  ReportArchive& reports_;
  storage::ReadCache<int64_t, Scan> recentScans_;
};

}  // namespace ctc::service
