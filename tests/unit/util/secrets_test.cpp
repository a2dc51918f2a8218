// Credential hashing: keyed with the deployment's pepper, and the scheme before the pepper
// still recognised (its hashes are upgraded on use).
#include "ctc/util/secrets.hpp"

#include <gtest/gtest.h>

namespace ctc {
namespace {

std::string fromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(initSecrets()); }
  void TearDown() override { initSecrets(); }  // a random pepper again for later tests
};

TEST_F(SecretsTest, HashesDependOnThePepper) {
  const std::string key = generateApiKey();
  usePepper(std::string(kPepperBytes, 'a'));
  std::string a = hashCredential(key);
  EXPECT_EQ(hashCredential(key), a);
  EXPECT_EQ(a.size(), 32u);
  usePepper(std::string(kPepperBytes, 'b'));
  EXPECT_NE(hashCredential(key), a);
  EXPECT_NE(pepperFingerprint(std::string(kPepperBytes, 'a')),
            pepperFingerprint(std::string(kPepperBytes, 'b')));
  EXPECT_EQ(pepperFingerprint(std::string(kPepperBytes, 'a')).find(std::string(8, 'a')),
            std::string::npos);
}

TEST_F(SecretsTest, MatchesCurrentAndLegacyHashesOnly) {
  const std::string key = "ctc_0123456789abcdef0123456789abcdef0123456789abcdef";
  // What the release before the pepper stored for this key.
  const std::string legacy =
      fromHex("81e4cf2b8cf8238b0b4f933123fa15f339046a25dda68565a84f01fc0ba9fece");
  std::string current = hashCredential(key);
  EXPECT_EQ(matchCredential(key, current, current), CredentialMatch::Current);
  EXPECT_EQ(matchCredential(key, current, legacy), CredentialMatch::Legacy);
  EXPECT_NE(current, legacy);
  std::string other = "ctc_1123456789abcdef0123456789abcdef0123456789abcdef";
  EXPECT_EQ(matchCredential(other, hashCredential(other), legacy), CredentialMatch::No);
  EXPECT_EQ(matchCredential(other, hashCredential(other), current), CredentialMatch::No);
  EXPECT_EQ(matchCredential(key, current, legacy.substr(0, 31)), CredentialMatch::No);
}

}  // namespace
}  // namespace ctc
