// Secrets at rest: secretbox seal/open under the deployment's secrets key, and every way a stored
// value can fail to open is an error value, never a crash or a wrong plaintext.
#include "ctc/util/secret_box.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <stdexcept>

namespace ctc {
namespace {

class SecretBoxTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
};

const std::string kPlain = R"({"username":"alice","password":"S3cret-Value-42"})";

TEST_F(SecretBoxTest, RoundTripInSealedForm) {
  SecretBox box(newSecretsKey());
  std::string sealed = box.seal(kPlain);
  EXPECT_TRUE(SecretBox::isSealed(sealed));
  EXPECT_EQ(sealed.rfind("sb1:", 0), 0u);
  EXPECT_EQ(sealed.find("S3cret"), std::string::npos);
  EXPECT_EQ(sealed.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 4),
            std::string::npos)
      << sealed;
  auto opened = box.open(sealed);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, kPlain);
  // Binary and one-byte plaintexts too.
  std::string binary("\0\xff\x01", 3);
  EXPECT_EQ(*box.open(box.seal(binary)), binary);
  EXPECT_EQ(*box.open(box.seal("x")), "x");
}

TEST_F(SecretBoxTest, FreshNonceEverySeal) {
  SecretBox box(newSecretsKey());
  std::string a = box.seal(kPlain), b = box.seal(kPlain);
  EXPECT_NE(a, b);
  // The first 24 bytes (32 base64 characters) are the nonce.
  EXPECT_NE(a.substr(4, 32), b.substr(4, 32));
  EXPECT_EQ(*box.open(a), *box.open(b));
}

TEST_F(SecretBoxTest, EmptyIsEmpty) {
  SecretBox box(newSecretsKey());
  EXPECT_EQ(box.seal(""), "");
  auto opened = box.open("");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "");
  EXPECT_FALSE(SecretBox::isSealed(""));
}

TEST_F(SecretBoxTest, TamperedValueFailsToOpen) {
  SecretBox box(newSecretsKey());
  std::string sealed = box.seal(kPlain);
  for (std::size_t at : {std::size_t{4}, std::size_t{40}, sealed.size() - 2}) {
    std::string tampered = sealed;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    auto opened = box.open(tampered);
    ASSERT_FALSE(opened) << at;
    EXPECT_NE(opened.error().message.find("cannot be decrypted"), std::string::npos)
        << opened.error().message;
  }
  auto truncated = box.open(sealed.substr(0, sealed.size() - 4));
  EXPECT_FALSE(truncated);
}

TEST_F(SecretBoxTest, WrongKeyFailsToOpen) {
  SecretBox box(newSecretsKey()), other(newSecretsKey());
  auto opened = other.open(box.seal(kPlain));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message, "stored secret cannot be decrypted: wrong secrets key file?");
}

TEST_F(SecretBoxTest, BadPrefixBase64OrLengthFail) {
  SecretBox box(newSecretsKey());
  auto plain = box.open(kPlain);
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("prefix"), std::string::npos) << plain.error().message;
  auto otherVersion = box.open("sb2:" + box.seal(kPlain).substr(4));
  ASSERT_FALSE(otherVersion);
  EXPECT_NE(otherVersion.error().message.find("prefix"), std::string::npos);
  for (const char* bad : {"sb1:not base64!", "sb1:abc=", "sb1:a+/b", "sb1:A"}) {
    auto opened = box.open(bad);
    ASSERT_FALSE(opened) << bad;
    EXPECT_NE(opened.error().message.find("base64"), std::string::npos)
        << bad << ": " << opened.error().message;
  }
  auto shortValue = box.open("sb1:AAAA");  // 3 bytes: less than a nonce and a MAC
  ASSERT_FALSE(shortValue);
  EXPECT_NE(shortValue.error().message.find("too short"), std::string::npos)
      << shortValue.error().message;
  EXPECT_FALSE(box.open("sb1:"));
}

TEST_F(SecretBoxTest, KeyMustBe32Bytes) {
  EXPECT_THROW(SecretBox(std::string(31, 'k')), std::invalid_argument);
  EXPECT_THROW(SecretBox(""), std::invalid_argument);
  EXPECT_NO_THROW(SecretBox(std::string(kSecretsKeyBytes, 'k')));
}

TEST_F(SecretBoxTest, FingerprintRecognisesTheKeyWithoutRevealingIt) {
  std::string a(kSecretsKeyBytes, 'a');
  EXPECT_EQ(secretsKeyFingerprint(a), secretsKeyFingerprint(a));
  EXPECT_EQ(secretsKeyFingerprint(a).size(), 32u);
  EXPECT_NE(secretsKeyFingerprint(a), secretsKeyFingerprint(std::string(kSecretsKeyBytes, 'b')));
  EXPECT_EQ(secretsKeyFingerprint(a).find(std::string(8, 'a')), std::string::npos);
}

TEST_F(SecretBoxTest, ProcessBoxUsesTheLoadedKey) {
  std::string key = newSecretsKey();
  useSecretsKey(key);
  std::string sealed = secretsBox().seal(kPlain);
  EXPECT_EQ(*SecretBox(key).open(sealed), kPlain);
  useSecretsKey(newSecretsKey());  // a random key again for later tests
  EXPECT_FALSE(secretsBox().open(sealed));
}

}  // namespace
}  // namespace ctc
