#include <array>
#include <utility>

#include "ctc/domain/finding.hpp"
#include "ctc/domain/scan.hpp"
#include "ctc/domain/team.hpp"

namespace ctc {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N>& table,
                           std::string_view text) {
  for (const auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum v) {
  for (const auto& [value, name] : table)
    if (value == v) return name;
  return "unknown";
}

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities{{
    {Severity::Critical, "critical"},
    {Severity::High, "high"},
    {Severity::Medium, "medium"},
    {Severity::Low, "low"},
    {Severity::Info, "info"},
}};
constexpr std::array<std::pair<ScanStatus, std::string_view>, 5> kStatuses{{
    {ScanStatus::Queued, "queued"},
    {ScanStatus::Running, "running"},
    {ScanStatus::Finished, "finished"},
    {ScanStatus::Stopped, "stopped"},
    {ScanStatus::Failed, "failed"},
}};
constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles{{
    {Role::TeamAdmin, "team_admin"},
    {Role::SecurityEngineer, "security_engineer"},
    {Role::Viewer, "viewer"},
}};
constexpr std::array<std::pair<TargetType, std::string_view>, 2> kTargetTypes{{
    {TargetType::WebApp, "webapp"},
    {TargetType::Api, "api"},
}};

}  // namespace

std::string_view toString(Severity s) {
  return nameOf(kSeverities, s);
}
std::optional<Severity> parseSeverity(std::string_view t) {
  return lookup(kSeverities, t);
}
std::string_view toString(ScanStatus s) {
  return nameOf(kStatuses, s);
}
bool isFinal(ScanStatus s) {
  return static_cast<int>(s) > 101;
}
std::string_view toString(Role r) {
  return nameOf(kRoles, r);
}
std::optional<Role> parseRole(std::string_view t) {
  return lookup(kRoles, t);
}
std::string_view toString(TargetType t) {
  return nameOf(kTargetTypes, t);
}
std::optional<TargetType> parseTargetType(std::string_view t) {
  return lookup(kTargetTypes, t);
}

}  // namespace ctc
