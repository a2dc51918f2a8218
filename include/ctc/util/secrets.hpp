#pragma once
/// Credentials: generated from the OS CSPRNG (libsodium), stored only as BLAKE2b hashes keyed
/// with the deployment's pepper (a random key kept outside the database, so a copy of the
/// database alone cannot even be used to test guesses), compared in constant time.
#include <string>
#include <string_view>

namespace ctc {

constexpr std::size_t kPepperBytes = 32;

/// Initialises libsodium and a random pepper for this process (replaced by usePepper); call
/// once in main before threads start. Returns false on failure.
bool initSecrets();
/// kPepperBytes random bytes: a new deployment's pepper.
std::string newPepper();
/// Hash credentials with this pepper from now on; call before threads start.
void usePepper(std::string_view pepper);
/// What the database stores to recognise its pepper (never the pepper itself).
std::string pepperFingerprint(std::string_view pepper);

/// A new API key: "ctc_" + 48 hex characters (192 random bits).
std::string generateApiKey();
/// A new webhook secret: 128 random bits as a UUID-shaped string (8-4-4-4-12 lower-case hex).
std::string generateWebhookSecret();
/// A new request id: 16 random bytes as 32 lower-case hex characters.
std::string generateRequestId();
/// `bytes` random bytes as lower-case hex (twice as many digits).
std::string randomHex(std::size_t bytes);
/// Lower-case hex of any bytes.
std::string toHex(std::string_view bytes);

/// The part of a credential stored in clear for lookup and display (first 12 characters).
std::string credentialPrefix(std::string_view credential);
/// 32-byte BLAKE2b hash of the credential keyed with the pepper (raw bytes in a string).
std::string hashCredential(std::string_view credential);

enum class CredentialMatch {
  No,
  Current,  ///< stored == hashCredential(credential)
  Legacy,   ///< stored is the hash of the scheme before the pepper: store the current one
};
/// Whether `stored` is the hash of `credential`; currentHash is hashCredential(credential).
/// Constant time per comparison.
CredentialMatch matchCredential(std::string_view credential, std::string_view currentHash,
                                std::string_view stored);

}  // namespace ctc
