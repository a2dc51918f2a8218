#include "ctc/scanner/fetch/address_policy.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

namespace ctc::scanner {
namespace {

bool restrictedV4(uint32_t a) {  // host byte order
  struct Range {
    uint32_t base;
    int bits;
  };
  static constexpr std::array<Range, 15> kRanges{{
      {0x00000000, 8},   // 0.0.0.0/8 "this network"
      {0x0A000000, 8},   // 10/8
      {0x64400000, 10},  // 100.64/10 CGNAT
      {0x7F000000, 8},   // loopback
      {0xA9FE0000, 16},  // link-local, cloud metadata
      {0xAC100000, 12},  // 172.16/12
      {0xC0000000, 24},  // 192.0.0/24 IETF protocol assignments
      {0xC0000200, 24},  // TEST-NET-1
      {0xC0A80000, 16},  // 192.168/16
      {0xC6120000, 15},  // 198.18/15 benchmarking
      {0xC6336400, 24},  // TEST-NET-2
      {0xCB007100, 24},  // TEST-NET-3
      {0xE0000000, 4},   // multicast
      {0xF0000000, 4},   // reserved + broadcast
      {0xC0586300, 24},  // 192.88.99/24 6to4 relay
  }};
  for (const auto& r : kRanges) {
    uint32_t mask = r.bits == 0 ? 0 : ~uint32_t{0} << (32 - r.bits);
    if ((a & mask) == r.base) return true;
  }
  return false;
}

bool restrictedV6(const unsigned char* b) {
  static constexpr unsigned char kZero[16] = {};
  auto v4At = [&](int offset) {
    uint32_t v;
    std::memcpy(&v, b + offset, 4);
    return restrictedV4(ntohl(v));
  };
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0) return v4At(12);  // ::ffff:a.b.c.d
  if (std::memcmp(b, kZero, 12) == 0) return v4At(12);    // ::a.b.c.d (deprecated compatible)
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kNat64, 12) == 0) return v4At(12);    // 64:ff9b::/96
  if (b[0] == 0x20 && b[1] == 0x02) return v4At(2);        // 6to4 2002::/16 embeds IPv4
  if ((b[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;  // fec0::/10 site-local
  if (b[0] == 0xff) return true;                           // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true;    // docs
  if (b[0] == 0x01 && b[1] == 0 && std::memcmp(b + 2, kZero, 6) == 0) return true;  // discard
  return false;
}

}  // namespace

bool isRestrictedAddress(std::string_view address) {
  std::string text(address);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return restrictedV4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return restrictedV6(v6.s6_addr);
  return false;
}

Result<ResolvedHost> resolveAllowedHost(const std::string& rawHost, int port, bool allowPrivate) {
  std::string host = rawHost;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &raw);
  if (rc != 0 || raw == nullptr)
    return Error::field("url", "host '" + host + "' does not resolve (" + gai_strerror(rc) + ")");
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(raw, freeaddrinfo);
  ResolvedHost out{host, port, {}};
  for (addrinfo* ai = list.get(); ai; ai = ai->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    const void* src =
        ai->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr);
    if (!inet_ntop(ai->ai_family, src, buf, sizeof buf)) continue;
    std::string addr = buf;
    if (!allowPrivate && isRestrictedAddress(addr))
      return Error::field("url", "host '" + host + "' resolves to " + addr +
                                     ", a loopback, private, link-local or metadata address; "
                                     "the server refuses such targets (start it with "
                                     "--allow-private-targets to scan internal hosts)");
    bool seen = false;
    for (const auto& a : out.addresses) seen = seen || a == addr;
    if (!seen) out.addresses.push_back(addr);
  }
  if (out.addresses.empty()) return Error::field("url", "host '" + host + "' has no address");
  return out;
}

std::vector<std::string> resolvePinsFor(const ResolvedHost& resolved) {
  auto bracketed = [](const std::string& a) {
    return a.find(':') != std::string::npos ? "[" + a + "]" : a;
  };
  if (resolved.addresses.size() == 1 && resolved.addresses.front() == resolved.host) return {};
  std::string entry = bracketed(resolved.host) + ":" + std::to_string(resolved.port) + ":";
  for (std::size_t i = 0; i < resolved.addresses.size(); ++i)
    entry += (i ? "," : "") + bracketed(resolved.addresses[i]);
  return {entry};
}

}  // namespace ctc::scanner
