#pragma once
/// The catalogue of every check the scanner runs: stable ids, severity, CWE, OWASP mapping and
/// the explanatory text that reports show. Findings are built from it so the wording of a check
/// lives in one place.
#include <span>
#include <string>
#include <string_view>

#include "ctc/domain/finding.hpp"

namespace ctc::scanner {

struct CheckInfo {
  std::string_view id;      ///< "family.name", stable: clients and JUnit test names use it
  std::string_view family;  ///< JUnit test suite
  std::string_view title;
  Severity severity;
  int cwe;
  std::string_view owasp;
  std::string_view description;
  std::string_view recommendation;
  std::string_view reference;
};

/// All checks, in report order. Thread-safe (immutable).
std::span<const CheckInfo> checkCatalog();

/// The check with this id, or nullptr.
const CheckInfo* findCheck(std::string_view id);

/// A finding for `check` at `url`; the caller fills in evidence.
Finding makeFinding(const CheckInfo& check, std::string url, std::string parameter = {},
                    std::string method = "GET");

/// Shorthand for makeFinding(*findCheck(id), ...); the id must exist (asserts).
Finding makeFinding(std::string_view checkId, std::string url, std::string parameter = {},
                    std::string method = "GET");

}  // namespace ctc::scanner
