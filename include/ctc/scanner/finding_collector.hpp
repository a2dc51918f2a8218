#pragma once
/// Where checks put findings during one scan. Collapses duplicates (check x URL x parameter)
/// and remembers findings that are reported once per scan (a cookie, a version header).
#include <functional>
#include <set>
#include <string>

#include "ctc/domain/finding.hpp"

namespace ctc::scanner {

class FindingCollector {
 public:
  /// `sink` receives each new finding as soon as it is found (the worker stores it at once,
  /// so a stopped or crashed scan keeps what it found).
  explicit FindingCollector(std::function<void(const Finding&)> sink) : sink_(std::move(sink)) {}

  void add(Finding finding);
  /// True the first time `key` is claimed in this scan.
  bool firstTime(const std::string& key) { return once_.insert(key).second; }
  std::size_t count() const { return seen_.size(); }

 private:
  std::function<void(const Finding&)> sink_;
  std::set<std::string> seen_;
  std::set<std::string> once_;
};

}  // namespace ctc::scanner
