#pragma once
/// How a scan logs in to its target (a project's `authentication`, or the legacy webhook body's
/// `credentials`). The secret members are stored sealed (storage) and never rendered back.
#include <map>
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
};

}  // namespace ctc
