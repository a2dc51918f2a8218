#pragma once
/// Veracode's HMAC request signing (docs.veracode.com "HMAC signing"), verified: the header
/// "VERACODE-HMAC-SHA-256 id=..,ts=..,nonce=..,sig=..", where sig = HMAC-SHA-256 chain
///   kNonce = HMAC(key, nonce); kDate = HMAC(kNonce, ts); kSig = HMAC(kDate,
///   "vcode_request_version_1"); sig = hex(HMAC(kSig, "id=..&host=..&url=..&method=.."))
/// with the key and nonce hex-decoded, ts in epoch milliseconds. Thread-safe.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "ctc/service/auth_service.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

/// The fields of an Authorization header; BadRequest-free: anything malformed is Unauthorized.
struct VeracodeAuthorization {
  std::string id, ts, nonce, sig;
};
Result<VeracodeAuthorization> parseVeracodeAuthorization(std::string_view header);

/// "id={id}&host={host}&url={url}&method={METHOD}" (id and host lower-case, method upper-case).
std::string veracodeSigningData(std::string_view id, std::string_view host, std::string_view url,
                                std::string_view method);
/// Lower-case hex signature; nullopt when the key or nonce is not hex.
std::optional<std::string> veracodeSignature(std::string_view keyHex, std::string_view nonceHex,
                                             std::string_view ts, std::string_view data);
/// An api id or key without a region prefix ("vera01ei-..." -> "...").
std::string_view withoutRegionPrefix(std::string_view credential);

/// What of a request the signature covers.
struct SignedRequest {
  std::optional<std::string> authorization;
  std::string host;  ///< the Host header (a port is dropped)
  std::string url;   ///< path and "?query" exactly as sent
  std::string method;
};

class HmacAuthService {
 public:
  explicit HmacAuthService(storage::Database& db,
                           std::chrono::milliseconds maxSkew = std::chrono::minutes(5))
      : db_(db), maxSkew_(maxSkew) {}

  /// The credential's user. Unauthorized (with a reason that names no secret) for a missing or
  /// malformed header, an unknown or revoked id, a timestamp more than maxSkew away from
  /// `nowMs`, a nonce this id signed with before, or a signature that does not match.
  Result<Principal> authenticate(const SignedRequest& request, int64_t nowMs);

 private:
  storage::Database& db_;
  std::chrono::milliseconds maxSkew_;
};

/// A new pair: 16 random bytes as 32 hex digits (id), 64 as 128 (key), Veracode's sizes.
struct NewHmacCredential {
  std::string apiId, apiKey;
};
NewHmacCredential generateHmacCredential();

}  // namespace ctc::service
