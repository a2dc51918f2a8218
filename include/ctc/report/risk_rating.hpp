#pragma once
/// The overall risk of a scan, for the verdict a report opens with. The rule: the worst
/// severity found, one level higher when three or more distinct findings share it (several
/// high findings are a critical situation); "minimal" when only informational findings exist,
/// "none" without findings. A partial scan says so but is rated on what it found.
#include <string>
#include <vector>

#include "ctc/domain/report.hpp"

namespace ctc::report {

struct RiskRating {
  std::string level;                ///< "critical", "high", "medium", "low", "minimal", "none"
  std::string reason;               ///< one sentence: why this level
  Severity color = Severity::Info;  ///< the severity whose colour shows it
};

RiskRating overallRisk(const std::vector<GroupedFinding>& findings);

}  // namespace ctc::report
