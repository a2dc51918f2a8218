#include "ctc/service/report_archive.hpp"

#include <map>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/storage/check_time_repository.hpp"
#include "ctc/storage/finding_repository.hpp"
#include "ctc/storage/report_artifact_repository.hpp"
#include "ctc/storage/scan_repository.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/storage/team_repository.hpp"
#include "ctc/util/clock.hpp"

namespace ctc::service {
namespace {

/// Every catalogue check with its time: its own, plus an equal share of what its family shared.
std::vector<CheckRun> checksWithTimes(const std::vector<storage::CheckTimeRow>& rows) {
  std::map<std::string, const storage::CheckTimeRow*, std::less<>> byKey;
  for (const auto& row : rows) byKey[row.key] = &row;
  std::map<std::string_view, int> familySize;
  for (const auto& check : scanner::checkCatalog()) ++familySize[check.family];
  std::vector<CheckRun> checks;
  for (const auto& check : scanner::checkCatalog()) {
    CheckRun run{std::string(check.id), std::string(check.family), std::string(check.title)};
    if (auto own = byKey.find(check.id); own != byKey.end()) run.seconds = own->second->seconds;
    if (auto shared = byKey.find(check.family); shared != byKey.end())
      run.seconds += shared->second->seconds / familySize[check.family];
    checks.push_back(std::move(run));
  }
  return checks;
}

std::string formatName(report::Format format) {
  return format == report::Format::Pdf ? "pdf" : "html";
}

}  // namespace

Result<ScanReport> ReportArchive::model(const Scan& scan) {
  if (!isFinal(scan.status))
    return Error::conflict("scan " + std::to_string(scan.id) + " is still " +
                           std::string(toString(scan.status)) +
                           "; the report is available once its status_code is above 101");
  return db_.read([&](storage::Connection& db) -> Result<ScanReport> {
    ScanReport r;
    r.scan = scan;
    auto target = storage::findTarget(db, scan.targetId);
    if (!target) return Error::notFound("scan " + std::to_string(scan.id) + " not found");
    r.target = *target;
    r.target.credentialsJson.clear();
    if (auto team = storage::findTeam(db, target->teamId)) r.teamName = team->name;
    r.generatedAt = nowIso8601();
    r.partial = scan.status != ScanStatus::Finished;
    r.checksRun = checksWithTimes(storage::listCheckTimes(db, scan.id));
    r.findings = storage::listFindings(db, scan.id);
    r.comparedWith = storage::previousFinishedScan(db, scan.targetId, scan.id);
    if (r.comparedWith) r.previousFindings = storage::listFindings(db, *r.comparedWith);
    return r;
  });
}

bool ReportArchive::stored(const report::ReportRequest& wanted) {
  return wanted.format == report::Format::Pdf || wanted.format == report::Format::Html;
}

Result<report::RenderedReport> ReportArchive::report(const Scan& scan,
                                                     const report::ReportRequest& wanted) {
  if (!isFinal(scan.status)) return model(scan).error();
  if (stored(wanted)) {
    auto found =
        db_.read([&](storage::Connection& db) -> Result<std::optional<storage::ReportArtifact>> {
          return storage::findReportArtifact(db, scan.id, formatName(wanted.format));
        });
    if (found && *found) {
      std::string base = "crashtest-scan-" + std::to_string(scan.id);
      return report::RenderedReport{std::move((*found)->body), (*found)->contentType,
                                    base + "." + formatName(wanted.format)};
    }
  }
  auto built = model(scan);
  if (!built) return built.error();
  auto rendered = report::render(*built, wanted, fontDir_);
  if (rendered && stored(wanted)) (void)store(scan, wanted, *rendered);  // the next one is fast
  return rendered;
}

Status ReportArchive::store(const Scan& scan, const report::ReportRequest& wanted,
                            const report::RenderedReport& rendered) {
  return db_.write([&](storage::Connection& db) -> Status {
    storage::putReportArtifact(db, scan.id, formatName(wanted.format),
                               {rendered.contentType, rendered.body});
    return okStatus();
  });
}

Status ReportArchive::archive(int64_t scanId) {
  auto scan = db_.read([&](storage::Connection& db) -> Result<std::optional<Scan>> {
    return storage::findScan(db, scanId);
  });
  if (!scan) return scan.error();
  if (!*scan || !isFinal((*scan)->status)) return okStatus();
  auto built = model(**scan);
  if (!built) return built.error();
  for (auto format : {report::Format::Pdf, report::Format::Html}) {
    report::ReportRequest wanted{format, std::nullopt, false};
    auto rendered = report::render(*built, wanted, fontDir_);
    if (!rendered) return rendered.error();
    if (auto stored = store(**scan, wanted, *rendered); !stored) return stored;
  }
  return okStatus();
}

}  // namespace ctc::service
