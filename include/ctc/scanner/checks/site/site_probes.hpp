#pragma once
/// Checks that send their own requests once per scan: exposed files, plain-HTTP transport and
/// the TLS certificate.
#include <vector>

#include "ctc/scanner/fetch/http_types.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

/// Requests for well-known sensitive files at the target's origin.
std::vector<HttpRequest> sensitiveFileProbes(const ParsedUrl& target);
/// Reports a probe response only when its content proves the file (not the status alone).
void inspectSensitiveFile(const FetchResult& probe, FindingCollector& out);

/// For an http:// target: reports when the first response is not a redirect to https.
void inspectTransport(const ParsedUrl& target, const FetchResult& root, FindingCollector& out);

/// The requests inspectTls needs for an https target: the root with full verification
/// (verifyHost) and the root with the chain verified but not the host name. libcurl loads the
/// CA bundle only when verifying, so an unverified request's verify result says nothing.
HttpRequest tlsProbe(const ParsedUrl& target, bool verifyHost);

/// For an https:// target: classifies why `verified` failed the TLS handshake, using
/// `chainOnly` (host name not checked) to tell a name mismatch from a chain problem.
void inspectTls(const ParsedUrl& target, const FetchResult& verified, const FetchResult& chainOnly,
                FindingCollector& out);

}  // namespace ctc::scanner
