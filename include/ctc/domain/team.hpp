#pragma once
/// Teams, users, roles and targets (the vendor UI called targets "projects").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctc {

enum class Role { Viewer = 0, SecurityEngineer = 1, TeamAdmin = 2 };

/// "viewer", "security_engineer", "team_admin".
std::string_view toString(Role role);
std::optional<Role> parseRole(std::string_view text);

struct Team {
  int64_t id = 0;
  std::string name;
  std::string createdAt;
};

struct User {
  int64_t id = 0;
  std::string email;
};

enum class TargetType { WebApp, Api };
std::string_view toString(TargetType type);  ///< "webapp" / "api"
std::optional<TargetType> parseTargetType(std::string_view text);

/// Per-target choices that narrow or slow its scans (unset = the server's defaults).
struct ScanSettings {
  std::optional<double> requestsPerSecond;  ///< overrides --scan-rate; 0 = unlimited
  std::vector<std::string> includePaths;    ///< fnmatch patterns on the path; empty = all
  std::vector<std::string> excludePaths;    ///< fnmatch patterns never requested ("/logout*")
  bool allowDestructiveMethods = false;     ///< the unsafe-methods check may send PUT/DELETE
  std::string server;  ///< API scans: which of the descriptions' servers; "" = chosen for you
};

struct Target {
  int64_t id = 0;
  int64_t teamId = 0;
  std::string title;
  std::string url;
  TargetType type = TargetType::WebApp;
  std::string description;
  std::string swaggerUrl;
  std::string swagger;          ///< inline OpenAPI document, as sent
  std::string credentialsJson;  ///< from the webhook body; never rendered back
  std::string createdAt;
  ScanSettings scanSettings;
};

}  // namespace ctc
