#include "ctc/service/scan_service.hpp"

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/service/authentication.hpp"
#include "ctc/service/credentials.hpp"
#include "ctc/service/specification_service.hpp"
#include "ctc/service/target_service.hpp"
#include "ctc/storage/credential_repository.hpp"
#include "ctc/storage/finding_repository.hpp"
#include "ctc/storage/scan_repository.hpp"
#include "ctc/storage/specification_repository.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/storage/team_repository.hpp"
#include "ctc/util/clock.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::service {
namespace {

Error scanNotFound(int64_t scanId) {
  return Error::notFound("scan " + std::to_string(scanId) + " not found");
}

}  // namespace

Result<StartedScan> ScanService::startForTarget(int64_t targetId, const WebhookInputs& inputs) {
  auto target = db_.read([&](storage::Connection& db) -> Result<std::optional<Target>> {
    return storage::findTarget(db, targetId);
  });
  if (!target) return target.error();
  if (!target.value()) return Error::notFound("project " + std::to_string(targetId) + " not found");
  // The SSRF rule again at start: the host may resolve elsewhere now, or the server may have
  // been restarted without --allow-private-targets.
  if (auto ok = checkTargetUrl(target.value()->url, allowPrivateTargets_); !ok) return ok.error();

  std::optional<std::string> credentials;
  if (inputs.credentials) {
    if (auto ok = checkLoginOrigin(*inputs.credentials, target.value()->url, "credentials"); !ok)
      return ok.error();
    credentials = storedAuthenticationJson(*inputs.credentials);
  }
  // The webhook's description replaces the one it sent before ("stored for the next scan").
  std::optional<Specification> described;
  if (inputs.swagger) {
    auto spec =
        describeSpecification(*inputs.swagger, target.value()->url, "", "webhook", "specification");
    if (!spec) return spec.error();
    described = std::move(*spec);
    described->targetId = targetId;
  }
  auto started = db_.write([&](storage::Connection& db) -> Result<StartedScan> {
    storage::updateTargetInputs(db, targetId, credentials, inputs.swagger);
    if (described) storage::replaceSpecification(db, *described);
    auto newId = storage::insertQueuedScan(db, targetId);
    auto scan = newId ? storage::findScan(db, *newId) : storage::findActiveScan(db, targetId);
    if (!scan) return Error::internal("scan row vanished inside its own transaction");
    return StartedScan{*scan, newId.has_value()};
  });
  if (started && started->created) events_.scanQueued();
  return started;
}

Result<StartedScan> ScanService::start(const Principal& who, int64_t teamId, int64_t targetId) {
  if (auto role = auth_.authorize(who, teamId, Role::SecurityEngineer); !role) return role.error();
  auto target = findTargetInTeam(db_, teamId, targetId);
  if (!target) return target.error();
  return startForTarget(targetId, {});
}

Result<std::vector<Scan>> ScanService::list(const Principal& who, int64_t teamId,
                                            int64_t targetId) {
  if (auto role = auth_.authorize(who, teamId, Role::Viewer); !role) return role.error();
  if (auto target = findTargetInTeam(db_, teamId, targetId); !target) return target.error();
  return db_.read([&](storage::Connection& db) -> Result<std::vector<Scan>> {
    return storage::listScans(db, targetId);
  });
}

Result<Scan> ScanService::loadScan(int64_t scanId) {
  auto scan = db_.read([&](storage::Connection& db) -> Result<std::optional<Scan>> {
    return storage::findScan(db, scanId);
  });
  if (!scan) return scan.error();
  if (!scan.value()) return scanNotFound(scanId);
  return *scan.value();
}

Result<Scan> ScanService::scanInTeam(const Principal& who, int64_t teamId, int64_t scanId,
                                     Role minimum, std::optional<int64_t> targetId) {
  if (auto role = auth_.authorize(who, teamId, minimum); !role) return role.error();
  // Cached: this is the status endpoint CI polls, and a scan's progress commits invalidate it.
  auto scan = recentScans_.get(scanId, [&] { return loadScan(scanId); });
  if (!scan) return scan;  // not found, or the database unavailable
  if (scan->teamId != teamId || (targetId && scan->targetId != *targetId))
    return scanNotFound(scanId);
  return scan;
}

Result<Scan> ScanService::get(const Principal& who, int64_t teamId, int64_t scanId,
                              std::optional<int64_t> targetId) {
  return scanInTeam(who, teamId, scanId, Role::Viewer, targetId);
}

Result<Scan> ScanService::stop(const Principal& who, int64_t teamId, int64_t scanId,
                               std::optional<int64_t> targetId) {
  auto scan = scanInTeam(who, teamId, scanId, Role::SecurityEngineer, targetId);
  if (!scan) return scan;
  if (scan->status == ScanStatus::Stopped) return scan;
  if (isFinal(scan->status))
    return Error::conflict("scan " + std::to_string(scanId) + " has already " +
                           (scan->status == ScanStatus::Finished ? "finished" : "failed") +
                           "; only queued or running scans can be stopped");
  auto stopped = db_.write(
      [&](storage::Connection& db) -> Result<bool> { return storage::stopScan(db, scanId); });
  if (!stopped) return stopped.error();
  events_.stopRequested(scanId);
  return loadScan(scanId);
}

Result<report::RenderedReport> ScanService::report(const Principal& who, int64_t teamId,
                                                   int64_t scanId,
                                                   const report::ReportRequest& wanted,
                                                   std::optional<int64_t> targetId) {
  auto scan = scanInTeam(who, teamId, scanId, Role::Viewer, targetId);
  if (!scan) return scan.error();
  return reports_.report(*scan, wanted);
}

Result<ScanReport> ScanService::reportModel(const Principal& who, int64_t teamId, int64_t scanId) {
  auto scan = scanInTeam(who, teamId, scanId, Role::Viewer, std::nullopt);
  if (!scan) return scan.error();
  return reports_.model(*scan);
}

Result<std::vector<ScanReport>> ScanService::latestReports(
    const Principal& who, int64_t teamId, const std::optional<std::vector<int64_t>>& targetIds) {
  if (auto role = auth_.authorize(who, teamId, Role::Viewer); !role) return role.error();
  auto latest = db_.read([&](storage::Connection& db) -> Result<std::vector<Scan>> {
    std::vector<int64_t> ids;
    if (targetIds)
      ids = *targetIds;
    else
      for (const Target& target : storage::listTargets(db, teamId)) ids.push_back(target.id);
    std::vector<Scan> scans;
    for (int64_t id : ids)
      for (const Scan& scan : storage::listScans(db, id))
        if (isFinal(scan.status)) {
          if (scan.teamId == teamId) scans.push_back(scan);
          break;
        }
    return scans;
  });
  if (!latest) return latest.error();
  std::vector<ScanReport> reports;
  for (const Scan& scan : *latest) {
    auto model = reports_.model(scan);
    if (!model) return model.error();
    reports.push_back(std::move(*model));
  }
  return reports;
}

Result<int64_t> ScanService::resolveWebhook(const std::string& secret) {
  if (secret.empty() || secret.size() > 128) return Error::notFound("unknown webhook");
  auto hook =
      findCredential(db_, storage::CredentialTable::Webhooks, secret, hashCredential(secret));
  if (!hook) return hook.error();
  if (!*hook) return Error::notFound("unknown or revoked webhook");
  return (*hook)->ownerId;
}

Result<StartedScan> ScanService::startFromWebhook(const std::string& secret,
                                                  const WebhookInputs& inputs) {
  auto targetId = resolveWebhook(secret);
  if (!targetId) return targetId.error();
  return startForTarget(*targetId, inputs);
}

Result<Scan> ScanService::getFromWebhook(const std::string& secret, int64_t scanId) {
  auto targetId = resolveWebhook(secret);
  if (!targetId) return targetId.error();
  auto scan = loadScan(scanId);
  if (!scan) return scan;
  if (scan->targetId != *targetId) return scanNotFound(scanId);
  return scan;
}

Result<report::RenderedReport> ScanService::reportFromWebhook(const std::string& secret,
                                                              int64_t scanId,
                                                              const report::ReportRequest& wanted) {
  auto scan = getFromWebhook(secret, scanId);
  if (!scan) return scan.error();
  return reports_.report(*scan, wanted);
}

}  // namespace ctc::service
