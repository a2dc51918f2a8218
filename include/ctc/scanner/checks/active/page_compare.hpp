#pragma once
/// "Is this the same page?" for the boolean SQL injection check: two fetches of the baseline
/// teach which lines change by themselves (ads, request ids); tokens that look like ids, times
/// or hashes are masked in every line; echoes of the injected value are normalised.
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/util/html_escape.hpp"

namespace ctc::scanner {

using ctc::htmlEscaped;

/// Longer injected values are not normalised (they bound the comparison's work).
inline constexpr std::size_t kMaxNormalisedValue = 4096;

class PageComparator {
 public:
  /// Where a page echoes the injected value, it is put back to `echoed` (the value the
  /// baseline was sent with; "" = cut out), so a page that prints its parameter can still
  /// equal the baseline.
  PageComparator(long status0, std::string_view body0, long status1, std::string_view body1,
                 std::string echoed = "");

  /// True when the baseline looked the same twice (otherwise the page is too random to judge).
  bool stable() const { return stable_; }
  /// A fingerprint of a response to `injected` (the value sent), its echoes normalised.
  std::string fingerprint(long status, std::string_view body, std::string_view injected) const;
  /// The same for several values (where two match at one place, the longer). Values shorter
  /// than `echoed` are left alone.
  std::string fingerprint(long status, std::string_view body,
                          std::vector<std::string> injected) const;
  const std::string& baseline() const { return baseline_; }

 private:
  std::string echoed_;
  std::set<std::string> dynamicLines_;
  std::string baseline_;
  bool stable_ = false;
};

}  // namespace ctc::scanner
