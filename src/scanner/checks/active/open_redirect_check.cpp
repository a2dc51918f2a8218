// redirect.open: a parameter that names where to go gets URLs of a host that never resolves
// (RFC 6761 .invalid, unique per insertion point), one spelling per round: absolute, scheme-
// relative, with a backslash (browsers read "/\" as "//"), and after the site's own origin as
// user info (passes a "starts with our origin" test). Proof is a sink that sends a browser
// there: the Location of a 3xx, a Refresh header, a <meta http-equiv=refresh>, or a script that
// assigns location. The URL shown as text or in a link is not a redirect.
#include <re2/re2.h>

#include "ctc/scanner/fetch/url.hpp"
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

bool looksRedirectable(const InsertionPoint& p) {
  static const RE2 kName(
      R"((?i)^(url|uri|next|redirect|redirect_?ur[il]|return|return_?to|returnurl|goto|go|to|dest|destination|continue|target|r|u|redir|forward|callback|back|location|out|link|site)$)");
  return RE2::FullMatch(p.name, kName) || probe::looksLikeUrl(p.value) ||
         (p.value.size() > 1 && p.value[0] == '/' && p.value[1] != '/');
}

/// "0; url=https://x/" -> "https://x/" (the Refresh header and meta refresh syntax).
std::string refreshTarget(std::string_view content) {
  static const RE2 kUrl(R"((?i)^\s*\d*(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?['"]?([^'"\s>]+))");
  std::string url;
  RE2::PartialMatch(content, kUrl, &url);
  return url;
}

/// The URLs an HTML page sends a browser to by itself: meta refresh and location assignments.
std::vector<std::pair<std::string, std::string>> bodyRedirects(std::string_view body) {
  static const RE2 kMeta(
      R"((?i)<meta[^>]+http-equiv\s*=\s*['"]?refresh['"]?[^>]*content\s*=\s*['"]([^'"]+))");
  static const RE2 kScript(
      R"((?i)(?:\blocation(?:\.href)?\s*=|\blocation\.(?:replace|assign)\s*\()\s*['"]([^'"]+)['"])");
  std::vector<std::pair<std::string, std::string>> out;  // sink, URL
  re2::StringPiece input(body.data(), body.size());
  std::string content;
  while (out.size() < 10 && RE2::FindAndConsume(&input, kMeta, &content))
    out.emplace_back("<meta http-equiv=refresh content=\"" + content + "\">",
                     refreshTarget(content));
  input = re2::StringPiece(body.data(), body.size());
  std::string url;
  while (out.size() < 20 && RE2::FindAndConsume(&input, kScript, &url)) {
    std::string unescaped;  // JavaScript string escapes that JSON encoders write: \/ and \u002f
    for (std::size_t i = 0; i < url.size(); ++i) {
      if (url.compare(i, 2, "\\/") == 0) {
        unescaped += '/';
        ++i;
      } else if (url.compare(i, 6, "\\u002f") == 0 || url.compare(i, 6, "\\u002F") == 0) {
        unescaped += '/';
        i += 5;
      } else {
        unescaped += url[i];
      }
    }
    out.emplace_back("script: location = \"" + url + "\"", unescaped);
  }
  return out;
}

/// Whether a browser at `page` that follows `reference` lands on `host`.
bool leadsTo(const std::string& page, std::string reference, const std::string& host) {
  for (char& c : reference)
    if (c == '\\') c = '/';  // as browsers treat it in http(s) URLs
  auto resolved = resolveReference(page, reference);
  return resolved && equalsIgnoreCase(resolved->host, host);
}

class OpenRedirectCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    return point.isParameter() && looksRedirectable(point);
  }

  void start(Attack& a) const override {
    std::string host = a.marker() + ".invalid";
    std::string origin =
        probe::looksLikeUrl(a.original()) ? a.original() : a.target().endpoint->url;
    if (auto parsed = parseTargetUrl(origin)) origin = parsed->origin();
    std::vector<std::string> payloads = {"https://" + host + "/", "//" + host + "/",
                                         "/\\" + host + "/", origin + "@" + host + "/"};
    sendInTurn(a, std::move(payloads), "redirect.open", [host](const FetchResult& r) {
      const std::string& page = r.request.url;
      auto location = r.response.header("Location");
      if (r.response.status >= 300 && r.response.status <= 399 && location &&
          leadsTo(page, *location, host))
        return "HTTP " + std::to_string(r.response.status) + " Location: " + *location;
      if (auto refresh = r.response.header("Refresh");
          refresh && leadsTo(page, refreshTarget(*refresh), host))
        return "HTTP " + std::to_string(r.response.status) + " Refresh: " + *refresh;
      if (r.response.isHtml())
        for (const auto& [sink, url] : bodyRedirects(r.response.body))
          if (leadsTo(page, url, host)) return "the page redirects by itself: " + sink;
      return std::string();
    });
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeOpenRedirectCheck() {
  return std::make_unique<OpenRedirectCheck>();
}

}  // namespace ctc::scanner
