#include "ctc/scanner/checks/passive/passive_checks.hpp"

#include <re2/re2.h>

#include <array>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/fetch/set_cookie.hpp"

namespace ctc::scanner {
namespace {

constexpr long kMinHstsSeconds = 15552000;  // 180 days

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    parts.push_back(trim(s.substr(start, end - start)));
    start = end + 1;
  }
  return parts;
}

/// CSP directive name -> source list, for one policy.
struct CspPolicy {
  std::vector<std::pair<std::string, std::vector<std::string>>> directives;

  const std::vector<std::string>* find(std::string_view name) const {
    for (const auto& [n, sources] : directives)
      if (n == name) return &sources;
    return nullptr;
  }
};

CspPolicy parseCsp(std::string_view header) {
  CspPolicy p;
  for (const auto& directive : split(header, ';')) {
    if (directive.empty()) continue;
    std::vector<std::string> tokens;
    for (const auto& t : split(directive, ' '))
      if (!t.empty()) tokens.push_back(lower(t));
    if (tokens.empty()) continue;
    std::string name = tokens.front();
    tokens.erase(tokens.begin());
    if (!p.find(name)) p.directives.emplace_back(name, tokens);  // first one wins (per spec)
  }
  return p;
}

/// Why this policy lets injected script run, or "" when it restricts scripts.
std::string unsafeScriptSources(const CspPolicy& policy) {
  const auto* sources = policy.find("script-src");
  if (!sources) sources = policy.find("default-src");
  if (!sources) return "no script-src or default-src directive";
  bool hasNonceOrHash = false;
  for (const auto& s : *sources)
    hasNonceOrHash = hasNonceOrHash || s.starts_with("'nonce-") || s.starts_with("'sha");
  std::string why;
  for (const auto& s : *sources) {
    bool unsafe = s == "'unsafe-eval'" || s == "*" || s == "http:" || s == "https:" ||
                  s == "data:" || (s == "'unsafe-inline'" && !hasNonceOrHash);
    if (unsafe) why += (why.empty() ? "" : " ") + s;
  }
  return why;
}

void checkHeaders(const FetchResult& page, FindingCollector& out) {
  const HttpResponse& r = page.response;
  const std::string& url = page.request.url;
  bool https = url.starts_with("https:");
  auto add = [&](std::string_view checkId, std::string evidence) {
    Finding f = makeFinding(checkId, url);
    f.evidenceRequest = page.requestLine();
    f.evidenceResponse = std::move(evidence);
    out.add(std::move(f));
  };

  auto xcto = r.header("X-Content-Type-Options");
  if (!xcto || lower(trim(*xcto)) != "nosniff")
    add("headers.xcto_missing", xcto ? "X-Content-Type-Options: " + *xcto
                                     : "no X-Content-Type-Options header; " + summarizeResponse(r));

  if (!r.isHtml()) return;

  auto cspHeaders = r.headersNamed("Content-Security-Policy");
  std::vector<CspPolicy> policies;
  for (const auto& h : cspHeaders) policies.push_back(parseCsp(h));
  if (policies.empty()) {
    add("headers.csp_missing", "no Content-Security-Policy header; " + summarizeResponse(r));
  } else {
    // Several policies are all enforced: scripts are restricted if any one restricts them.
    std::string why;
    bool anyRestricts = false;
    for (const auto& p : policies) {
      std::string w = unsafeScriptSources(p);
      if (w.empty())
        anyRestricts = true;
      else if (why.empty())
        why = w;
    }
    if (!anyRestricts)
      add("headers.csp_unsafe",
          "Content-Security-Policy: " + cspHeaders.front() + " (allows " + why + ")");
  }

  bool frameAncestors = false;
  for (const auto& p : policies) frameAncestors = frameAncestors || p.find("frame-ancestors");
  auto xfo = r.header("X-Frame-Options");
  std::string xfoValue = xfo ? lower(trim(*xfo)) : "";
  if (!frameAncestors && xfoValue != "deny" && xfoValue != "sameorigin")
    add("headers.clickjacking",
        (xfo ? "X-Frame-Options: " + *xfo + " (not DENY or SAMEORIGIN)" : "no X-Frame-Options") +
            std::string(" and no CSP frame-ancestors; ") + summarizeResponse(r));

  auto referrer = r.header("Referrer-Policy");
  if (!referrer) {
    add("headers.referrer_policy", "no Referrer-Policy header; " + summarizeResponse(r));
  } else {
    // A comma list: the browser uses the last value it understands.
    auto values = split(*referrer, ',');
    if (!values.empty() && lower(values.back()) == "unsafe-url")
      add("headers.referrer_policy", "Referrer-Policy: " + *referrer);
  }

  if (https) {
    auto hsts = r.header("Strict-Transport-Security");
    if (!hsts) {
      add("headers.hsts_missing", "no Strict-Transport-Security header; " + summarizeResponse(r));
    } else {
      long maxAge = -1;
      static const RE2 kMaxAge("(?i)max-age\\s*=\\s*\"?(\\d{1,12})");
      std::string digits;
      if (RE2::PartialMatch(*hsts, kMaxAge, &digits)) maxAge = std::stol(digits);
      if (maxAge < kMinHstsSeconds) add("headers.hsts_weak", "Strict-Transport-Security: " + *hsts);
    }
  }
}

void checkCookies(const FetchResult& page, FindingCollector& out) {
  bool https = page.request.url.starts_with("https:");
  for (const auto& header : page.response.headersNamed("Set-Cookie")) {
    SetCookie c = parseSetCookie(header);
    if (c.name.empty()) continue;
    auto add = [&](std::string_view checkId, std::string note = {}) {
      if (!out.firstTime(std::string(checkId) + "\n" + c.name)) return;
      Finding f = makeFinding(checkId, page.request.url, c.name);
      f.evidenceRequest = page.requestLine();
      f.evidenceResponse = "Set-Cookie: " + header.substr(0, 300) + note;
      out.add(std::move(f));
    };
    // On plain http a session cookie cannot be protected at all; it is still reported (as ZAP
    // 10011 and Wapiti's cookie module do), since the same cookie goes out without Secure once
    // the site is served over https too.
    if (!c.secure && https) add("cookies.no_secure");
    if (!c.secure && !https && sessionLikeCookie(c.name))
      add("cookies.no_secure",
          "\n(session cookie without Secure on a plain-http page: the session id travels in "
          "clear text, and the flag is missing for the site's https pages as well)");
    if (!c.httpOnly) add("cookies.no_httponly");
    bool sameSiteOk =
        c.sameSite == "lax" || c.sameSite == "strict" || (c.sameSite == "none" && c.secure);
    if (!sameSiteOk) add("cookies.no_samesite");
  }
}

void checkVersionDisclosure(const FetchResult& page, FindingCollector& out) {
  static constexpr std::array<std::string_view, 5> kHeaders{
      "Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-Generator"};
  static const RE2 kVersion("\\d+\\.\\d+");
  for (auto name : kHeaders) {
    auto value = page.response.header(name);
    if (!value || !RE2::PartialMatch(*value, kVersion)) continue;
    if (!out.firstTime("disclosure.server_version\n" + std::string(name))) continue;
    Finding f = makeFinding("disclosure.server_version", page.request.url, std::string(name));
    f.evidenceRequest = page.requestLine();
    f.evidenceResponse = std::string(name) + ": " + value->substr(0, 200);
    out.add(std::move(f));
  }
}

void checkDirectoryListing(const FetchResult& page, const HtmlLinks& html, FindingCollector& out) {
  static const RE2 kListingTitle("(?i)^\\s*(index of /|directory listing for /)");
  if (!RE2::PartialMatch(html.title, kListingTitle)) return;
  Finding f = makeFinding("disclosure.directory_listing", page.request.url);
  f.evidenceRequest = page.requestLine();
  f.evidenceResponse = "<title>" + trim(html.title).substr(0, 200) + "</title>, " +
                       std::to_string(html.hrefs.size()) + " links";
  out.add(std::move(f));
}

}  // namespace

/// A state-changing (POST) form without a field that looks like an anti-CSRF token.
void checkForms(const FetchResult& page, const HtmlLinks& html, FindingCollector& out) {
  static const RE2 kTokenName(
      R"((?i)(csrf|xsrf|token|nonce|authenticity|requestverification|__viewstate))");
  for (const auto& form : html.forms) {
    if (form.method != "POST") continue;
    bool hasToken = false;
    for (const auto& field : form.fields)
      hasToken =
          hasToken || (RE2::PartialMatch(field.name, kTokenName) && field.value.size() >= 16);
    if (hasToken) continue;
    std::string fields;
    for (const auto& field : form.fields) fields += (fields.empty() ? "" : ", ") + field.name;
    Finding f = makeFinding("csrf.missing_token", page.request.url, "", "POST");
    f.evidenceRequest = page.requestLine();
    f.evidenceResponse = "<form method=\"post\" action=\"" + form.action + "\"> with fields [" +
                         fields + "] and no anti-CSRF token field";
    out.add(std::move(f));
  }
}

/// An https page that loads scripts, styles, frames or media over plain http.
void checkMixedContent(const FetchResult& page, const HtmlLinks& html, FindingCollector& out) {
  if (!page.request.url.starts_with("https:")) return;
  std::vector<std::string> insecure;
  for (const auto& src : html.subresources) {
    std::string_view v = src;
    while (!v.empty() && static_cast<unsigned char>(v.front()) <= 0x20) v.remove_prefix(1);
    if (v.size() > 7 && lower(v.substr(0, 7)) == "http://" && insecure.size() < 5)
      insecure.emplace_back(v);
  }
  if (insecure.empty()) return;
  std::string list;
  for (const auto& u : insecure) list += (list.empty() ? "" : ", ") + u;
  Finding f = makeFinding("content.mixed", page.request.url);
  f.evidenceRequest = page.requestLine();
  f.evidenceResponse = "the https page loads over http: " + list;
  out.add(std::move(f));
}

std::string summarizeResponse(const HttpResponse& r) {
  std::string s = "HTTP " + std::to_string(r.status);
  for (const auto& [k, v] : r.headers) {
    if (s.size() > 560) {
      s += "; ...";
      break;
    }
    s += "; " + k.substr(0, 60) + ": " + v.substr(0, 120);
  }
  return s;
}

void runPageChecks(const FetchResult& page, const HtmlLinks* html, FindingCollector& out,
                   CheckTimes* times) {
  if (!page.ok() || page.response.status == 0) return;
  auto run = [&](std::string_view key, auto check) {
    ChargedTime charged(times, key);
    check();
  };
  // Cookies and version headers count on any response (logins set cookies on redirects).
  run("cookies", [&] { checkCookies(page, out); });
  run("disclosure.server_version", [&] { checkVersionDisclosure(page, out); });
  if (page.response.status < 200 || page.response.status > 299) return;
  run("headers", [&] { checkHeaders(page, out); });
  if (!html) return;
  run("disclosure.directory_listing", [&] { checkDirectoryListing(page, *html, out); });
  run("csrf.missing_token", [&] { checkForms(page, *html, out); });
  run("content.mixed", [&] { checkMixedContent(page, *html, out); });
}

}  // namespace ctc::scanner
