#pragma once
/// Everything a report writer needs, as plain data (no database, no HTTP).
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/finding.hpp"
#include "ctc/domain/scan.hpp"
#include "ctc/domain/team.hpp"

namespace ctc {

/// A check that ran during the scan; checks with no finding become passing JUnit test cases.
struct CheckRun {
  std::string checkId;
  std::string family;
  std::string title;
  double seconds = 0;  ///< its requests' and judging time, with its share of its family's
};

/// One place a grouped finding was seen.
struct FindingInstance {
  int64_t findingId = 0;
  std::string url;
  std::string method;
  std::string parameter;
  std::string evidenceRequest;
  std::string evidenceResponse;
  bool authenticated = false;
  std::string operation;
};

/// Against the previous finished scan of the same target.
enum class FindingChange { New, Unchanged };

/// One finding per check and affected parameter, with every place it was seen.
struct GroupedFinding {
  Finding finding;  ///< the check's fields; url, method, parameter, evidence: the first instance
  std::vector<FindingInstance> instances;  ///< at least one, the first is `finding`'s own
  std::optional<FindingChange> change;     ///< nullopt without a previous scan to compare with
};

/// What the previous scan found and this one no longer does.
struct FixedFinding {
  std::string checkId;
  std::string title;
  Severity severity = Severity::Info;
  std::string url;  ///< the previous scan's first instance
  std::string parameter;
};

struct ScanReport {
  Scan scan;
  Target target;
  std::string teamName;
  std::string generatedAt;                ///< ISO-8601 UTC
  bool partial = false;                   ///< scan stopped or failed before it completed
  std::vector<CheckRun> checksRun;        ///< every check the engine ran, in catalogue order
  std::vector<Finding> findings;          ///< sorted by severity (highest first), then URL
  std::optional<int64_t> comparedWith;    ///< the previous finished scan of the target, if any
  std::vector<Finding> previousFindings;  ///< that scan's findings
};

}  // namespace ctc
