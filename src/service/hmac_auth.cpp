#include "ctc/service/hmac_auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "ctc/storage/hmac_credential_repository.hpp"
#include "ctc/util/secret_box.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::service {
namespace {

constexpr std::string_view kScheme = "VERACODE-HMAC-SHA-256";

std::optional<std::string> fromHex(std::string_view hex) {
  if (hex.empty() || hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  size_t written = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &written, nullptr) != 0 ||
      written != out.size())
    return std::nullopt;
  return out;
}

std::string hmac(std::string_view key, std::string_view message) {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, out);
  sodium_memzero(&state, sizeof state);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Error unauthorized(std::string why) {
  return Error::unauthorized(std::move(why));
}

}  // namespace

Result<VeracodeAuthorization> parseVeracodeAuthorization(std::string_view header) {
  if (header.substr(0, kScheme.size()) != kScheme || header.size() == kScheme.size() ||
      header[kScheme.size()] != ' ')
    return unauthorized("Authorization must use the VERACODE-HMAC-SHA-256 scheme");
  std::string_view rest = header.substr(kScheme.size() + 1);
  VeracodeAuthorization out;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) return unauthorized("malformed VERACODE-HMAC-SHA-256 field");
    std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
    std::string* field = name == "id"      ? &out.id
                         : name == "ts"    ? &out.ts
                         : name == "nonce" ? &out.nonce
                         : name == "sig"   ? &out.sig
                                           : nullptr;
    if (!field) continue;  // fields a later version may add
    if (!field->empty()) return unauthorized("VERACODE-HMAC-SHA-256 field given twice");
    *field = std::string(value.substr(0, 1024));
  }
  if (out.id.empty() || out.ts.empty() || out.nonce.empty() || out.sig.empty())
    return unauthorized("VERACODE-HMAC-SHA-256 needs id, ts, nonce and sig");
  return out;
}

std::string veracodeSigningData(std::string_view id, std::string_view host, std::string_view url,
                                std::string_view method) {
  std::string m(method);
  std::transform(m.begin(), m.end(), m.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return "id=" + lower(id) + "&host=" + lower(host) + "&url=" + std::string(url) + "&method=" + m;
}

std::optional<std::string> veracodeSignature(std::string_view keyHex, std::string_view nonceHex,
                                             std::string_view ts, std::string_view data) {
  auto key = fromHex(keyHex);
  auto nonce = fromHex(nonceHex);
  if (!key || !nonce) return std::nullopt;
  std::string kNonce = hmac(*key, *nonce);
  std::string kDate = hmac(kNonce, ts);
  std::string kSignature = hmac(kDate, "vcode_request_version_1");
  std::string sig = hmac(kSignature, data);
  sodium_memzero(key->data(), key->size());
  return toHex(sig);
}

std::string_view withoutRegionPrefix(std::string_view credential) {
  auto dash = credential.rfind('-');
  return dash == std::string_view::npos ? credential : credential.substr(dash + 1);
}

Result<Principal> HmacAuthService::authenticate(const SignedRequest& request, int64_t nowMs) {
  if (!request.authorization)
    return unauthorized("missing Authorization: VERACODE-HMAC-SHA-256 header");
  auto auth = parseVeracodeAuthorization(*request.authorization);
  if (!auth) return auth.error();
  int64_t ts = 0;
  auto [end, ec] = std::from_chars(auth->ts.data(), auth->ts.data() + auth->ts.size(), ts);
  if (ec != std::errc() || end != auth->ts.data() + auth->ts.size())
    return unauthorized("ts must be epoch milliseconds");
  if (std::llabs(nowMs - ts) > maxSkew_.count())
    return unauthorized("ts is more than 5 minutes away from this server's clock");
  auto nonce = fromHex(auth->nonce);
  if (!nonce || nonce->size() < 8 || nonce->size() > 64)
    return unauthorized("nonce must be 8 to 64 bytes in hex");
  std::string apiId = lower(withoutRegionPrefix(auth->id));
  auto credential = db_.read([&](storage::Connection& db) {
    return Result<std::optional<storage::HmacCredential>>(
        storage::findActiveHmacCredential(db, apiId));
  });
  if (!credential) return credential.error();
  if (!*credential) return unauthorized("unknown or revoked API id");
  auto secret = secretsBox().open((*credential)->secretSealed);
  if (!secret) return secret.error();
  std::string host = request.host;
  if (auto colon = host.rfind(':');
      colon != std::string::npos && host.find(']') == std::string::npos)
    host.resize(colon);
  else if (auto bracket = host.find("]:"); bracket != std::string::npos)
    host.resize(bracket + 1);
  std::string data = veracodeSigningData(auth->id, host, request.url, request.method);
  auto expected = veracodeSignature(*secret, auth->nonce, auth->ts, data);
  sodium_memzero(secret->data(), secret->size());
  std::string given = lower(auth->sig);
  if (!expected || given.size() != expected->size() ||
      sodium_memcmp(given.data(), expected->data(), given.size()) != 0)
    return unauthorized("the signature does not match this request (id, host, url, method)");
  // Only a valid signature may burn a nonce, so a forger cannot block a client's next nonce.
  int64_t nowSeconds = nowMs / 1000;
  auto fresh = db_.write([&](storage::Connection& db) {
    return Result<bool>(storage::rememberNonce(db, (*credential)->id, lower(auth->nonce),
                                               nowSeconds, nowSeconds - 2 * 600));
  });
  if (!fresh) return fresh.error();
  if (!*fresh) return unauthorized("this nonce was already used: a replayed request");
  return Principal{(*credential)->userId, -(*credential)->id};
}

NewHmacCredential generateHmacCredential() {
  return {randomHex(16), randomHex(64)};
}

}  // namespace ctc::service
