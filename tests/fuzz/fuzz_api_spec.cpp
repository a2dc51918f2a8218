// Fuzzes the API-description readers (include/ctc/scanner/spec/api_spec.hpp, spec_document.hpp),
// the request plan built from them (request_plan.hpp, Endpoint in inputs/endpoint.hpp) and the
// multipart upload parser (include/ctc/http/multipart.hpp). Descriptions come from users (upload,
// webhook body, swagger_url) and are parsed at once, up to 8 MiB. The first byte chooses the
// mode: a digit '0'..'2' (any byte b works, as (b - '0') mod 256 mod 3); the rest is its input:
//
//   0 document   an OpenAPI 2/3 description (JSON or YAML) or a HAR
//                -> parseSpecDocument, parseApiSpec(text, "http://127.0.0.1:8080/base/")
//   1 schema     a YAML flow value, the schema of a path parameter, wrapped as
//                  openapi: 3.0.0
//                  paths:
//                    /x/{id}:
//                      get:
//                        parameters:
//                          - {name: id, in: path, schema: SCHEMA}
//                -> as 0 (the example synthesiser: exampleFor, stringMatching)
//   2 multipart  Content-Type \n body
//                -> multipartBoundary, findMultipartPart(body, boundary, "file")
//
// Properties: nothing throws or crashes, and
// - an error is BadRequest or TooLarge with a message;
// - a description read has servers, each an http(s) URL parseTargetUrl takes, without a
//   trailing '/', and operations, each with an upper-case method (an HTTP token) and a path
//   starting with '/';
// - for each operation (the first 200, until 1 MiB of requests is checked) the endpoint on the
//   first server: its baseline request and the request with each input (the first 50) set to
//   kValue have a URL parseTargetUrl takes (URLs over its 2,048 characters: no space or control
//   character, and libcurl's parser takes them) on the server's origin, with header names that
//   are tokens and values without CR or LF; with a JSON body (Endpoint::jsonBody), jsonBody and
//   the request's body are JSON; concreteUrl() holds no "{name}" of a path parameter;
// - multipart: a part found is named "file", and its body is a substring of the body, framed as
//   a part's body after headers that hold a name.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "ctc/http/multipart.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/scanner/spec/api_spec.hpp"
#include "ctc/scanner/spec/request_plan.hpp"
#include "ctc/scanner/spec/spec_document.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;
using namespace ctc::scanner;

constexpr const char* kProjectUrl = "http://127.0.0.1:8080/base/";
constexpr std::size_t kMaxOperationsChecked = 200;
constexpr std::size_t kMaxInputsChecked = 50;
// Described values may be long (minLength up to 4,096, objects of them): checking stops after
// this many bytes of request URLs and bodies, or a long input would check gigabytes.
constexpr std::size_t kMaxBytesChecked = 1u << 20;
const std::string kValue = "x'\"<>{}/%";

/// '0' -> 0, '1' -> 1, ...; every byte is some number.
unsigned digit(char c) {
  return static_cast<unsigned char>(c - '0');
}

/// The origin of a request URL, or "" when it is not one the fetcher can send.
std::string originOf(const std::string& url) {
  if (url.size() <= 2048) {
    auto parsed = parseTargetUrl(url);
    return parsed ? parsed->origin() : "";
  }
  // Over parseTargetUrl's cap (a long described value): libcurl still sends it.
  if (std::any_of(url.begin(), url.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
    return "";
  auto parsed = resolveReference(url, "#");
  return parsed ? parsed->origin() : "";
}

bool isJson(const std::string& text) {
  return nlohmann::json::accept(text);
}

/// An HTTP token (RFC 9110): methods, header and cookie names.
bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

void checkRequest(const Endpoint& e, const HttpRequest& r, const std::string& origin,
                  const std::string& what, std::size_t& checked) {
  checked += r.url.size() + r.body.size();
  std::string where = e.operation + " (" + what + "): " + printable(r.url);
  FUZZ_CHECK(originOf(r.url) == origin, "not a URL on " + origin + ": " + where);
  for (const auto& [name, value] : r.headers) {
    FUZZ_CHECK(isToken(name), "header name " + printable(name) + " in " + where);
    FUZZ_CHECK(value.find_first_of("\r\n") == std::string::npos,
               "header " + printable(name + ": " + value) + " in " + where);
  }
  if (!e.jsonBody.empty()) FUZZ_CHECK(isJson(r.body), "body not JSON: " + printable(r.body));
}

void checkEndpoint(const SpecOperation& op, const std::string& server, const std::string& origin,
                   std::size_t& checked) {
  Endpoint e = endpointFor(op, server, "f");
  if (!e.jsonBody.empty()) FUZZ_CHECK(isJson(e.jsonBody), printable(e.jsonBody));
  checkRequest(e, e.request(), origin, "baseline", checked);
  for (std::size_t i = 0; i < e.inputs.size() && i < kMaxInputsChecked; ++i) {
    if (checked > kMaxBytesChecked) break;
    checkRequest(e, e.requestWith(i, kValue), origin, "input " + e.inputs[i].label(), checked);
  }
  std::string concrete = e.concreteUrl();
  for (const auto& p : e.inputs)
    if (p.kind == InputKind::PathParameter)
      FUZZ_CHECK(concrete.find("{" + p.name + "}") == std::string::npos,
                 "placeholder {" + printable(p.name) + "} left in " + printable(concrete) + " of " +
                     printable(op.path));
}

void fuzzDocument(std::string_view text) {
  // The document layer alone (it must not throw either).
  (void)parseSpecDocument(text);

  auto spec = parseApiSpec(text, kProjectUrl);
  if (!spec) {
    const ctc::Error& error = spec.error();
    FUZZ_CHECK(error.kind == ctc::ErrorKind::BadRequest || error.kind == ctc::ErrorKind::TooLarge,
               std::to_string(static_cast<int>(error.kind)) + ": " + printable(error.message));
    FUZZ_CHECK(!error.message.empty(), "error without a message");
    return;
  }
  FUZZ_CHECK(!spec->servers.empty(), "no server");
  for (const auto& s : spec->servers) {
    FUZZ_CHECK(parseTargetUrl(s).ok(), "server " + printable(s));
    FUZZ_CHECK(!s.empty() && s.back() != '/', "server with a trailing '/': " + printable(s));
  }
  FUZZ_CHECK(!spec->operations.empty(), "no operation");
  for (const auto& op : spec->operations) {
    FUZZ_CHECK(isToken(op.method) && std::none_of(op.method.begin(), op.method.end(),
                                                  [](char c) { return c >= 'a' && c <= 'z'; }),
               "method " + printable(op.method));
    FUZZ_CHECK(op.path.starts_with("/"), "path " + printable(op.path));
  }
  std::string server = spec->servers.front();
  std::string origin = parseTargetUrl(server)->origin();
  std::size_t checked = 0;
  for (std::size_t i = 0; i < spec->operations.size() && i < kMaxOperationsChecked; ++i) {
    if (checked > kMaxBytesChecked) break;
    checkEndpoint(spec->operations[i], server, origin, checked);
  }
}

void fuzzSchema(std::string_view schema) {
  std::string doc =
      "openapi: 3.0.0\n"
      "paths:\n"
      "  /x/{id}:\n"
      "    get:\n"
      "      parameters:\n"
      "        - {name: id, in: path, schema: " +
      std::string(schema) + "}\n";
  fuzzDocument(doc);
}

/// Whether `content` sits in `body` as a part's body ("\r\n\r\n" content "\r\n" delimiter)
/// after headers that name something: those from the delimiter line before it (the first
/// delimiter, or one after a CRLF) on (the first 64 such places are looked at).
bool framedAfterName(std::string_view body, const std::string& delimiter,
                     const std::string& content) {
  std::string framed = "\r\n\r\n" + content + "\r\n" + delimiter;
  std::string line = delimiter + "\r\n";
  std::size_t first = body.find(delimiter);
  int looked = 0;
  for (auto at = body.find(framed); at != std::string_view::npos && looked < 64;
       at = body.find(framed, at + 1), ++looked) {
    std::size_t start = body.rfind("\r\n" + line, at);
    start = start == std::string_view::npos ? first : std::max(start + 2, first);
    if (start == std::string_view::npos || body.substr(start, line.size()) != line ||
        start + line.size() > at)
      continue;
    std::string headers(body.substr(start + line.size(), at - start - line.size()));
    for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (headers.find("name") != std::string::npos) return true;
  }
  return looked == 64;
}

void fuzzMultipart(std::string_view rest) {
  auto nl = rest.find('\n');
  if (nl == std::string_view::npos) return;
  std::string_view contentType = rest.substr(0, nl);
  std::string_view body = rest.substr(nl + 1);
  auto boundary = ctc::http::multipartBoundary(contentType);
  if (!boundary) {
    FUZZ_CHECK(!boundary.error().message.empty(), "error without a message");
    return;
  }
  if (!*boundary) return;
  const std::string& b = **boundary;
  FUZZ_CHECK(!b.empty() && b.size() <= 70, printable(b));
  auto part = ctc::http::findMultipartPart(body, b, "file");
  if (!part) {
    FUZZ_CHECK(!part.error().message.empty(), "error without a message");
    return;
  }
  if (!*part) return;
  FUZZ_CHECK((*part)->name == "file", printable((*part)->name));
  FUZZ_CHECK(body.find((*part)->body) != std::string_view::npos,
             "part body not in the body: " + printable((*part)->body));
  FUZZ_CHECK(framedAfterName(body, "--" + b, (*part)->body),
             "part body not after headers naming it: " + printable((*part)->body));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (digit(static_cast<char>(data[0])) % 3) {
      case 0:
        fuzzDocument(rest);
        break;
      case 1:
        fuzzSchema(rest);
        break;
      case 2:
        fuzzMultipart(rest);
        break;
    }
  } catch (const std::exception& e) {
    ctc::fuzz::fail(__FILE__, __LINE__, "threw", e.what());
  } catch (...) {
    ctc::fuzz::fail(__FILE__, __LINE__, "threw", "non-standard exception");
  }
  return 0;
}
