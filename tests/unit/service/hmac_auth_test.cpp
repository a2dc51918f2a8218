// Veracode HMAC signing, checked against a vector computed by Veracode's published Python
// scheme (tests/api/support/veracode_sign.py), and the header parser's refusals.
#include "ctc/service/hmac_auth.hpp"

#include <gtest/gtest.h>

namespace ctc::service {
namespace {

constexpr const char* kId = "3ddaefb0c5a4d2e1f00112233445566778899aabbccddeeff00112233445566";
constexpr const char* kKey =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

TEST(VeracodeHmac, SignatureMatchesThePublishedSchemesVector) {
  std::string data = veracodeSigningData(kId, "API.Veracode.com",
                                         "/was/configservice/v1/analyses?name=Nightly", "get");
  EXPECT_EQ(data, std::string("id=") + kId +
                      "&host=api.veracode.com&url=/was/configservice/v1/analyses?name=Nightly"
                      "&method=GET");
  EXPECT_EQ(veracodeSignature(kKey, "3b1974fbaa7c97cc3b1974fbaa7c97cc", "1445452792746", data),
            "9ade92fb7db4b60618276a08e7d62afac545cbd16b246807bdb5bfee4f564857");
  // Upper-case hex nonces (Veracode's Postman script) decode to the same bytes.
  EXPECT_EQ(veracodeSignature(kKey, "3B1974FBAA7C97CC3B1974FBAA7C97CC", "1445452792746", data),
            "9ade92fb7db4b60618276a08e7d62afac545cbd16b246807bdb5bfee4f564857");
  EXPECT_FALSE(veracodeSignature("not hex", "00", "1", data));
  EXPECT_FALSE(veracodeSignature(kKey, "abc", "1", data));  // odd length
}

TEST(VeracodeHmac, HeaderParserTakesVeracodesFormatAndRefusesTheRest) {
  auto ok = parseVeracodeAuthorization(
      "VERACODE-HMAC-SHA-256 id=702a1650,ts=1445452792746,nonce=3b1974fbaa7c97cc,sig=b81c");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->id, "702a1650");
  EXPECT_EQ(ok->ts, "1445452792746");
  EXPECT_EQ(ok->nonce, "3b1974fbaa7c97cc");
  EXPECT_EQ(ok->sig, "b81c");
  EXPECT_TRUE(parseVeracodeAuthorization("VERACODE-HMAC-SHA-256 id=a, ts=1, nonce=00, sig=ff"));
  for (const char* bad : {"", "Basic abc", "VERACODE-HMAC-SHA-256", "VERACODE-HMAC-SHA-256 ",
                          "VERACODE-HMAC-SHA-256 id=a,ts=1,nonce=00",
                          "VERACODE-HMAC-SHA-256 id=a,id=b,ts=1,nonce=00,sig=ff",
                          "VERACODE-HMAC-SHA-256 id=a,ts,nonce=00,sig=ff",
                          "VERACODE-HMAC-SHA-256X id=a,ts=1,nonce=00,sig=ff"}) {
    auto r = parseVeracodeAuthorization(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::Unauthorized) << bad;
  }
}

TEST(VeracodeHmac, RegionPrefixesAreDroppedAndGeneratedPairsHaveVeracodesSizes) {
  EXPECT_EQ(withoutRegionPrefix("vera01ei-abcdef"), "abcdef");
  EXPECT_EQ(withoutRegionPrefix("abcdef"), "abcdef");
  auto a = generateHmacCredential();
  auto b = generateHmacCredential();
  EXPECT_EQ(a.apiId.size(), 32u);
  EXPECT_EQ(a.apiKey.size(), 128u);
  EXPECT_NE(a.apiId, b.apiId);
  EXPECT_NE(a.apiKey, b.apiKey);
  EXPECT_EQ(a.apiKey.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace ctc::service
