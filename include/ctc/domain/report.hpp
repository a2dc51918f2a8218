#pragma once
/// Everything a report writer needs, as plain data (no database, no HTTP).
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
};

struct ScanReport {
  Scan scan;
  Target target;
  std::string teamName;
  std::string generatedAt;          ///< ISO-8601 UTC
  bool partial = false;             ///< scan stopped or failed before it completed
  std::vector<CheckRun> checksRun;  ///< every check the engine ran, in catalogue order
  std::vector<Finding> findings;    ///< sorted by severity (highest first), then URL
};

}  // namespace ctc
