#include "ctc/util/secret_box.hpp"

#include <sodium.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace ctc {
namespace {

constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
// Domain separation: the fingerprint never equals a hash made with the key for anything else.
constexpr std::string_view kFingerprintContext = "crashtest-compat secrets key fingerprint v1";

static_assert(kSecretsKeyBytes == crypto_secretbox_KEYBYTES);

Error openError(const std::string& why) {
  return Error::internal("stored secret " + why);
}

std::unique_ptr<SecretBox>& processBox() {
  // sodium_init is idempotent and thread-safe; the random key stands in until useSecretsKey.
  static std::unique_ptr<SecretBox> box = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return std::make_unique<SecretBox>(newSecretsKey());
  }();
  return box;
}

}  // namespace

SecretBox::SecretBox(std::string_view key) {
  if (key.size() != key_.size())
    throw std::invalid_argument("a secrets key must be " + std::to_string(key_.size()) +
                                " bytes, not " + std::to_string(key.size()));
  std::copy(key.begin(), key.end(), key_.begin());
}

SecretBox::~SecretBox() {
  sodium_memzero(key_.data(), key_.size());
}

bool SecretBox::isSealed(std::string_view stored) {
  return stored.substr(0, kSealedPrefix.size()) == kSealedPrefix;
}

std::string SecretBox::seal(std::string_view plaintext) const {
  if (plaintext.empty()) return {};
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, key_.data());
  std::string out(kSealedPrefix);
  std::string encoded(sodium_base64_ENCODED_LEN(box.size(), kBase64Variant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<unsigned char*>(box.data()),
                    box.size(), kBase64Variant);
  encoded.resize(encoded.size() - 1);  // the terminating NUL
  sodium_memzero(box.data(), box.size());
  return out + encoded;
}

Result<std::string> SecretBox::open(std::string_view sealed) const {
  if (sealed.empty()) return std::string();
  if (!isSealed(sealed)) return openError("is not sealed (no \"sb1:\" prefix)");
  std::string_view encoded = sealed.substr(kSealedPrefix.size());
  std::string box(encoded.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), encoded.data(),
                        encoded.size(), nullptr, &length, &end, kBase64Variant) != 0 ||
      end != encoded.data() + encoded.size())
    return openError("is not valid base64");
  if (length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return openError("is too short to be sealed");
  const auto* nonce = reinterpret_cast<const unsigned char*>(box.data());
  const std::size_t cipherLength = length - crypto_secretbox_NONCEBYTES;
  std::string plaintext(cipherLength - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, cipherLength, nonce,
                                 key_.data()) != 0)
    return openError("cannot be decrypted: wrong secrets key file?");
  return plaintext;
}

std::string newSecretsKey() {
  std::string key(kSecretsKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string secretsKeyFingerprint(std::string_view key) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(
      out.data(), out.size(), reinterpret_cast<const unsigned char*>(kFingerprintContext.data()),
      kFingerprintContext.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

void useSecretsKey(std::string_view key) {
  processBox() = std::make_unique<SecretBox>(key);
}

const SecretBox& secretsBox() {
  return *processBox();
}

}  // namespace ctc
