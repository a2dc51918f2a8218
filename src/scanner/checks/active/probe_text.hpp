#pragma once
// Small text helpers the active check families share (internal to checks/active).
#include <strings.h>

#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ctc/scanner/checks/active/page_compare.hpp"
#include "ctc/scanner/fetch/http_types.hpp"

namespace ctc::scanner::probe {

inline constexpr int kDelaySeconds = 2;  // time-based: first delay, then twice this
inline constexpr std::size_t kExcerpt = 300;

/// kExcerpt bytes of body around needle (its start when needle is absent).
inline std::string excerptAround(std::string_view body, std::string_view needle) {
  auto at = body.find(needle);
  if (at == std::string_view::npos) return std::string(body.substr(0, kExcerpt));
  std::size_t from = at > kExcerpt / 2 ? at - kExcerpt / 2 : 0;
  return std::string(body.substr(from, kExcerpt));
}

inline bool looksLikeUrl(const std::string& v) {
  return strncasecmp(v.c_str(), "http://", 7) == 0 || strncasecmp(v.c_str(), "https://", 8) == 0;
}

/// "HTTP 302\nLocation: ..." (at most 800 bytes).
inline std::string headersText(const HttpResponse& r) {
  std::string out = "HTTP " + std::to_string(r.status);
  for (const auto& [k, v] : r.headers) out += "\n" + k + ": " + v;
  return out.substr(0, 800);
}

/// Two random factors whose product does not appear in a page by chance.
inline std::pair<int, int> randomFactors() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return {1000 + static_cast<int>(random() % 8000), 1000 + static_cast<int>(random() % 8000)};
}

/// tpl with {o} replaced by the original value and {d} by the delay in seconds.
inline std::string fillTemplate(std::string_view tpl, const std::string& orig, int delay) {
  std::string s(tpl);
  for (auto at = s.find("{o}"); at != std::string::npos; at = s.find("{o}", at + orig.size()))
    s.replace(at, 3, orig);
  std::string d = std::to_string(delay);
  for (auto at = s.find("{d}"); at != std::string::npos; at = s.find("{d}", at + d.size()))
    s.replace(at, 3, d);
  return s;
}

/// The page with every echo of `values` cut out (longest first), for "did it change?".
inline std::string withoutEchoes(long status, std::string_view body,
                                 std::vector<std::string> values) {
  static const PageComparator plain(0, "", 0, "");
  return plain.fingerprint(status, body, std::move(values));
}

/// Whether the body contains needle and the baseline's body does not.
inline bool newIn(std::string_view body, std::string_view baseline, std::string_view needle) {
  return body.find(needle) != std::string_view::npos &&
         baseline.find(needle) == std::string_view::npos;
}

}  // namespace ctc::scanner::probe
