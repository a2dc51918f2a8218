// Fuzzes URL and target validation (include/ctc/scanner/fetch/url.hpp, address_policy.hpp):
// parseTargetUrl (every target URL a client sends), resolveReference and appendQuery (every
// link, redirect and form the crawler follows), isRestrictedAddress and, for numeric address
// literals only, resolveAllowedHost (the SSRF rule). no_dns.cpp keeps getaddrinfo numeric-only.
//
// Input: the whole input is tried as a target URL and as an address; split at the first '\n'
// it is also (base, reference) for resolveReference and (url, query pairs) for appendQuery.
//
// Properties:
//  - parseTargetUrl ok => scheme http/https, non-empty host, port 0..65535, path starts with
//    '/', url starts with "<scheme>://", and parsing the normalised url again gives the same
//    result (the server stores the normalised URL and re-validates it at every scan start);
//  - resolveReference => http/https result without a fragment;
//  - appendQuery of a valid target URL stays a valid target URL of the same origin;
//  - isRestrictedAddress(v4) == isRestrictedAddress(::ffff:v4) == (64:ff9b::v4);
//  - resolveAllowedHost(literal, allowPrivate=false) ok <=> not isRestrictedAddress(literal),
//    and with allowPrivate=true a literal always resolves.
#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ctc/http/percent_decoding.hpp"
#include "ctc/scanner/fetch/address_policy.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;
using namespace ctc::scanner;

void checkParsed(const ParsedUrl& p, std::string_view input) {
  std::string ctx = "input: " + printable(input) + "\nurl: " + printable(p.url);
  FUZZ_CHECK(p.scheme == "http" || p.scheme == "https", ctx);
  FUZZ_CHECK(!p.host.empty(), ctx);
  // Port 0 is accepted (curl parses "http://host:0/"); noted in the fuzzing report, not asserted.
  FUZZ_CHECK(p.port >= 0 && p.port <= 65535, ctx + "\nport " + std::to_string(p.port));
  FUZZ_CHECK(!p.path.empty() && p.path.front() == '/', ctx + "\npath: " + printable(p.path));
  FUZZ_CHECK(p.url.rfind(p.scheme + "://", 0) == 0, ctx);
  FUZZ_CHECK(p.url.find('#') == std::string::npos, ctx);
  (void)p.origin();
}

void fuzzTargetUrl(std::string_view text) {
  auto parsed = parseTargetUrl(text);
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().message.empty(), printable(text));
    return;
  }
  checkParsed(*parsed, text);
  auto again = parseTargetUrl(parsed->url);
  FUZZ_CHECK(again.ok(), "normalised URL no longer valid\ninput: " + printable(text) +
                             "\nnormalised: " + printable(parsed->url) +
                             "\nerror: " + (again ? std::string() : again.error().message));
  FUZZ_CHECK(again->url == parsed->url && again->host == parsed->host &&
                 again->port == parsed->port && again->scheme == parsed->scheme &&
                 again->path == parsed->path && again->query == parsed->query,
             "normalisation not idempotent\ninput: " + printable(text) +
                 "\nfirst:  " + printable(parsed->url) + "\nsecond: " + printable(again->url));
}

void fuzzReference(const std::string& base, std::string_view reference) {
  auto resolved = resolveReference(base, reference);
  if (!resolved) return;
  std::string ctx = "base: " + printable(base) + "\nref: " + printable(reference) +
                    "\nresolved: " + printable(resolved->url);
  FUZZ_CHECK(resolved->scheme == "http" || resolved->scheme == "https", ctx);
  FUZZ_CHECK(resolved->url.find('#') == std::string::npos, ctx);
  FUZZ_CHECK(resolved->port >= 0 && resolved->port <= 65535, ctx);
}

void fuzzAppendQuery(const std::string& url, std::string_view query) {
  auto params = ctc::http::parseQueryString(query);
  std::string out = appendQuery(url, params);
  auto before = parseTargetUrl(url);
  if (!before || out.size() > 2048) return;
  auto after = parseTargetUrl(out);
  std::string ctx =
      "url: " + printable(url) + "\nquery: " + printable(query) + "\nresult: " + printable(out);
  FUZZ_CHECK(after.ok(), ctx + "\nerror: " + (after ? std::string() : after.error().message));
  FUZZ_CHECK(after->origin() == before->origin() && after->path == before->path, ctx);
}

void fuzzAddress(const std::string& text) {
  bool restricted = isRestrictedAddress(text);
  in_addr v4{};
  in6_addr v6{};
  bool isV4 = inet_pton(AF_INET, text.c_str(), &v4) == 1;
  bool isV6 = !isV4 && inet_pton(AF_INET6, text.c_str(), &v6) == 1;
  if (isV4) {
    FUZZ_CHECK(isRestrictedAddress("::ffff:" + text) == restricted, printable(text));
    FUZZ_CHECK(isRestrictedAddress("64:ff9b::" + text) == restricted, printable(text));
  }
  if (!isV4 && !isV6) return;  // names would mean DNS: never resolved here
  auto strict = resolveAllowedHost(text, 80, false);
  FUZZ_CHECK(strict.ok() == !restricted,
             "address " + printable(text) + " restricted=" + std::to_string(restricted) +
                 " but resolveAllowedHost " +
                 (strict ? std::string("allowed it") : "refused: " + strict.error().message));
  auto lax = resolveAllowedHost(isV6 ? "[" + text + "]" : text, 443, true);
  FUZZ_CHECK(lax.ok() && !lax->addresses.empty(),
             "address " + printable(text) + ": " + (lax ? "" : lax.error().message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzzTargetUrl(text);

  auto nl = text.find('\n');
  std::string first(text.substr(0, nl));
  std::string_view rest = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  fuzzReference(first, rest);
  // The crawler resolves links against real page URLs: also try a fixed, valid base.
  fuzzReference("https://app.example.com/dir/page.html?x=1", text);
  fuzzAppendQuery(first, rest);

  if (size <= 64) fuzzAddress(std::string(text));
  return 0;
}
