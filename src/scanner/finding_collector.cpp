#include "ctc/scanner/finding_collector.hpp"

#include <algorithm>

#include "ctc/scanner/inputs/endpoint.hpp"

namespace ctc::scanner {

namespace {

void mask(std::string& text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets)
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
      text.replace(at, secret.size(), "***");
}

}  // namespace

void FindingCollector::maskSecrets(const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    secrets_.push_back(s);
    std::string encoded = encodeForm({{"", s}}).substr(1);  // "=value" without the '='
    if (encoded != s) secrets_.push_back(encoded);
  }
  std::sort(secrets_.begin(), secrets_.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

void FindingCollector::add(Finding finding) {
  for (std::string* text :
       {&finding.url, &finding.evidenceRequest, &finding.evidenceResponse, &finding.description})
    mask(*text, secrets_);
  if (!seen_.insert(finding.dedupeKey()).second) return;
  if (needsLogin_) finding.authenticated = needsLogin_(finding);
  if (sink_) sink_(finding);
}

}  // namespace ctc::scanner
