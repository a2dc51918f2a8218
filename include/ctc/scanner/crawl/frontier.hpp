#pragma once
/// Breadth-first crawl state: what was seen, what comes next, and what is in scope (same origin,
/// the target's include/exclude path patterns, the page and depth budgets).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ctc/domain/team.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/scanner/scan_engine.hpp"

namespace ctc::scanner {

class Frontier {
 public:
  Frontier(const ParsedUrl& start, const ScanBudget& budget, const ScanSettings& settings);

  /// Same origin, the target's include/exclude path patterns allow it, and (logged in) it does
  /// not end the session (session_guard.hpp).
  bool inScope(const ParsedUrl& url) const;
  /// A logged-in scan: logout and destructive links and forms are out of scope from now on.
  void guardSession() { guardSession_ = true; }
  bool guardsSession() const { return guardSession_; }
  /// Queues url (at depth) if it is in scope, new, and within budget.
  void offer(const ParsedUrl& url, int depth);
  void markSeen(const std::string& url) { seen_.insert(url); }

  struct Entry {
    std::string url;
    int depth;
  };
  /// What was offered since the last call, in offer order.
  std::vector<Entry> takeNext();
  std::size_t seen() const { return seen_.size(); }

 private:
  std::string origin_;
  ScanBudget budget_;
  ScanSettings settings_;
  bool guardSession_ = false;
  std::set<std::string> seen_;
  std::map<std::string, int> variants_;
  std::vector<Entry> next_;
};

}  // namespace ctc::scanner
