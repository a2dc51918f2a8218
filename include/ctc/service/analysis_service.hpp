#pragma once
/// Veracode-style Dynamic Analyses over our targets and scans: an analysis is a named set of
/// targets (one per scanned URL) in one of the caller's teams, started at once or at a time
/// (the schedule is in the database, so it survives restarts).
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "ctc/service/scan_service.hpp"
#include "ctc/service/target_service.hpp"
#include "ctc/storage/analysis_repository.hpp"

namespace ctc::service {

struct AnalysisInput {
  std::string name;
  std::vector<std::string> urls;
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
                  ScanService& scans)
      : db_(db), auth_(auth), targets_(targets), scans_(scans) {}

  /// In the caller's first team where it may create targets. Conflict for a name the team
  /// already uses; BadRequest for a bad URL (nothing is created then).
  Result<AnalysisView> create(const Principal& who, const AnalysisInput& input,
                              std::time_t now);
  /// Every analysis in the caller's teams; only those named `name` when given.
  Result<std::vector<AnalysisView>> list(const Principal& who,
                                         const std::optional<std::string>& name);
  Result<AnalysisView> get(const Principal& who, int64_t analysisId);
  /// Adds targets for more URLs; scans them at once when the analysis has already started.
  Result<AnalysisView> addUrls(const Principal& who, int64_t analysisId,
                               const std::vector<std::string>& urls);
  /// Only an analysis that never ran (Conflict otherwise); its targets stay.
  Status remove(const Principal& who, int64_t analysisId);
  /// The latest final scan's report of each of its targets.
  Result<std::vector<ScanReport>> reports(const Principal& who, int64_t analysisId);

  /// Starts the analyses whose start time has come; returns how many. For the scheduler.
  Result<int> startDue(std::time_t now);

 private:
  Result<storage::AnalysisRow> find(const Principal& who, int64_t analysisId, Role minimum);
  Result<AnalysisView> view(const Principal& who, const storage::AnalysisRow& row);
  Status startNow(const Principal& who, const storage::AnalysisRow& row);

  storage::Database& db_;
  AuthService& auth_;
  TargetService& targets_;
  ScanService& scans_;
};

}  // namespace ctc::service
