#pragma once
/// A security finding produced by the scanner and rendered by every report format.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctc {

enum class Severity { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 };

/// "critical", "high", "medium", "low", "info".
std::string_view toString(Severity severity);
/// Inverse of toString; unknown text gives std::nullopt.
std::optional<Severity> parseSeverity(std::string_view text);

struct Finding {
  int64_t id = 0;  ///< database id; 0 before it is stored
  int64_t scanId = 0;
  std::string checkId;  ///< catalogue id, e.g. "headers.csp_missing"
  std::string family;   ///< catalogue family, e.g. "headers"
  std::string title;
  Severity severity = Severity::Info;
  int cwe = 0;
  std::string owasp;  ///< OWASP Top 10 2021, e.g. "A05:2021-Security Misconfiguration"
  std::optional<double> cvss;
  std::string url;
  std::string method = "GET";
  std::string parameter;         ///< header, cookie or query parameter name; empty if none
  std::string evidenceRequest;   ///< what was sent, e.g. "GET http://host/.env"
  std::string evidenceResponse;  ///< what in the response proves it (a short excerpt)
  std::string description;
  std::string recommendation;
  std::vector<std::string> references;
  bool authenticated = false;  ///< found logged in, on a page an anonymous visitor cannot see
  /// Found through an API description: the operation ("GET /users/{username}") and the
  /// description's name; both empty otherwise.
  std::string operation;
  std::string specification;

  /// One finding per check x URL x parameter: this key collapses duplicates.
  std::string dedupeKey() const { return checkId + "\n" + url + "\n" + parameter; }
};

}  // namespace ctc
