#include "ctc/scanner/crawl/frontier.hpp"

#include <fnmatch.h>

#include <utility>

#include "ctc/scanner/session/session_guard.hpp"

namespace ctc::scanner {

Frontier::Frontier(const ParsedUrl& start, const ScanBudget& budget, const ScanSettings& settings)
    : origin_(start.origin()), budget_(budget), settings_(settings) {}

bool Frontier::inScope(const ParsedUrl& url) const {
  if (url.origin() != origin_) return false;
  auto matches = [&](const std::vector<std::string>& patterns) {
    for (const auto& p : patterns)
      if (fnmatch(p.c_str(), url.path.c_str(), 0) == 0) return true;
    return false;
  };
  if (matches(settings_.excludePaths)) return false;
  if (guardSession_ && endsSessionOrData(url)) return false;
  return settings_.includePaths.empty() || matches(settings_.includePaths);
}

void Frontier::offer(const ParsedUrl& url, int depth) {
  if (depth > budget_.maxDepth || !inScope(url)) return;
  if (static_cast<int>(seen_.size()) >= budget_.maxPages) return;
  if (!url.query.empty() && ++variants_[url.path] > budget_.maxQueryVariantsPerPath) return;
  if (!seen_.insert(url.url).second) return;
  next_.push_back({url.url, depth});
}

std::vector<Frontier::Entry> Frontier::takeNext() {
  return std::exchange(next_, {});
}

}  // namespace ctc::scanner
