// Fuzzes the passive page checks (include/ctc/scanner/checks/passive/passive_checks.hpp:
// runPageChecks and summarizeResponse), i.e. the header parsers for Set-Cookie,
// Content-Security-Policy, Strict-Transport-Security, Referrer-Policy, X-Frame-Options and version
// headers, plus the directory-listing check on the parsed page, on a FetchResult built from the
// fuzz bytes:
//
//   <status> <url>\n            first line; status = leading digits (default 200), url optional
//   Name: value\n ...           headers until an empty line ("\r\n" accepted)
//   \n<body>                    the rest is the body (parsed with extractLinks if it is HTML)
//
// Properties: never crashes or throws; every finding names a catalogue check, the page URL and
// the request line; cookie and version findings name their cookie/header.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/checks/passive/passive_checks.hpp"
#include "ctc/scanner/crawl/html_links.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;
using namespace ctc::scanner;

std::string_view nextLine(std::string_view& rest) {
  auto nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

FetchResult pageFrom(std::string_view input) {
  FetchResult page;
  std::string_view rest = input;
  std::string_view first = nextLine(rest);
  std::size_t digits = 0;
  long status = 0;
  while (digits < first.size() && digits < 6 && first[digits] >= '0' && first[digits] <= '9')
    status = status * 10 + (first[digits++] - '0');
  page.response.status = digits ? status : 200;
  std::string_view url = first.substr(digits);
  while (!url.empty() && url.front() == ' ') url.remove_prefix(1);
  page.request.url = url.empty() ? "https://app.example.com/" : std::string(url);
  while (!rest.empty()) {
    std::string_view line = nextLine(rest);
    if (line.empty()) break;
    auto colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    page.response.headers.emplace_back(std::string(name), std::string(value));
  }
  page.response.body = std::string(rest);
  return page;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  FetchResult page = pageFrom(input);
  std::optional<HtmlLinks> html;
  if (page.response.isHtml()) html = extractLinks(page.response.body);

  std::size_t findings = 0;
  FindingCollector collector([&](const ctc::Finding& f) {
    ++findings;
    std::string ctx = "finding " + f.checkId + " for input:\n" + printable(input, 600);
    FUZZ_CHECK(findCheck(f.checkId) != nullptr, ctx);
    FUZZ_CHECK(f.url == page.request.url, ctx);
    FUZZ_CHECK(f.evidenceRequest == page.requestLine(), ctx);
    FUZZ_CHECK(!f.evidenceResponse.empty(), ctx);
    if (f.family == "cookies" || f.checkId == "disclosure.server_version")
      FUZZ_CHECK(!f.parameter.empty(), ctx);
  });
  try {
    runPageChecks(page, html ? &*html : nullptr, collector);
    (void)summarizeResponse(page.response);
  } catch (const std::exception& e) {
    ctc::fuzz::fail(__FILE__, __LINE__, "runPageChecks threw",
                    std::string(e.what()) + "\ninput:\n" + printable(input, 600));
  }
  // Each header yields at most three cookie findings; the page-level checks are a handful.
  FUZZ_CHECK(findings <= 3 * page.response.headers.size() + 16, std::to_string(findings));
  return 0;
}
