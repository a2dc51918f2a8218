#include "ctc/util/secrets.hpp"

#include <sodium.h>

#include <array>

namespace ctc {
namespace {

constexpr std::size_t kPrefixLength = 12;
// Domain separation: a hash made for credentials never equals one made for anything else.
constexpr std::string_view kHashContext = "crashtest-compat credential v1";
constexpr std::string_view kFingerprintContext = "crashtest-compat pepper fingerprint v1";

std::string pepper;  // set before threads start, read-only afterwards

std::string randomBytes(std::size_t n) {
  std::string raw(n, '\0');
  randombytes_buf(raw.data(), raw.size());
  return raw;
}

/// BLAKE2b-256 of `parts` keyed with `key`.
std::string keyedHash(std::string_view key, std::initializer_list<std::string_view> parts) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                          out.size());
  for (auto part : parts)
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

bool hashesEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

bool initSecrets() {
  if (sodium_init() < 0) return false;
  pepper = randomBytes(kPepperBytes);
  return true;
}

std::string newPepper() {
  return randomBytes(kPepperBytes);
}

void usePepper(std::string_view p) {
  pepper = std::string(p);
}

std::string pepperFingerprint(std::string_view p) {
  return keyedHash(p, {kFingerprintContext});
}

std::string generateApiKey() {
  return "ctc_" + randomHex(24);
}

std::string generateWebhookSecret() {
  std::string h = randomHex(16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string generateRequestId() {
  return randomHex(16);
}

std::string credentialPrefix(std::string_view credential) {
  return std::string(credential.substr(0, kPrefixLength));
}

std::string hashCredential(std::string_view credential) {
  return keyedHash(pepper, {kHashContext, credential});
}

CredentialMatch matchCredential(std::string_view credential, std::string_view currentHash,
                                std::string_view stored) {
  if (hashesEqual(currentHash, stored)) return CredentialMatch::Current;
  // Before the pepper the context string was the key (databases of schema version <= 2).
  if (hashesEqual(keyedHash(kHashContext, {credential}), stored)) return CredentialMatch::Legacy;
  return CredentialMatch::No;
}

std::string toHex(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

std::string randomHex(std::size_t bytes) {
  return toHex(randomBytes(bytes));
}

}  // namespace ctc
