#pragma once
/// Credentials: generated from the OS CSPRNG (libsodium), stored only as keyed BLAKE2b hashes,
/// compared in constant time. Thread-safe once initSecrets() has run.
#include <string>
#include <string_view>

namespace ctc {

/// Initialises libsodium; call once in main before threads start. Returns false on failure.
bool initSecrets();

/// A new API key: "ctc_" + 48 hex characters (192 random bits).
std::string generateApiKey();
/// A new webhook secret: 128 random bits as a UUID-shaped string (8-4-4-4-12 lower-case hex).
std::string generateWebhookSecret();

/// The part of a credential stored in clear for lookup and display (first 12 characters).
std::string credentialPrefix(std::string_view credential);
/// 32-byte BLAKE2b hash of the credential (raw bytes in a string).
std::string hashCredential(std::string_view credential);
/// Constant-time comparison of two hashes of equal length.
bool hashesEqual(std::string_view a, std::string_view b);

}  // namespace ctc
