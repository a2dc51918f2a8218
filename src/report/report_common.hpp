#pragma once
/// Small helpers shared by the report writers (internal to src/report/).
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/finding.hpp"

namespace ctc::report {

/// Highest first: the order every report lists severities in.
inline constexpr std::array<Severity, 5> kSeveritiesDescending{
    Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info};

struct SeverityCounts {
  std::array<int, 5> bySeverity{};  ///< indexed by static_cast<int>(Severity)
  int total = 0;

  int operator[](Severity s) const { return bySeverity[static_cast<int>(s)]; }
};

inline SeverityCounts countBySeverity(const std::vector<Finding>& findings) {
  SeverityCounts counts;
  for (const Finding& f : findings) {
    const int index = static_cast<int>(f.severity);
    if (index >= 0 && index < static_cast<int>(counts.bySeverity.size()))
      ++counts.bySeverity[index];
    ++counts.total;
  }
  return counts;
}

/// "CWE-693"; nullopt when the CWE is unknown (0).
inline std::optional<std::string> cweId(int cwe) {
  if (cwe <= 0) return std::nullopt;
  return "CWE-" + std::to_string(cwe);
}

/// A CVSS base score worth printing: finite, clamped to 0..10, rounded to one decimal.
inline std::optional<double> cvssScore(const std::optional<double>& cvss) {
  if (!cvss || !std::isfinite(*cvss)) return std::nullopt;
  return std::round(std::fmin(10.0, std::fmax(0.0, *cvss)) * 10.0) / 10.0;
}

/// "7.5": one decimal, independent of the C locale (unlike printf).
inline std::string formatCvss(double score) {
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, score, std::chars_format::fixed, 1);
  return std::string(buffer, result.ptr);
}

}  // namespace ctc::report
