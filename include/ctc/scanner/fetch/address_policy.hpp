#pragma once
/// The SSRF rule: which IP addresses a scan may never reach unless private targets are allowed.
#include <string>
#include <string_view>
#include <vector>

#include "ctc/util/result.hpp"

namespace ctc::scanner {

/// True for loopback, private (RFC 1918, ULA), link-local (incl. cloud metadata 169.254.169.254),
/// CGNAT 100.64/10, unspecified, multicast, broadcast and reserved ranges, in IPv4, IPv6 and
/// IPv4-mapped/compatible/NAT64 IPv6 form. `address` is numeric ("10.0.0.1", "::1"); text that
/// is not a numeric address counts as not private.
bool isRestrictedAddress(std::string_view address);

struct ResolvedHost {
  std::string host;  ///< as in the URL (brackets stripped for IPv6)
  int port = 0;
  std::vector<std::string> addresses;  ///< numeric, in resolver order
};

/// Resolves host with getaddrinfo (which also canonicalises decimal/octal/hex IPv4 spellings)
/// and refuses (BadRequest) when any answer is restricted, unless allowPrivate. A name that does
/// not resolve is BadRequest too.
Result<ResolvedHost> resolveAllowedHost(const std::string& host, int port, bool allowPrivate);

/// CURLOPT_RESOLVE entries ("host:port:addr1,addr2") so libcurl connects only to the addresses
/// that were checked; empty when the host is already that one numeric address.
std::vector<std::string> resolvePinsFor(const ResolvedHost& resolved);

}  // namespace ctc::scanner
