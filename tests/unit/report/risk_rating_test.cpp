// The overall rating a report opens with.
#include "ctc/report/risk_rating.hpp"

#include <gtest/gtest.h>

#include "ctc/scanner/check_catalog.hpp"

namespace ctc::report {
namespace {

GroupedFinding with(Severity s) {
  GroupedFinding g;
  g.finding.severity = s;
  g.instances.emplace_back();
  return g;
}

TEST(RiskRating, WorstSeverityRaisedByThreeOfIt) {
  EXPECT_EQ(overallRisk({}).level, "none");
  EXPECT_EQ(overallRisk({with(Severity::Info), with(Severity::Info)}).level, "minimal");
  EXPECT_EQ(overallRisk({with(Severity::Low), with(Severity::Info)}).level, "low");
  EXPECT_EQ(
      overallRisk({with(Severity::Medium), with(Severity::Medium), with(Severity::Low)}).level,
      "medium");
  auto three = overallRisk({with(Severity::High), with(Severity::High), with(Severity::High)});
  EXPECT_EQ(three.level, "critical");
  EXPECT_EQ(three.color, Severity::Critical);
  EXPECT_NE(three.reason.find("3 high findings"), std::string::npos) << three.reason;
  EXPECT_EQ(
      overallRisk({with(Severity::Critical), with(Severity::Critical), with(Severity::Critical)})
          .level,
      "critical");
  EXPECT_EQ(overallRisk({with(Severity::Low), with(Severity::Low), with(Severity::Low),
                         with(Severity::Medium)})
                .level,
            "medium")
      << "the count raises only the worst severity";
}

}  // namespace
}  // namespace ctc::report
