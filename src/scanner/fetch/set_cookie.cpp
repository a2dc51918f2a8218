#include "ctc/scanner/fetch/set_cookie.hpp"

#include <re2/re2.h>

#include <cctype>
#include <vector>

namespace ctc::scanner {
namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

SetCookie parseSetCookie(std::string_view header) {
  SetCookie c;
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start <= header.size();) {
    std::size_t end = header.find(';', start);
    if (end == std::string_view::npos) end = header.size();
    parts.push_back(header.substr(start, end - start));
    start = end + 1;
  }
  auto eq = parts[0].find('=');
  c.name = trim(parts[0].substr(0, eq));
  if (eq != std::string_view::npos) c.value = trim(parts[0].substr(eq + 1));
  if (c.value.size() >= 2 && c.value.front() == '"' && c.value.back() == '"')
    c.value = c.value.substr(1, c.value.size() - 2);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto attrEq = parts[i].find('=');
    std::string name = lower(trim(parts[i].substr(0, attrEq)));
    std::string value =
        attrEq == std::string_view::npos ? "" : lower(trim(parts[i].substr(attrEq + 1)));
    if (name == "secure")
      c.secure = true;
    else if (name == "httponly")
      c.httpOnly = true;
    else if (name == "samesite")
      c.sameSite = value;
  }
  return c;
}

bool sessionLikeCookie(const std::string& name) {
  static const RE2 kSession(
      R"((?i)(sess|sid$|^sid|token|auth|login|jwt|remember|identity|\.aspxauth))");
  return RE2::PartialMatch(name, kSession);
}

}  // namespace ctc::scanner
