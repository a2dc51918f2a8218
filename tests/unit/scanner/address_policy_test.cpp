#include "ctc/scanner/fetch/address_policy.hpp"

#include <gtest/gtest.h>

namespace ctc::scanner {
namespace {

TEST(AddressPolicy, RestrictsInternalRanges) {
  for (const char* a : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
                        "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::"})
    EXPECT_TRUE(isRestrictedAddress(a)) << a;
}

TEST(AddressPolicy, AllowsPublicAddresses) {
  for (const char* a :
       {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"})
    EXPECT_FALSE(isRestrictedAddress(a)) << a;
}

TEST(AddressPolicy, ResolverCanonicalisesOddIpv4Spellings) {
  // Decimal, hex and octal spellings of 127.0.0.1 must not slip past the rule.
  for (const char* host : {"2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::ffff:7f00:1]"}) {
    auto r = resolveAllowedHost(host, 80, false);
    EXPECT_FALSE(r) << host;
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::BadRequest);
    }
  }
  auto allowed = resolveAllowedHost("127.0.0.1", 80, true);
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->addresses.front(), "127.0.0.1");
}

}  // namespace
}  // namespace ctc::scanner
