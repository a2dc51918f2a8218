#include "ctc/report/risk_rating.hpp"

namespace ctc::report {

RiskRating overallRisk(const std::vector<GroupedFinding>& findings) {
  if (findings.empty()) return {"none", "No findings.", Severity::Info};
  Severity worst = Severity::Info;
  for (const auto& g : findings)
    if (static_cast<int>(g.finding.severity) > static_cast<int>(worst)) worst = g.finding.severity;
  int atWorst = 0;
  for (const auto& g : findings) atWorst += g.finding.severity == worst;
  const std::string name(toString(worst));
  const std::string count =
      std::to_string(atWorst) + " " + name + " finding" + (atWorst == 1 ? "" : "s");
  if (worst == Severity::Info)
    return {"minimal", "Only informational findings (" + std::to_string(atWorst) + ").",
            Severity::Info};
  if (atWorst >= 3 && worst != Severity::Critical) {
    auto raised = static_cast<Severity>(static_cast<int>(worst) + 1);
    return {std::string(toString(raised)),
            count + ": three or more at the worst severity raise the rating one level.", raised};
  }
  return {name, "The worst is " + name + " (" + count + ").", worst};
}

}  // namespace ctc::report
