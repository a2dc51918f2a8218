#pragma once
/// Veracode-style Dynamic Analyses over our targets and scans: an analysis is a named set of
/// targets (one per scanned URL) in one of the caller's teams, started at once or at a time
/// (the schedule is in the database, so it survives restarts).
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "ctc/service/scan_service.hpp"
#include "ctc/service/specification_service.hpp"
#include "ctc/service/target_service.hpp"
#include "ctc/storage/analysis_repository.hpp"

namespace ctc::service {

/// One URL scan of an analysis; with specId, an API scan from that uploaded description.
struct AnalysisScanInput {
  std::string url;
  std::optional<int64_t> specId;
  std::optional<Authentication> authentication;  ///< the target's login (auth_configuration)
};

struct AnalysisInput {
  std::string name;
  std::vector<AnalysisScanInput> scans;
  std::optional<std::time_t> startAt;  ///< nullopt: now
  int64_t durationSeconds = 0;
};

struct AnalysisTarget {
  Target target;
  std::optional<Scan> latestScan;
};
struct AnalysisView {
  storage::AnalysisRow analysis;
  std::vector<AnalysisTarget> targets;
};

class AnalysisService {
 public:
  AnalysisService(storage::Database& db, AuthService& auth, TargetService& targets,
                  ScanService& scans, SpecificationService& specifications)
      : db_(db), auth_(auth), targets_(targets), scans_(scans), specifications_(specifications) {}

  /// In the caller's first team where it may create targets. Conflict for a name the team
  /// already uses; BadRequest for a bad URL (nothing is created then).
  Result<AnalysisView> create(const Principal& who, const AnalysisInput& input, std::time_t now);
  /// Every analysis in the caller's teams; only those named `name` when given.
  Result<std::vector<AnalysisView>> list(const Principal& who,
                                         const std::optional<std::string>& name);
  Result<AnalysisView> get(const Principal& who, int64_t analysisId);
  /// Adds targets for more URLs; scans them at once when the analysis has already started.
  Result<AnalysisView> addScans(const Principal& who, int64_t analysisId,
                                const std::vector<AnalysisScanInput>& scans);
  /// Only an analysis that never ran (Conflict otherwise); its targets stay.
  Status remove(const Principal& who, int64_t analysisId);
  /// The latest final scan's report of each of its targets.
  Result<std::vector<ScanReport>> reports(const Principal& who, int64_t analysisId);

  /// Stores an API description for the caller's analysis team (validated, not yet a target's):
  /// Conflict for a name the team already uses.
  Result<storage::ApiDocument> uploadDocument(const Principal& who, const std::string& name,
                                              const std::string& fileName,
                                              const std::string& document);
  /// Without documents; only those named `name` when given.
  Result<std::vector<storage::ApiDocument>> listDocuments(const Principal& who,
                                                          const std::optional<std::string>& name);

  /// Without its document; NotFound outside the caller's teams.
  Result<storage::ApiDocument> getDocument(const Principal& who, int64_t id);

  /// Starts the analyses whose start time has come; returns how many. For the scheduler.
  Result<int> startDue(std::time_t now);

 private:
  Result<storage::AnalysisRow> find(const Principal& who, int64_t analysisId, Role minimum);
  Result<AnalysisView> view(const Principal& who, const storage::AnalysisRow& row);
  Status startNow(const Principal& who, const storage::AnalysisRow& row);
  /// The team analyses and uploads of this caller go to.
  Result<int64_t> creatingTeam(const Principal& who);
  /// A target for one scan of the analysis (with its description for an API scan).
  Result<Target> addTarget(const Principal& who, const storage::AnalysisRow& row,
                           const AnalysisScanInput& scan);

  storage::Database& db_;
  AuthService& auth_;
  TargetService& targets_;
  ScanService& scans_;
  SpecificationService& specifications_;
};

}  // namespace ctc::service
