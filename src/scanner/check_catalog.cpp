#include "ctc/scanner/check_catalog.hpp"

#include <array>
#include <cassert>
#include <vector>

#include "check_catalog_active.hpp"

namespace ctc::scanner {
namespace {

using namespace catalog;

constexpr std::array kChecks{
    CheckInfo{"headers.csp_missing", "headers", "Content-Security-Policy header not set",
              Severity::Medium, 693, kMisconfig,
              "The HTML response carries no Content-Security-Policy header. Without a policy the "
              "browser runs any script an attacker manages to inject, so a single XSS flaw gives "
              "full control of the page.",
              "Send a Content-Security-Policy header on every HTML response, starting from "
              "\"default-src 'self'; object-src 'none'; frame-ancestors 'self'\" and tightening "
              "script-src (nonces or hashes instead of 'unsafe-inline').",
              "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP"},
    CheckInfo{"headers.csp_unsafe", "headers",
              "Content-Security-Policy allows unsafe script sources", Severity::Low, 693,
              kMisconfig,
              "The Content-Security-Policy lets scripts run from 'unsafe-inline', 'unsafe-eval' or "
              "a wildcard source, which removes most of the protection the policy is meant to give "
              "against cross-site scripting.",
              "Remove 'unsafe-inline', 'unsafe-eval' and '*' from script-src/default-src; use "
              "nonces or hashes for the inline scripts you need.",
              "https://csp-evaluator.withgoogle.com/"},
    CheckInfo{"headers.hsts_missing", "headers", "Strict-Transport-Security header not set",
              Severity::Low, 319, kCrypto,
              "The HTTPS response carries no Strict-Transport-Security header, so a browser will "
              "still try plain HTTP first and a network attacker can strip TLS on that request.",
              "Send \"Strict-Transport-Security: max-age=31536000; includeSubDomains\" on every "
              "HTTPS response.",
              "https://cheatsheetseries.owasp.org/cheatsheets/"
              "HTTP_Strict_Transport_Security_Cheat_Sheet.html"},
    CheckInfo{
        "headers.hsts_weak", "headers", "Strict-Transport-Security max-age too short",
        Severity::Low, 319, kCrypto,
        "The Strict-Transport-Security header sets a max-age below 180 days (or 0), so "
        "browsers forget the HTTPS-only rule quickly and the protection lapses.",
        "Use max-age=31536000 (one year) or more.",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security"},
    CheckInfo{"headers.xcto_missing", "headers", "X-Content-Type-Options header missing",
              Severity::Low, 693, kMisconfig,
              "The response does not send \"X-Content-Type-Options: nosniff\", so older browsers "
              "may MIME-sniff a response and run uploaded or user-controlled content as script.",
              "Send \"X-Content-Type-Options: nosniff\" on every response.",
              "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options"},
    CheckInfo{
        "headers.clickjacking", "headers", "Missing anti-clickjacking protection", Severity::Medium,
        1021, kMisconfig,
        "The HTML page sets neither X-Frame-Options nor a CSP frame-ancestors directive, so "
        "another site can frame it invisibly and trick users into clicking on it.",
        "Send \"Content-Security-Policy: frame-ancestors 'self'\" (and X-Frame-Options: "
        "DENY or SAMEORIGIN for old browsers).",
        "https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html"},
    CheckInfo{"headers.referrer_policy", "headers", "Referrer-Policy missing or unsafe",
              Severity::Info, 200, kMisconfig,
              "The HTML page sends no Referrer-Policy header, or one set to \"unsafe-url\", so "
              "full URLs (with tokens or identifiers in the query) may leak to other sites.",
              "Send \"Referrer-Policy: strict-origin-when-cross-origin\" or stricter.",
              "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy"},
    CheckInfo{"cookies.no_secure", "cookies", "Cookie without Secure flag", Severity::Low, 614,
              kCrypto,
              "A cookie set over HTTPS lacks the Secure attribute, so the browser will also send "
              "it over plain HTTP where it can be intercepted.",
              "Add the Secure attribute to every cookie the site sets over HTTPS.",
              "https://owasp.org/www-community/controls/SecureCookieAttribute"},
    CheckInfo{"cookies.no_httponly", "cookies", "Cookie without HttpOnly flag", Severity::Low, 1004,
              kMisconfig,
              "A cookie lacks the HttpOnly attribute, so any script running in the page (including "
              "injected script) can read it.",
              "Add the HttpOnly attribute unless client-side script must read the cookie.",
              "https://owasp.org/www-community/HttpOnly"},
    CheckInfo{"cookies.no_samesite", "cookies", "Cookie without SameSite attribute", Severity::Low,
              1275, kMisconfig,
              "A cookie lacks the SameSite attribute (or sets SameSite=None without Secure), which "
              "leaves cross-site request forgery protection to browser defaults.",
              "Set SameSite=Lax (or Strict) on session cookies.",
              "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie/SameSite"},
    CheckInfo{
        "disclosure.server_version", "disclosure", "Server or framework version disclosed",
        Severity::Low, 200, kComponents,
        "A response header names the server software or framework together with its version, "
        "which tells an attacker exactly which known vulnerabilities to try.",
        "Configure the server and framework to omit version numbers (e.g. nginx "
        "server_tokens off; Apache ServerTokens Prod; remove X-Powered-By).",
        "https://owasp.org/www-project-web-security-testing-guide/latest/"
        "4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server"},
    CheckInfo{"disclosure.directory_listing", "disclosure", "Directory listing enabled",
              Severity::Medium, 548, kAccess,
              "The server answers a directory URL with a generated index of its files, exposing "
              "file names (backups, configuration, source) that were never meant to be linked.",
              "Disable automatic directory indexes (nginx autoindex off; Apache Options -Indexes).",
              "https://cwe.mitre.org/data/definitions/548.html"},
    CheckInfo{
        "exposure.git_repository", "exposure", "Git repository exposed", Severity::High, 538,
        kMisconfig,
        "The .git directory is served over HTTP. An attacker can download the whole "
        "repository: source code, history and any secret ever committed.",
        "Block access to /.git (and other VCS folders) in the web server, and deploy without "
        "the repository metadata.",
        "https://owasp.org/www-project-web-security-testing-guide/latest/"
        "4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
        "04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information"},
    CheckInfo{"exposure.env_file", "exposure", "Environment file exposed", Severity::High, 538,
              kMisconfig,
              "A .env file with configuration variables is served over HTTP. Such files usually "
              "hold database passwords, API keys and signing secrets.",
              "Remove the file from the web root or deny it in the server configuration, and "
              "rotate every secret it contained.",
              "https://cwe.mitre.org/data/definitions/538.html"},
    CheckInfo{
        "exposure.backup_file", "exposure", "Backup or dump file exposed", Severity::Medium, 530,
        kMisconfig,
        "A backup, archive or database dump is downloadable from the web root; it may contain "
        "source code, credentials or user data.",
        "Delete backups from the web root and deny common backup extensions in the server.",
        "https://cwe.mitre.org/data/definitions/530.html"},
    CheckInfo{
        "transport.http_no_https_redirect", "transport", "HTTP not redirected to HTTPS",
        Severity::Medium, 319, kCrypto,
        "The site answers over plain HTTP without redirecting to HTTPS, so credentials, "
        "cookies and content travel unencrypted and can be read or altered in transit.",
        "Serve the site over HTTPS and answer every plain-HTTP request with a 301 to the "
        "HTTPS URL; add HSTS once HTTPS works.",
        "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html"},
    CheckInfo{"tls.self_signed", "tls", "TLS certificate is self-signed", Severity::Medium, 295,
              kCrypto,
              "The server presents a self-signed certificate. Browsers warn on every visit and "
              "users learn to click through, which makes man-in-the-middle attacks easy.",
              "Use a certificate issued by a publicly trusted CA (for example Let's Encrypt).",
              "https://cwe.mitre.org/data/definitions/295.html"},
    CheckInfo{"tls.untrusted_chain", "tls", "TLS certificate chain not trusted", Severity::Medium,
              295, kCrypto,
              "The certificate chain does not lead to a trusted root (unknown issuer or missing "
              "intermediate), so clients cannot authenticate the server.",
              "Serve the full chain from a trusted CA, intermediates included.",
              "https://cwe.mitre.org/data/definitions/295.html"},
    CheckInfo{"tls.expired", "tls", "TLS certificate expired or not yet valid", Severity::Medium,
              298, kCrypto,
              "The certificate is outside its validity period, so clients reject it or users are "
              "trained to ignore certificate warnings.",
              "Renew the certificate and automate renewal.",
              "https://cwe.mitre.org/data/definitions/298.html"},
    CheckInfo{
        "tls.hostname_mismatch", "tls", "TLS certificate does not match the host name",
        Severity::Medium, 297, kCrypto,
        "The certificate is not issued for the host name being scanned, so clients cannot "
        "tell the real server from an impostor.",
        "Issue a certificate whose subjectAltName covers every host name the site is served on.",
        "https://cwe.mitre.org/data/definitions/297.html"},
};

}  // namespace

std::span<const CheckInfo> catalog::passiveChecks() {
  return kChecks;
}

std::span<const CheckInfo> checkCatalog() {
  static const std::vector<CheckInfo> all = [] {
    std::vector<CheckInfo> v(kChecks.begin(), kChecks.end());
    for (const auto& check : activeChecks()) v.push_back(check);
    for (const auto& check : apiChecks()) v.push_back(check);
    return v;
  }();
  return all;
}

const CheckInfo* findCheck(std::string_view id) {
  for (const auto& check : checkCatalog())
    if (check.id == id) return &check;
  return nullptr;
}

Finding makeFinding(const CheckInfo& check, std::string url, std::string parameter,
                    std::string method) {
  Finding f;
  f.checkId = check.id;
  f.family = check.family;
  f.title = check.title;
  f.severity = check.severity;
  f.cwe = check.cwe;
  f.owasp = check.owasp;
  f.url = std::move(url);
  f.method = std::move(method);
  f.parameter = std::move(parameter);
  f.description = check.description;
  f.recommendation = check.recommendation;
  if (!check.reference.empty()) f.references.emplace_back(check.reference);
  return f;
}

Finding makeFinding(std::string_view checkId, std::string url, std::string parameter,
                    std::string method) {
  const CheckInfo* check = findCheck(checkId);
  assert(check && "unknown check id");
  return makeFinding(*check, std::move(url), std::move(parameter), std::move(method));
}

}  // namespace ctc::scanner
