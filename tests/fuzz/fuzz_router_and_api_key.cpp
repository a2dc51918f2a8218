// Fuzzes request routing and credential lookup: Router::match and pathSegments
// (include/ctc/http/router.hpp) over the real route table (http::registerRoutes, wired over a
// throw-away database; handlers are never called here), apiKeyOf and ApiRequest::header /
// queryParam (api_routes.hpp, api_types.hpp), and parseId on every captured path parameter.
//
// Input, line by line ('\n'): method, raw path, raw query string, then header lines "Name: value".
//
// Properties:
//  - match never crashes; a match has a handler and non-empty ":name" parameters;
//  - re-encoding the decoded segments (behind an explicit /api/v1) routes identically;
//  - HEAD routes like GET; a 405 never lists the method that was asked for;
//  - apiKeyOf is "first api_key header in any case, else first api_key query parameter";
//  - parseId accepts exactly the decimal strings of 1..18 digits with a non-zero value (and
//    nothing with a sign, space or other character).
#include <strings.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ctc/http/api_routes.hpp"
#include "ctc/http/percent_decoding.hpp"
#include "ctc/http/request_body.hpp"
#include "fuzz_common.hpp"
#include "fuzz_world.hpp"

namespace {

using namespace ctc::http;
using ctc::fuzz::printable;

std::string_view nextLine(std::string_view& rest) {
  auto nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

std::string encodeSegment(std::string_view s) {
  return ctc::fuzz::percentEncode(s, true, ":");
}

bool sameMatch(const std::variant<RouteMatch, NoRoute, MethodNotAllowed>& a,
               const std::variant<RouteMatch, NoRoute, MethodNotAllowed>& b) {
  if (a.index() != b.index()) return false;
  if (auto* ma = std::get_if<RouteMatch>(&a)) {
    auto* mb = std::get_if<RouteMatch>(&b);
    return ma->handler == mb->handler && ma->params == mb->params;
  }
  if (auto* na = std::get_if<MethodNotAllowed>(&a))
    return na->allowed == std::get<MethodNotAllowed>(b).allowed;
  return true;
}

bool equalsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

void checkParseId(const std::string& text) {
  auto id = parseId(text, "id");
  bool digits = !text.empty() && text.size() <= 18 &&
                text.find_first_not_of("0123456789") == std::string::npos;
  bool nonZero = text.find_first_not_of('0') != std::string::npos;
  if (digits && nonZero) {
    FUZZ_CHECK(id.ok(), "parseId refused " + printable(text));
    FUZZ_CHECK(*id == std::stoll(text), printable(text));
  }
  if (id) {
    FUZZ_CHECK(*id > 0, printable(text));
    FUZZ_CHECK(text.find_first_not_of("0123456789") == std::string::npos,
               "parseId accepted " + printable(text));
  } else {
    FUZZ_CHECK(!id.error().message.empty(), printable(text));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  return ctc::fuzz::initProcessAndWorld();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  ApiRequest request;
  request.method = std::string(nextLine(rest));
  request.path = std::string(nextLine(rest));
  std::string rawQuery(nextLine(rest));
  request.query = parseQueryString(rawQuery);
  while (!rest.empty()) {
    std::string_view line = nextLine(rest);
    auto colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  std::string ctx = "method " + printable(request.method) + " path " + printable(request.path);
  const Router& router = ctc::fuzz::theWorld()->router;

  // Routing.
  auto matched = router.match(request.method, request.path);
  if (auto* m = std::get_if<RouteMatch>(&matched)) {
    FUZZ_CHECK(m->handler != nullptr && *m->handler, ctx);
    for (const auto& [name, value] : m->params) {
      FUZZ_CHECK(name.size() > 1 && name.front() == ':', ctx + " param " + printable(name));
      FUZZ_CHECK(!value.empty(), ctx + " param " + name + " is empty");
      checkParseId(value);
    }
  } else if (auto* na = std::get_if<MethodNotAllowed>(&matched)) {
    FUZZ_CHECK(!na->allowed.empty(), ctx);
    std::string_view allowed = na->allowed;
    while (!allowed.empty()) {
      auto comma = allowed.find(", ");
      std::string_view one = allowed.substr(0, comma);
      FUZZ_CHECK(one != request.method, ctx + " allowed " + na->allowed);
      FUZZ_CHECK(!(request.method == "HEAD" && one == "GET"), ctx + " allowed " + na->allowed);
      allowed = comma == std::string_view::npos ? std::string_view() : allowed.substr(comma + 2);
    }
  }
  auto segments = pathSegments(request.path);
  if (!segments) FUZZ_CHECK(std::holds_alternative<NoRoute>(matched), ctx);
  if (segments) {
    std::string canonical = "/api/v1";
    for (const auto& s : *segments) {
      FUZZ_CHECK(!s.empty(), ctx);
      canonical += "/" + encodeSegment(s);
    }
    auto again = pathSegments(canonical);
    FUZZ_CHECK(again && *again == *segments, ctx + "\ncanonical " + printable(canonical));
    FUZZ_CHECK(sameMatch(router.match(request.method, canonical), matched),
               ctx + "\ncanonical " + printable(canonical));
  }
  if (request.method == "GET") {
    FUZZ_CHECK(sameMatch(router.match("HEAD", request.path), matched), ctx);
  }

  // Credential lookup.
  std::optional<std::string> expected;
  for (const auto& [k, v] : request.headers)
    if (!expected && equalsNoCase(k, "api_key")) expected = v;
  for (const auto& [k, v] : request.query)
    if (!expected && equalsNoCase(k, "api_key")) expected = v;
  FUZZ_CHECK(apiKeyOf(request) == expected, ctx);
  if (auto h = request.header("content-type"); h) {
    bool found = false;
    for (const auto& [k, v] : request.headers) found = found || equalsNoCase(k, "Content-Type");
    FUZZ_CHECK(found, ctx);
  }

  checkParseId(rawQuery);
  return 0;
}
