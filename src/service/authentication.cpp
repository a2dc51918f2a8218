#include "ctc/service/authentication.hpp"

#include <re2/re2.h>

#include <array>
#include <set>
#include <string_view>

#include "ctc/scanner/fetch/url.hpp"

namespace ctc::service {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxText = 4096;
constexpr std::size_t kMaxEntries = 50;

struct TypeName {
  AuthType type;
  std::string_view name;
};
constexpr std::array<TypeName, 6> kTypes{{{AuthType::Form, "form"},
                                          {AuthType::Bearer, "bearer"},
                                          {AuthType::Basic, "basic"},
                                          {AuthType::Headers, "headers"},
                                          {AuthType::Cookies, "cookies"},
                                          {AuthType::JsonLogin, "json_login"}}};

std::string_view nameOf(AuthType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t.name;
  return "form";
}

/// Members each type takes; anything else is refused (a misspelt "pasword" must not pass).
const std::set<std::string>& membersOf(AuthType type) {
  static const std::set<std::string> form{"type",         "login_url",        "username",
                                          "password",     "username_field",   "password_field",
                                          "extra_fields", "logged_in_marker", "logged_out_marker"};
  static const std::set<std::string> bearer{"type", "token"};
  static const std::set<std::string> basic{"type", "username", "password"};
  static const std::set<std::string> headers{"type", "headers"};
  static const std::set<std::string> cookies{"type", "cookies"};
  static const std::set<std::string> jsonLogin{"type",          "login_url", "body",
                                               "token_pointer", "header",    "prefix"};
  switch (type) {
    case AuthType::Form:
      return form;
    case AuthType::Bearer:
      return bearer;
    case AuthType::Basic:
      return basic;
    case AuthType::Headers:
      return headers;
    case AuthType::Cookies:
      return cookies;
    case AuthType::JsonLogin:
      return jsonLogin;
  }
  return form;
}

bool hasControl(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

bool isToken(std::string_view name) {  // RFC 9110 token: header and cookie names
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && kExtra.find(c) == std::string_view::npos)
      return false;
  return true;
}

class Reader {
 public:
  Reader(const json& object, std::string field) : object_(object), field_(std::move(field)) {}

  std::string name(const std::string& member) const { return field_ + "." + member; }

  /// A string member; required ones must be non-empty.
  Result<std::string> text(const std::string& member, bool required,
                           const std::string& fallback = "") const {
    auto it = object_.find(member);
    if (it == object_.end() || it->is_null()) {
      if (required) return Error::field(name(member), "is required");
      return fallback;
    }
    if (!it->is_string()) return Error::field(name(member), "must be a string");
    auto value = it->get<std::string>();
    if (required && value.empty()) return Error::field(name(member), "must not be empty");
    if (value.size() > kMaxText)
      return Error::field(name(member), "must be at most 4096 characters");
    if (hasControl(value)) return Error::field(name(member), "must not contain control characters");
    return value;
  }

  /// An object of string values whose names are HTTP tokens (headers, cookies) or any text.
  Result<std::map<std::string, std::string>> table(const std::string& member, bool required,
                                                   bool tokenNames,
                                                   std::string_view forbiddenInValue) const {
    std::map<std::string, std::string> out;
    auto it = object_.find(member);
    if (it == object_.end() || it->is_null()) {
      if (required) return Error::field(name(member), "is required");
      return out;
    }
    if (!it->is_object()) return Error::field(name(member), "must be an object of strings");
    if (it->size() > kMaxEntries) return Error::field(name(member), "has more than 50 entries");
    for (const auto& [key, value] : it->items()) {
      std::string entry = name(member) + "." + key.substr(0, 64);
      if (tokenNames ? !isToken(key) : key.empty() || hasControl(key))
        return Error::field(entry,
                            tokenNames ? "is not a valid name" : "is not a valid field name");
      if (!value.is_string()) return Error::field(entry, "must be a string");
      auto v = value.get<std::string>();
      if (v.size() > kMaxText || hasControl(v) ||
          v.find_first_of(forbiddenInValue) != std::string::npos)
        return Error::field(entry, "must be at most 4096 characters without control characters" +
                                       std::string(forbiddenInValue.empty() ? "" : " or ';'"));
      out.emplace(key, std::move(v));
    }
    if (required && out.empty()) return Error::field(name(member), "must not be empty");
    return out;
  }

 private:
  const json& object_;
  std::string field_;
};

Status checkMarker(const std::string& marker, const std::string& field) {
  if (marker.empty()) return okStatus();
  RE2 re(marker, RE2::Quiet);
  if (!re.ok())
    return Error::field(field, "is neither plain text nor a valid regular expression (" +
                                   re.error().substr(0, 100) + ")");
  return okStatus();
}

Status checkUrl(const std::string& url, const std::string& field) {
  if (url.empty() || url.front() == '/') return okStatus();
  if (!scanner::parseTargetUrl(url))
    return Error::field(field, "must be an http(s) URL or a path starting with '/'");
  return okStatus();
}

#define CTC_TRY_ASSIGN(target, expr) \
  do {                               \
    auto _v = (expr);                \
    if (!_v) return _v.error();      \
    target = std::move(*_v);         \
  } while (0)

}  // namespace

Result<Authentication> parseAuthentication(const json& value, const std::string& field,
                                           bool allowShortForm) {
  if (!value.is_object()) return Error::field(field, "must be an object");
  Authentication auth;
  auto typeIt = value.find("type");
  bool shortForm = typeIt == value.end() && allowShortForm;
  if (shortForm) {
    auth.type = AuthType::Form;
    for (const auto& [key, member] : value.items())
      if (key != "username" && key != "password" && key != "login_url")
        return Error::field(field + "." + key.substr(0, 64),
                            "is not a member of the short form (username, password, login_url); "
                            "give a \"type\" for the others");
  } else {
    if (typeIt == value.end() || !typeIt->is_string())
      return Error::field(field + ".type",
                          "is required: form, bearer, basic, headers, cookies or json_login");
    auto name = typeIt->get<std::string>();
    bool known = false;
    for (const auto& t : kTypes)
      if (t.name == name) {
        auth.type = t.type;
        known = true;
      }
    if (!known)
      return Error::field(field + ".type",
                          "must be form, bearer, basic, headers, cookies or json_login");
    for (const auto& [key, member] : value.items())
      if (!membersOf(auth.type).count(key) && key != "second_user")
        return Error::field(field + "." + key.substr(0, 64),
                            "is not a member of a " + name + " authentication");
  }

  Reader in(value, field);
  switch (auth.type) {
    case AuthType::Form:
      CTC_TRY_ASSIGN(auth.loginUrl, in.text("login_url", false));
      CTC_TRY_ASSIGN(auth.username, in.text("username", true));
      CTC_TRY_ASSIGN(auth.password, in.text("password", true));
      CTC_TRY_ASSIGN(auth.usernameField, in.text("username_field", false));
      CTC_TRY_ASSIGN(auth.passwordField, in.text("password_field", false));
      CTC_TRY_ASSIGN(auth.extraFields, in.table("extra_fields", false, false, ""));
      CTC_TRY_ASSIGN(auth.loggedInMarker, in.text("logged_in_marker", false));
      CTC_TRY_ASSIGN(auth.loggedOutMarker, in.text("logged_out_marker", false));
      if (auto ok = checkMarker(auth.loggedInMarker, in.name("logged_in_marker")); !ok)
        return ok.error();
      if (auto ok = checkMarker(auth.loggedOutMarker, in.name("logged_out_marker")); !ok)
        return ok.error();
      break;
    case AuthType::Bearer:
      CTC_TRY_ASSIGN(auth.token, in.text("token", true));
      break;
    case AuthType::Basic:
      CTC_TRY_ASSIGN(auth.username, in.text("username", true));
      CTC_TRY_ASSIGN(auth.password, in.text("password", false));
      if (auth.username.find(':') != std::string::npos)
        return Error::field(in.name("username"), "must not contain ':' (HTTP Basic)");
      break;
    case AuthType::Headers:
      CTC_TRY_ASSIGN(auth.headers, in.table("headers", true, true, ""));
      break;
    case AuthType::Cookies:
      CTC_TRY_ASSIGN(auth.cookies, in.table("cookies", true, true, ";"));
      break;
    case AuthType::JsonLogin: {
      CTC_TRY_ASSIGN(auth.loginUrl, in.text("login_url", true));
      auto body = value.find("body");
      if (body == value.end() || !body->is_object())
        return Error::field(in.name("body"), "is required: the JSON object the login URL takes");
      auth.bodyJson = body->dump();
      if (auth.bodyJson.size() > 16 * kMaxText)
        return Error::field(in.name("body"), "must be at most 64 KiB");
      CTC_TRY_ASSIGN(auth.tokenPointer, in.text("token_pointer", true));
      try {
        json::json_pointer pointer(auth.tokenPointer);
        (void)pointer;
      } catch (const json::exception&) {
        return Error::field(in.name("token_pointer"),
                            "must be a JSON pointer such as \"/auth_token\" or \"/data/token\"");
      }
      CTC_TRY_ASSIGN(auth.header, in.text("header", false, "Authorization"));
      CTC_TRY_ASSIGN(auth.prefix, in.text("prefix", false, "Bearer "));
      if (!isToken(auth.header)) return Error::field(in.name("header"), "is not a header name");
      break;
    }
  }
  if (auto ok = checkUrl(auth.loginUrl, in.name("login_url")); !ok) return ok.error();
  if (auto second = value.find("second_user");
      !shortForm && second != value.end() && !second->is_null()) {
    if (second->is_object() && second->contains("second_user"))
      return Error::field(field + ".second_user.second_user", "is not allowed: two users at most");
    auto other = parseAuthentication(*second, field + ".second_user", false);
    if (!other) return other.error();
    auth.secondUser = std::make_shared<const Authentication>(std::move(*other));
  }
  return auth;
}

std::string storedAuthenticationJson(const Authentication& a) {
  json out{{"type", nameOf(a.type)}};
  switch (a.type) {
    case AuthType::Form:
      out["login_url"] = a.loginUrl;
      out["username"] = a.username;
      out["password"] = a.password;
      out["username_field"] = a.usernameField;
      out["password_field"] = a.passwordField;
      out["extra_fields"] = a.extraFields;
      out["logged_in_marker"] = a.loggedInMarker;
      out["logged_out_marker"] = a.loggedOutMarker;
      break;
    case AuthType::Bearer:
      out["token"] = a.token;
      break;
    case AuthType::Basic:
      out["username"] = a.username;
      out["password"] = a.password;
      break;
    case AuthType::Headers:
      out["headers"] = a.headers;
      break;
    case AuthType::Cookies:
      out["cookies"] = a.cookies;
      break;
    case AuthType::JsonLogin:
      out["login_url"] = a.loginUrl;
      out["body"] = json::parse(a.bodyJson, nullptr, false);
      out["token_pointer"] = a.tokenPointer;
      out["header"] = a.header;
      out["prefix"] = a.prefix;
      break;
  }
  if (a.secondUser) out["second_user"] = json::parse(storedAuthenticationJson(*a.secondUser));
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::optional<Authentication>> decodeStoredAuthentication(const std::string& stored) {
  if (stored.empty()) return std::optional<Authentication>();
  auto value = json::parse(stored, nullptr, false);
  if (value.is_discarded())
    return Error::badRequest("the stored credentials are not JSON; send them again");
  auto auth = parseAuthentication(value, "credentials", true);
  if (!auth)
    return Error::badRequest("the stored credentials are not usable (" + auth.error().message +
                             "); send them again");
  return std::optional<Authentication>(std::move(*auth));
}

json publicAuthenticationJson(const Authentication& a) {
  // What is stored, less what is secret: tables show their names only, an unset optional text
  // is null.
  json out = json::parse(storedAuthenticationJson(a));
  for (const char* secret : {"password", "token", "body"}) out.erase(secret);
  for (const char* table : {"extra_fields", "headers", "cookies"})
    if (out.contains(table)) {
      json names = json::array();
      for (const auto& entry : out[table].items()) names.push_back(entry.key());
      out[table] = names;
    }
  for (const char* optional :
       {"login_url", "username_field", "password_field", "logged_in_marker", "logged_out_marker"})
    if (out.contains(optional) && out[optional] == "") out[optional] = nullptr;
  if (a.secondUser) out["second_user"] = publicAuthenticationJson(*a.secondUser);
  return out;
}

Status checkLoginOrigin(const Authentication& auth, const std::string& targetUrl,
                        const std::string& field) {
  if (auth.secondUser)
    if (auto ok = checkLoginOrigin(*auth.secondUser, targetUrl, field + ".second_user"); !ok)
      return ok;
  if (auth.loginUrl.empty() || auth.loginUrl.front() == '/') return okStatus();
  auto login = scanner::parseTargetUrl(auth.loginUrl);
  auto target = scanner::parseTargetUrl(targetUrl);
  if (!login || !target || login->origin() != target->origin())
    return Error::field(field + ".login_url",
                        "must be on the target's origin (" +
                            (target ? target->origin() : std::string("?")) +
                            ") or a path: credentials are never sent elsewhere");
  return okStatus();
}

}  // namespace ctc::service

namespace ctc {

std::string identityOf(const Authentication& auth) {
  if (auth.type == AuthType::Form || auth.type == AuthType::Basic) return auth.username;
  if (auth.type != AuthType::JsonLogin) return "";
  auto body = nlohmann::json::parse(auth.bodyJson, nullptr, false);
  if (!body.is_object()) return "";
  for (const char* name : {"username", "user", "email", "login", "name"})
    if (auto it = body.find(name); it != body.end() && it->is_string())
      return it->get<std::string>();
  return "";
}

}  // namespace ctc
