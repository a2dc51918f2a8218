#pragma once
/// The wire and stored forms of a project's Authentication (api/openapi.yaml, Authentication).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ctc/domain/authentication.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

/// Reads and checks an authentication object. `field` names it in errors
/// ("authentication.password"). The legacy webhook `credentials` also takes the short form
/// {"username", "password", optional "login_url"}: a form login (allowShortForm).
Result<Authentication> parseAuthentication(const nlohmann::json& value, const std::string& field,
                                           bool allowShortForm);

/// Every member, secrets included: what storage seals (credentials_json).
std::string storedAuthenticationJson(const Authentication& auth);

/// storedAuthenticationJson's output, or what older versions stored (the webhook's object as
/// sent); nullopt for "" (none). A stored object that no longer parses is an error that says so.
Result<std::optional<Authentication>> decodeStoredAuthentication(const std::string& stored);

/// What a client may see: the type, URLs, user name, field and header/cookie names, markers;
/// never a password, token, header or cookie value, or the JSON login body.
nlohmann::json publicAuthenticationJson(const Authentication& auth);

/// A login URL on another origin than the target is refused (a scan never sends credentials
/// elsewhere); relative ones ("/login.php") are resolved against the target.
Status checkLoginOrigin(const Authentication& auth, const std::string& targetUrl,
                        const std::string& field);

}  // namespace ctc::service
