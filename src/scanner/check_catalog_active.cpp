// Catalogue entries of the checks that send requests of their own (see api/checks.md for the
// evidence rules and the ZAP/Wapiti equivalents).
#include "check_catalog_active.hpp"

#include <array>

namespace ctc::scanner {
namespace {

using namespace catalog;

constexpr std::array kActive{
    CheckInfo{"xss.reflected", "xss", "Reflected cross-site scripting", Severity::High, 79,
              kInjection,
              "A parameter is written back into the page without the encoding its place needs, "
              "so a link with a crafted value runs the attacker's script in the victim's session.",
              "Encode every value for the context it is written into (HTML text, attribute, "
              "JavaScript string, URL) with the template engine's auto-escaping; allow only "
              "http(s) URLs in links; add a strict Content-Security-Policy as a second layer.",
              "https://owasp.org/www-community/attacks/xss/"},
    CheckInfo{"xss.stored", "xss", "Stored cross-site scripting", Severity::High, 79, kInjection,
              "A value submitted here is saved and later written into another page (a guestbook, "
              "a comment list) without encoding, so every visitor of that page runs the "
              "attacker's script.",
              "Encode stored values for the context they are written into when the page is "
              "rendered (the template engine's auto-escaping), not when they are saved; "
              "sanitise rich text with an allow-list; add a strict Content-Security-Policy.",
              "https://owasp.org/www-community/attacks/xss/#stored-xss-attacks"},
    CheckInfo{"sqli.error", "sqli", "SQL injection (error-based)", Severity::High, 89, kInjection,
              "A quote in the parameter makes the database report a syntax error: the value is "
              "pasted into an SQL statement, so an attacker can change the statement and read or "
              "modify the database.",
              "Use parameterised queries (prepared statements) for every value; never build SQL "
              "by string concatenation; do not show database errors to users.",
              "https://cheatsheetseries.owasp.org/cheatsheets/"
              "SQL_Injection_Prevention_Cheat_Sheet.html"},
    CheckInfo{"sqli.boolean", "sqli", "SQL injection (boolean-based blind)", Severity::High, 89,
              kInjection,
              "Appending a condition that is always true leaves the page unchanged while an "
              "always-false one changes it, in two spellings and on a repeat: the value is part of "
              "an SQL statement, and its answers can be read one bit at a time.",
              "Use parameterised queries (prepared statements) for every value.",
              "https://owasp.org/www-community/attacks/Blind_SQL_Injection"},
    CheckInfo{"sqli.time", "sqli", "SQL injection (time-based blind)", Severity::High, 89,
              kInjection,
              "A database sleep function in the parameter delays the response by the time asked "
              "for, twice and with two durations: the value runs inside an SQL statement.",
              "Use parameterised queries (prepared statements) for every value.",
              "https://owasp.org/www-community/attacks/Blind_SQL_Injection"},
    CheckInfo{"injection.command", "injection", "OS command injection", Severity::Critical, 78,
              kInjection,
              "The parameter reaches a shell: a command separator followed by echo printed text "
              "only a shell produces (or sleep delayed the response twice). An attacker can run "
              "any command as the web server's user.",
              "Do not call a shell with user input; call programs with an argument list (execve) "
              "and validate values against an allow-list.",
              "https://owasp.org/www-community/attacks/Command_Injection"},
    CheckInfo{"injection.ssti", "injection", "Server-side template injection", Severity::High, 1336,
              kInjection,
              "A template expression in the parameter was evaluated by the server (the product "
              "of two random numbers came back, twice): user input is compiled as a template, "
              "which in most engines leads to code execution.",
              "Pass user input to templates as data (context variables), never as template "
              "source; use a sandboxed engine where users must write templates.",
              "https://portswigger.net/web-security/server-side-template-injection"},
    CheckInfo{"injection.crlf", "injection", "CRLF injection (HTTP response header injection)",
              Severity::Medium, 113, kInjection,
              "A carriage return and line feed in the parameter start a new response header: an "
              "attacker can set cookies, redirect, or split the response for cache poisoning.",
              "Reject or strip CR and LF from every value written into a header; use the "
              "framework's header API, which validates values.",
              "https://owasp.org/www-community/vulnerabilities/CRLF_Injection"},
    CheckInfo{"files.path_traversal", "files", "Path traversal / local file inclusion",
              Severity::High, 22, kAccess,
              "A relative path (../) or absolute path in the parameter returned a system file "
              "(/etc/passwd or win.ini): the server opens files named by the user.",
              "Map user choices to a fixed list of files, or resolve the path and check that it "
              "stays below the intended directory; never pass raw input to file APIs.",
              "https://owasp.org/www-community/attacks/Path_Traversal"},
    CheckInfo{"redirect.open", "redirect", "Open redirect", Severity::Medium, 601, kAccess,
              "The parameter sets the Location of a redirect to any host, so links on the "
              "trusted domain can send users to a phishing site.",
              "Redirect only to relative paths or to an allow-list of hosts; reject values "
              "starting with // or a scheme.",
              "https://cheatsheetseries.owasp.org/cheatsheets/"
              "Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html"},
    CheckInfo{"ssrf.confirmed", "ssrf", "Server-side request forgery", Severity::High, 918, kSsrf,
              "The server fetched a URL given in the parameter and returned its content: an "
              "attacker can make it reach internal services and cloud metadata endpoints.",
              "Fetch only from an allow-list of hosts; resolve and refuse private, loopback and "
              "link-local addresses (also after redirects); do not return fetched content.",
              "https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/"},
    CheckInfo{"ssrf.candidate", "ssrf", "Parameter takes a URL (possible SSRF)", Severity::Low, 918,
              kSsrf,
              "A parameter carries an absolute URL. If the server fetches it, it may be used to "
              "reach internal services; the scan could not show that it does (a lead to review).",
              "Check whether the server fetches this URL; if so, restrict it to an allow-list "
              "and refuse private addresses.",
              "https://cheatsheetseries.owasp.org/cheatsheets/"
              "Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html"},
    CheckInfo{"xxe.external_entity", "xxe", "XML external entity (XXE) injection", Severity::High,
              611, kMisconfig,
              "An XML document with an external entity made the server include a local file in "
              "its response: its XML parser resolves external entities.",
              "Disable DTDs and external entities in the XML parser (e.g. libxml2 without "
              "XML_PARSE_NOENT/DTDLOAD, Java's disallow-doctype-decl, defusedxml in Python).",
              "https://cheatsheetseries.owasp.org/cheatsheets/"
              "XML_External_Entity_Prevention_Cheat_Sheet.html"},
    CheckInfo{"cors.misconfigured", "cors", "CORS allows any origin with credentials",
              Severity::High, 942, kMisconfig,
              "The response copies an arbitrary (or the null) Origin into "
              "Access-Control-Allow-Origin and allows credentials, so any web site a user visits "
              "can read this endpoint with the user's cookies.",
              "Compare Origin against an allow-list of exact origins; never reflect it blindly "
              "and never allow the null origin with credentials.",
              "https://portswigger.net/web-security/cors"},
    CheckInfo{"methods.trace_enabled", "methods", "HTTP TRACE method enabled", Severity::Low, 749,
              kMisconfig,
              "The server answers TRACE by echoing the request, including headers such as "
              "cookies and authorization, which helps cross-site tracing attacks.",
              "Disable TRACE (Apache: TraceEnable off; nginx answers 405 by default).",
              "https://owasp.org/www-community/attacks/Cross_Site_Tracing"},
    CheckInfo{"methods.unsafe_allowed", "methods", "PUT or DELETE allowed", Severity::Medium, 749,
              kMisconfig,
              "OPTIONS advertises PUT or DELETE for this path (and, where the target allows "
              "destructive checks, a PUT really stored a file): an attacker may upload or "
              "delete content.",
              "Disable WebDAV and the PUT/DELETE methods on paths that do not need them; require "
              "authentication where they are needed.",
              "https://owasp.org/www-project-web-security-testing-guide/latest/"
              "4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_"
              "Testing/06-Test_HTTP_Methods"},
    CheckInfo{"access.method_bypass", "access", "Access control bypassed with another method",
              Severity::High, 650, kAccess,
              "The path refuses GET (401 or 403) but serves its content to POST or to a method "
              "that does not exist: the access rule names only some methods, so anyone can read "
              "what it protects.",
              "Apply the access check to the resource whatever the method (no <Limit GET> or "
              "per-verb route guards); answer unknown methods with 405 or 501.",
              "https://owasp.org/www-project-web-security-testing-guide/latest/"
              "4-Web_Application_Security_Testing/05-Authorization_Testing/"
              "02-Testing_for_Bypassing_Authorization_Schema"},
    CheckInfo{"csrf.missing_token", "csrf", "Form without anti-CSRF token", Severity::Low, 352,
              kAccess,
              "A state-changing (POST) form has no field that looks like an anti-CSRF token, so "
              "another site may submit it in a logged-in user's name unless cookies are "
              "SameSite.",
              "Add a per-session random token to every state-changing form and check it on the "
              "server; set session cookies with SameSite=Lax or Strict.",
              "https://cheatsheetseries.owasp.org/cheatsheets/"
              "Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html"},
    CheckInfo{"content.mixed", "content", "HTTPS page loads content over HTTP", Severity::Low, 319,
              kCrypto,
              "The HTTPS page loads scripts, styles, frames or media over plain HTTP, which a "
              "network attacker can read or replace (a replaced script controls the page).",
              "Load every subresource over HTTPS; add "
              "\"Content-Security-Policy: upgrade-insecure-requests\".",
              "https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content"},
    CheckInfo{"components.vulnerable_js", "components",
              "JavaScript library with known vulnerabilities", Severity::Medium, 1395, kComponents,
              "The page loads a version of a JavaScript library with published advisories "
              "(listed in the evidence).",
              "Upgrade the library to a version without the advisories listed (or remove it).",
              "https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/"},
};

}  // namespace

std::span<const CheckInfo> catalog::activeChecks() {
  return kActive;
}

}  // namespace ctc::scanner
