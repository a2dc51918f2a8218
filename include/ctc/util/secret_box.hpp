#pragma once
/// Secrets at rest that the server must read back (project credentials): sealed with libsodium's
/// secretbox (XSalsa20-Poly1305) under the deployment's secrets key, a random key kept in a file
/// of its own beside the database (see ctc/app/secrets_key.hpp), like the credential pepper.
///
/// Sealed form: "sb1:" + base64 of nonce (24 bytes) || ciphertext (the plaintext's length + a
/// 16-byte MAC), in the URL-safe alphabet without padding
/// (sodium_base64_VARIANT_URLSAFE_NO_PADDING), so a sealed value is plain ASCII text. The empty
/// string seals to, and opens as, the empty string: the column default '' means "no secret".
#include <array>
#include <string>
#include <string_view>

#include "ctc/util/result.hpp"

namespace ctc {

constexpr std::size_t kSecretsKeyBytes = 32;
/// What every sealed value starts with (version 1 of the format).
constexpr std::string_view kSealedPrefix = "sb1:";

/// A secretbox key. seal and open are const and safe to call from many threads at once. The key
/// bytes are wiped (sodium_memzero) on destruction.
class SecretBox {
 public:
  /// `key` must be kSecretsKeyBytes long; throws std::invalid_argument otherwise.
  explicit SecretBox(std::string_view key);
  ~SecretBox();
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  /// The sealed form of `plaintext` (a fresh random nonce each call), "" for "".
  std::string seal(std::string_view plaintext) const;
  /// The plaintext of a value seal() made with this key, "" for "". Errors (Internal): no "sb1:"
  /// prefix, bad base64, too short to hold a nonce and a MAC, or a MAC that does not verify
  /// (tampered, or sealed under another key).
  Result<std::string> open(std::string_view sealed) const;

  /// Whether `stored` is in the sealed form (starts with "sb1:"); false for "".
  static bool isSealed(std::string_view stored);

 private:
  std::array<unsigned char, kSecretsKeyBytes> key_{};
};

/// kSecretsKeyBytes random bytes: a new deployment's secrets key.
std::string newSecretsKey();
/// What the database stores to recognise its secrets key (never the key itself): 32-byte keyed
/// BLAKE2b of a domain-separation string.
std::string secretsKeyFingerprint(std::string_view key);

/// Seal and open with this key from now on; call before threads start. Until it is called the
/// process uses a random key of its own (tests, fuzz harnesses), so values sealed before it are
/// lost: serve and admin call it (through app::loadSecretsKey) before touching the database.
void useSecretsKey(std::string_view key);
/// The process-wide box (see useSecretsKey).
const SecretBox& secretsBox();

}  // namespace ctc
