#pragma once
/// How a scan logs in to its target (a project's `authentication`, or the legacy webhook body's
/// `credentials`). The secret members are stored sealed (storage) and never rendered back.
#include <map>
#include <memory>
#include <string>

namespace ctc {

enum class AuthType { Form, Bearer, Basic, Headers, Cookies, JsonLogin };

struct Authentication {
  AuthType type = AuthType::Form;
  // form, json_login
  std::string loginUrl;  ///< form: empty = the first form with a password field the crawl finds
  // form, basic
  std::string username;
  std::string password;  ///< secret
  // form
  std::string usernameField;                       ///< empty: the text input beside the password
  std::string passwordField;                       ///< empty: the password input
  std::map<std::string, std::string> extraFields;  ///< sent with the login form
  std::string loggedInMarker;                      ///< text or regex a logged-in page shows
  std::string loggedOutMarker;                     ///< text or regex a logged-out page shows
  // bearer
  std::string token;  ///< secret
  // headers, cookies: names are public, values secret
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> cookies;
  // json_login
  std::string bodyJson;  ///< the login request's JSON body (secret: it holds the password)
  std::string tokenPointer = "/token";  ///< JSON pointer to the token in the login response
  std::string header = "Authorization";
  std::string prefix = "Bearer ";
  /// Another user's login (any type, never one with its own second user): API scans try whether
  /// that user can read the first one's objects (api.bola).
  std::shared_ptr<const Authentication> secondUser;
};

/// The name the login gives (form and basic username; a JSON login body's username, user,
/// email or login member); "" when it has none. What proves whose object an answer shows.
std::string identityOf(const Authentication& auth);

}  // namespace ctc
