#pragma once
/// One Set-Cookie header, as the passive cookie checks judge it and the crawler replays it.
#include <string>
#include <string_view>

namespace ctc::scanner {

struct SetCookie {
  std::string name;
  std::string value;
  bool secure = false;
  bool httpOnly = false;
  std::string sameSite;  ///< lower-case value, "" when absent
};

/// "name=value; Secure; HttpOnly; SameSite=Lax" (attributes case-insensitive, RFC 6265 5.2).
SetCookie parseSetCookie(std::string_view header);

/// A name that session frameworks use for the session id or a login token (PHPSESSID,
/// JSESSIONID, ASP.NET_SessionId, connect.sid, laravel_session, sessionid, auth_token, ...).
bool sessionLikeCookie(const std::string& name);

}  // namespace ctc::scanner
