#pragma once
/// HMAC API credentials (Veracode's id/key pairs) and the nonces signed with them. The secret
/// column holds the key sealed with the secrets box (ctc/util/secret_box.hpp).
#include <optional>
#include <string>
#include <vector>

#include "ctc/storage/connection.hpp"

namespace ctc::storage {

struct HmacCredential {
  int64_t id = 0;
  int64_t userId = 0;
  std::string apiId;
  std::string secretSealed;
  std::string createdAt;
  std::optional<std::string> revokedAt;
};

HmacCredential insertHmacCredential(Connection& db, int64_t userId, const std::string& apiId,
                                    const std::string& secretSealed, const std::string& createdAt);
/// The unrevoked credential with this api id.
std::optional<HmacCredential> findActiveHmacCredential(Connection& db, const std::string& apiId);
std::vector<HmacCredential> listHmacCredentials(Connection& db, int64_t userId);
/// Revokes by api id; whether one was active.
bool revokeHmacCredential(Connection& db, const std::string& apiId, const std::string& at);
/// Records a nonce; false when the credential already signed with it (a replay). Forgets nonces
/// seen before `forgetBefore` (epoch seconds): older timestamps are refused anyway.
bool rememberNonce(Connection& db, int64_t credentialId, const std::string& nonce, int64_t now,
                   int64_t forgetBefore);

}  // namespace ctc::storage
