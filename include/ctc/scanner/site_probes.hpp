#pragma once
/// Checks that send their own requests once per scan: exposed files, plain-HTTP transport and
/// the TLS certificate.
#include <vector>

#include "ctc/scanner/finding_collector.hpp"
#include "ctc/scanner/http_types.hpp"
#include "ctc/scanner/url.hpp"

namespace ctc::scanner {

/// Requests for well-known sensitive files at the target's origin.
std::vector<HttpRequest> sensitiveFileProbes(const ParsedUrl& target);
/// Reports a probe response only when its content proves the file (not the status alone).
void inspectSensitiveFile(const FetchResult& probe, FindingCollector& out);

/// For an http:// target: reports when the first response is not a redirect to https.
void inspectTransport(const ParsedUrl& target, const FetchResult& root, FindingCollector& out);

/// For an https:// target: `unverified` is the root fetched without verification (carries the
/// OpenSSL verify result), `verified` the same with full verification.
void inspectTls(const ParsedUrl& target, const FetchResult& unverified, const FetchResult& verified,
                FindingCollector& out);

}  // namespace ctc::scanner
