#include "ctc/scanner/fetch/url.hpp"

#include <curl/curl.h>

#include <memory>

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxUrlLength = 2048;

using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

std::optional<std::string> part(CURLU* u, CURLUPart which, unsigned flags = 0) {
  char* out = nullptr;
  if (curl_url_get(u, which, &out, flags) != CURLUE_OK || out == nullptr) return std::nullopt;
  std::string s = out;
  curl_free(out);
  return s;
}

std::optional<ParsedUrl> fromHandle(CURLU* u) {
  ParsedUrl p;
  auto scheme = part(u, CURLUPART_SCHEME);
  auto host = part(u, CURLUPART_HOST);
  auto port = part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host || !port) return std::nullopt;
  if (*scheme != "http" && *scheme != "https") return std::nullopt;
  curl_url_set(u, CURLUPART_FRAGMENT, nullptr, 0);
  p.scheme = *scheme;
  p.host = *host;
  if (p.host.size() > 2 && p.host.front() == '[') p.host = p.host.substr(1, p.host.size() - 2);
  p.port = std::atoi(port->c_str());
  if (p.port <= 0 || p.port > 65535) return std::nullopt;
  p.path = part(u, CURLUPART_PATH).value_or("/");
  if (p.path.empty()) p.path = "/";
  p.query = part(u, CURLUPART_QUERY).value_or("");
  auto full = part(u, CURLUPART_URL);
  if (!full) return std::nullopt;
  p.url = *full;
  return p;
}

}  // namespace

std::string ParsedUrl::origin() const {
  bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ParsedUrl> parseTargetUrl(std::string_view text) {
  if (text.empty()) return Error::field("url", "is required");
  if (text.size() > kMaxUrlLength) return Error::field("url", "is longer than 2048 characters");
  for (char c : text)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return Error::field("url", "must not contain spaces or control characters");
  UrlHandle u(curl_url(), curl_url_cleanup);
  std::string s(text);
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), 0) != CURLUE_OK)
    return Error::field("url", "is not an absolute URL such as https://app.example.com/");
  auto scheme = part(u.get(), CURLUPART_SCHEME);
  if (!scheme || (*scheme != "http" && *scheme != "https"))
    return Error::field("url", "must start with http:// or https://");
  if (part(u.get(), CURLUPART_USER))
    return Error::field("url", "must not contain credentials; send them in the webhook body");
  auto host = part(u.get(), CURLUPART_HOST);
  if (!host || host->empty()) return Error::field("url", "has no host name");
  if (auto port = part(u.get(), CURLUPART_PORT); port && std::atoi(port->c_str()) == 0)
    return Error::field("url", "has port 0; use a port between 1 and 65535");
  auto parsed = fromHandle(u.get());
  if (!parsed) return Error::field("url", "is not a valid http(s) URL");
  return *parsed;
}

std::optional<ParsedUrl> resolveReference(const std::string& base, std::string_view reference) {
  UrlHandle u(curl_url(), curl_url_cleanup);
  if (curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return std::nullopt;
  std::string ref(reference);
  // Trim the whitespace HTML allows around attribute URLs.
  auto b = ref.find_first_not_of(" \t\r\n");
  auto e = ref.find_last_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  ref = ref.substr(b, e - b + 1);
  if (curl_url_set(u.get(), CURLUPART_URL, ref.c_str(), CURLU_URLENCODE) != CURLUE_OK)
    return std::nullopt;
  return fromHandle(u.get());
}

}  // namespace ctc::scanner

namespace ctc::scanner {

std::string appendQuery(const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& params) {
  UrlHandle u(curl_url(), curl_url_cleanup);
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return url;
  for (const auto& [name, value] : params) {
    // libcurl takes C strings: a NUL would cut the pair short, and an empty leading part
    // makes 7.88 dereference NULL. HTML cannot produce one (parsers replace NUL).
    if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos) continue;
    std::string pair = name + "=" + value;
    curl_url_set(u.get(), CURLUPART_QUERY, pair.c_str(), CURLU_APPENDQUERY | CURLU_URLENCODE);
  }
  return part(u.get(), CURLUPART_URL).value_or(url);
}

}  // namespace ctc::scanner
