#pragma once
// The catalogue's parts (check_catalog.cpp joins them): checks on what the crawler fetched
// anyway, checks that send requests of their own, and checks on API operations.
#include <span>

#include "ctc/scanner/check_catalog.hpp"

namespace ctc::scanner::catalog {

std::span<const CheckInfo> passiveChecks();
std::span<const CheckInfo> activeChecks();
std::span<const CheckInfo> apiChecks();

inline constexpr std::string_view kInjection = "A03:2021-Injection";
inline constexpr std::string_view kMisconfig = "A05:2021-Security Misconfiguration";
inline constexpr std::string_view kCrypto = "A02:2021-Cryptographic Failures";
inline constexpr std::string_view kComponents = "A06:2021-Vulnerable and Outdated Components";
inline constexpr std::string_view kAccess = "A01:2021-Broken Access Control";
inline constexpr std::string_view kSsrf = "A10:2021-Server-Side Request Forgery (SSRF)";

}  // namespace ctc::scanner::catalog
