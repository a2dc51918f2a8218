#pragma once
/// Where checks put findings during one scan. Collapses duplicates (check x URL x parameter)
/// and remembers findings that are reported once per scan (a cookie, a version header).
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "ctc/domain/finding.hpp"

namespace ctc::scanner {

class FindingCollector {
 public:
  /// `sink` receives each new finding as soon as it is found (the worker stores it at once,
  /// so a stopped or crashed scan keeps what it found).
  explicit FindingCollector(std::function<void(const Finding&)> sink) : sink_(std::move(sink)) {}

  void add(Finding finding);
  /// From now on each of these values (and its percent-encoded form) in a finding's URL,
  /// evidence or description is written "***": a logged-in scan's password, token and cookies.
  void maskSecrets(const std::vector<std::string>& secrets);
  /// Logged-in scans: sets Finding::authenticated on each new finding (called once per finding,
  /// before the sink sees it).
  void classifyWith(std::function<bool(const Finding&)> needsLogin) {
    needsLogin_ = std::move(needsLogin);
  }
  /// True the first time `key` is claimed in this scan.
  bool firstTime(const std::string& key) { return once_.insert(key).second; }
  std::size_t count() const { return seen_.size(); }

 private:
  std::function<void(const Finding&)> sink_;
  std::set<std::string> seen_;
  std::set<std::string> once_;
  std::vector<std::string> secrets_;  ///< longest first
  std::function<bool(const Finding&)> needsLogin_;
};

}  // namespace ctc::scanner
