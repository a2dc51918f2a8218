#pragma once
/// Small helpers shared by the report writers (internal to src/report/).
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/finding.hpp"
#include "ctc/domain/report.hpp"

namespace ctc::report {

/// Highest first: the order every report lists severities in.
inline constexpr std::array<Severity, 5> kSeveritiesDescending{
    Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info};

struct SeverityCounts {
  std::array<int, 5> bySeverity{};  ///< indexed by static_cast<int>(Severity)
  int total = 0;

  int operator[](Severity s) const { return bySeverity[static_cast<int>(s)]; }
};

inline const Finding& findingOf(const Finding& f) {
  return f;
}
inline const Finding& findingOf(const GroupedFinding& g) {
  return g.finding;
}

/// Findings or grouped findings, counted by severity.
template <typename T>
SeverityCounts countBySeverity(const std::vector<T>& findings) {
  SeverityCounts counts;
  for (const T& item : findings) {
    const Finding& f = findingOf(item);
    const int index = static_cast<int>(f.severity);
    if (index >= 0 && index < static_cast<int>(counts.bySeverity.size()))
      ++counts.bySeverity[index];
    ++counts.total;
  }
  return counts;
}

/// Seconds from the scan's start to its end; nullopt when either is unknown or they disagree.
inline std::optional<long long> scanDurationSeconds(const Scan& scan) {
  const auto parse = [](const std::optional<std::string>& iso) -> std::optional<std::time_t> {
    if (!iso) return std::nullopt;
    std::tm tm{};
    if (std::sscanf(iso->c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
      return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
  };
  const auto start = parse(scan.startedAt), end = parse(scan.finishedAt);
  if (!start || !end || *end < *start) return std::nullopt;
  return static_cast<long long>(*end - *start);
}

/// "2024-05-01 12:03 UTC" from "2024-05-01T12:03:20Z"; other text as it is.
inline std::string readableTime(const std::string& iso) {
  if (iso.size() < 16 || iso[10] != 'T') return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

/// A finding's title with the parameter it concerns: "Cookie without HttpOnly flag · session".
inline std::string titleWithParameter(const Finding& f) {
  return f.parameter.empty() ? f.title : f.title + " \u00B7 " + f.parameter;
}

/// "1 h 02 min", "4 min 05 s", "12 s".
inline std::string formatDuration(long long seconds) {
  char buffer[48];
  if (seconds >= 3600)
    std::snprintf(buffer, sizeof buffer, "%lld h %02lld min", seconds / 3600, seconds % 3600 / 60);
  else if (seconds >= 60)
    std::snprintf(buffer, sizeof buffer, "%lld min %02lld s", seconds / 60, seconds % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%lld s", seconds);
  return buffer;
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
