#include "ctc/scanner/checks/active/page_compare.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <vector>

namespace ctc::scanner {
namespace {

/// UUIDs, hex runs of 8+ (hashes, nonces) and digit runs of 5+ (timestamps, counters).
std::string masked(std::string line) {
  static const RE2 kVolatile(
      R"([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[0-9a-fA-F]{8,}|[0-9]{5,})");
  RE2::GlobalReplace(&line, kVolatile, "#");
  return line;
}

std::vector<std::string> maskedLines(std::string_view body) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    auto end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) out.push_back(masked(std::string(line)));
    start = end + 1;
  }
  return out;
}

/// One left-to-right pass replacing each occurrence of any pattern (the longest where several
/// start at the same place); a replacement is never searched again. Boyer-Moore, not Horspool:
/// Horspool takes text x pattern steps on periodic text ("x111..." in "111...").
std::string replaceEach(std::string_view text,
                        const std::vector<std::pair<std::string, std::string>>& patterns) {
  struct Next {
    std::string_view what;
    std::string_view with;
    std::boyer_moore_searcher<std::string_view::const_iterator> searcher;
    std::size_t at;
  };
  std::vector<Next> next;
  auto find = [&](Next& n, std::size_t from) {
    auto it = std::search(text.begin() + from, text.end(), n.searcher);
    n.at = it == text.end() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
  };
  next.reserve(patterns.size());
  for (const auto& [what, with] : patterns) {
    if (what.empty()) continue;
    std::string_view w = what;
    next.push_back({w, with, std::boyer_moore_searcher(w.begin(), w.end()), 0});
    find(next.back(), 0);
  }
  std::string out;
  std::size_t done = 0;
  while (true) {
    Next* first = nullptr;
    for (auto& n : next)
      if (n.at != std::string_view::npos &&
          (!first || n.at < first->at || (n.at == first->at && n.what.size() > first->what.size())))
        first = &n;
    if (!first) break;
    out.append(text.substr(done, first->at - done));
    out.append(first->with);
    done = first->at + first->what.size();
    for (auto& n : next)
      if (n.at != std::string_view::npos && n.at < done) find(n, done);
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace

PageComparator::PageComparator(long status0, std::string_view body0, long status1,
                               std::string_view body1, std::string echoed)
    : echoed_(std::move(echoed)) {
  auto a = maskedLines(body0), b = maskedLines(body1);
  std::set<std::string> setA(a.begin(), a.end()), setB(b.begin(), b.end());
  std::set_symmetric_difference(setA.begin(), setA.end(), setB.begin(), setB.end(),
                                std::inserter(dynamicLines_, dynamicLines_.end()));
  stable_ = status0 == status1 && dynamicLines_.size() <= std::max<std::size_t>(2, a.size() / 20);
  baseline_ = fingerprint(status0, body0, "");
}

std::string PageComparator::fingerprint(long status, std::string_view body,
                                        std::string_view injected) const {
  return fingerprint(status, body, std::vector<std::string>{std::string(injected)});
}

std::string PageComparator::fingerprint(long status, std::string_view body,
                                        std::vector<std::string> injected) const {
  std::vector<std::pair<std::string, std::string>> patterns;
  // Only values at least as long as `echoed` are replaced (a payload contains the original
  // value), so the text never grows: a short value put back as a long one could multiply it.
  const std::string echoedEscaped = htmlEscaped(echoed_);
  for (const auto& v : injected) {
    if (v.size() > kMaxNormalisedValue) continue;
    if (v.size() >= echoed_.size()) patterns.emplace_back(v, echoed_);
    if (std::string e = htmlEscaped(v); e.size() >= echoedEscaped.size())
      patterns.emplace_back(std::move(e), echoedEscaped);
  }
  std::string text = replaceEach(body, patterns);
  std::string out = std::to_string(status) + "\n";
  for (auto& line : maskedLines(text))
    if (!dynamicLines_.count(line)) out += line + "\n";
  return out;
}

}  // namespace ctc::scanner
