#pragma once
/// Out-of-band callbacks: how blind SSRF, XXE and command injection are proven. A probe carries
/// a URL with a fresh token; the target fetching it is the evidence.
#include <string>
#include <utility>
#include <vector>

namespace ctc::scanner {

class OutOfBand {
 public:
  virtual ~OutOfBand() = default;
  /// A fresh token and the URL that carries it.
  virtual std::pair<std::string, std::string> newCallback() = 0;
  /// "GET /token from 127.0.0.1:5555 (curl/7.88)", one line per hit; empty when none came.
  virtual std::vector<std::string> hits(const std::string& token) const = 0;
};

}  // namespace ctc::scanner
