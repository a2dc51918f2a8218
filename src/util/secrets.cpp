#include "ctc/util/secrets.hpp"

#include <sodium.h>

#include <array>

namespace ctc {
namespace {

constexpr std::size_t kPrefixLength = 12;
// Domain separation: a hash made for credentials never equals one made for anything else.
constexpr std::string_view kHashContext = "crashtest-compat credential v1";

std::string randomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace

bool initSecrets() {
  return sodium_init() >= 0;
}

std::string generateApiKey() {
  return "ctc_" + randomHex(24);
}

std::string generateWebhookSecret() {
  std::string h = randomHex(16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string credentialPrefix(std::string_view credential) {
  return std::string(credential.substr(0, kPrefixLength));
}

std::string hashCredential(std::string_view credential) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, reinterpret_cast<const unsigned char*>(kHashContext.data()),
                          kHashContext.size(), out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(credential.data()),
                            credential.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

bool hashesEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ctc
