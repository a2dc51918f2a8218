#pragma once
/// Grouping a scan's findings (one per check and affected parameter, with instances) and the
/// scan-to-scan comparison (new, unchanged, fixed). Pure functions.
#include <string>
#include <vector>

#include "ctc/domain/report.hpp"

namespace ctc::report {

/// Groups by check and parameter, keeping the order of first appearance (so a list sorted by
/// severity stays sorted); instances keep their order and are deduplicated by method + URL.
std::vector<GroupedFinding> groupFindings(const std::vector<Finding>& findings);

/// The path of a URL as findings are matched across scans: no scheme, host, query or fragment,
/// no trailing slash, lower-case percent-escapes ("/Search/" and "/Search?q=1" match).
std::string normalisedPath(const std::string& url);

/// Sets each group's `change` against the previous scan's findings and returns what that scan
/// had and this one lacks. A group is unchanged when the previous scan has the same check and
/// parameter on one of the same normalised paths.
std::vector<FixedFinding> compareWithPrevious(std::vector<GroupedFinding>& current,
                                              const std::vector<Finding>& previous);

/// What every writer shows: the report's findings grouped, with their change, and what the
/// previous scan had that this one lacks (empty without one).
struct GroupedReport {
  std::vector<GroupedFinding> findings;
  std::vector<FixedFinding> fixed;
};
GroupedReport groupReport(const ScanReport& report);

/// How many of the grouped findings are new against the compared scan.
int newCount(const GroupedReport& grouped);

/// A key stable across scans for a group: check, parameter and its first path (SARIF
/// partialFingerprints).
std::string stableKey(const GroupedFinding& group);

}  // namespace ctc::report
