// Fuzzes the crawler's extra URL sources (include/ctc/scanner/crawl/crawl_sources.hpp), the
// reflected XSS analysis (include/ctc/scanner/checks/active/xss_analysis.hpp) and the boolean SQL
// injection page comparison (include/ctc/scanner/checks/active/page_compare.hpp). The scanner runs
// all of them on response bodies of up to 2 MiB. The first byte chooses the function: a digit
// '0'..'6' (any byte b works, as (b - '0') mod 256 mod 7); the rest is its input:
//
//   0 robots   robots.txt                   -> parseRobotsTxt
//   1 sitemap  XML                          -> parseSitemap
//   2 js       JavaScript                   -> urlsInJavaScript, javascriptCodeOnly
//   3 html     marker \n HTML               -> findReflections, xssPayloads, provenXss
//              (marker: 1 to 16 bytes, no line break)
//   4 payload  C P marker-chars             -> pages built from kContexts[C] and, for a script,
//              kScriptPrefixes[P] (C, P digits as above); marker = "ctc" + up to 8 more
//              characters, [0-9a-z] as they are, others mapped to them
//   5 compare  status0 status1 \n body0 \x1e body1 \x1e echoed \x1e injected \x1e injected ...
//              (decimal statuses, 200 when missing; at most 7 injected values; a \x1f in body1
//              marks where the page prints the parameter) -> PageComparator
//   6 code     JavaScript                   -> javascriptCodeOnly alone
//
// Properties: nothing throws or crashes, and
// - robots: at most 2,000 paths, each "/" + more without '*', '$', '#' or a line break;
//   sitemap URLs non-empty without '#' or a line break;
// - sitemap: at most 2,000 URLs, non-empty, no surrounding space/tab/line break, and no more
//   bytes out than 4 x the bytes in (no entity expansion; 4: a one-byte charset char can take up
//   to 3 bytes of UTF-8);
// - JS URLs: at most 500, each starts with "/", "./", "http://" or "https://", holds no
//   whitespace or quote, is not protocol-relative ("//") and holds no "/*";
// - javascriptCodeOnly: same length, every byte unchanged or blanked to ' ', idempotent;
// - findReflections: distinct entries, Text/Script without quote; every payload calls
//   marker(); a non-empty proof shows marker();
// - payload mode: the marker alone in a context is found there; each payload for that context,
//   inserted there, is proven by provenXss (a script payload only from its own quote kind, and
//   never from the other one); the HTML-escaped payload (& < > " ') never is, where escaping
//   changes it and the value is quoted (escaping is no defence in an unquoted attribute or for
//   "javascript:" in a URL attribute). Script prefixes are complete, valid JavaScript
//   statements (regex literals, comments, template strings), so the string context after them
//   is the same as without;
// - PageComparator(s, b, s, b) is stable and fingerprint(s, b, "") equals its baseline();
//   fingerprints start with the status line and hold no empty line; a body that holds no
//   injected value (nor its HTML-escaped form) prints the same as with nothing injected; a page
//   that prints the injected value where the baseline printed `echoed` prints like that
//   baseline (when neither value needs HTML escaping and the value occurs only there).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/scanner/checks/active/page_compare.hpp"
#include "ctc/scanner/checks/active/xss_analysis.hpp"
#include "ctc/scanner/crawl/crawl_sources.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;
using namespace ctc::scanner;

/// '0' -> 0, '1' -> 1, ...; every byte is some number.
unsigned digit(char c) {
  return static_cast<unsigned char>(c - '0');
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void fuzzRobots(std::string_view text) {
  RobotsTxt robots = parseRobotsTxt(text);
  FUZZ_CHECK(robots.paths.size() <= 2000, std::to_string(robots.paths.size()));
  for (const auto& p : robots.paths) {
    FUZZ_CHECK(p.size() > 1 && p.front() == '/', printable(p));
    FUZZ_CHECK(p.find_first_of("*$#\n") == std::string::npos, printable(p));
  }
  for (const auto& s : robots.sitemaps) {
    FUZZ_CHECK(!s.empty(), "empty sitemap");
    FUZZ_CHECK(s.find_first_of("#\n") == std::string::npos, printable(s));
  }
}

void fuzzSitemap(std::string_view xml) {
  std::vector<std::string> urls = parseSitemap(xml);
  FUZZ_CHECK(urls.size() <= 2000, std::to_string(urls.size()));
  std::size_t total = 0;
  for (const auto& u : urls) {
    FUZZ_CHECK(!u.empty(), "empty <loc>");
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
    FUZZ_CHECK(!blank(u.front()) && !blank(u.back()), printable(u));
    total += u.size();
  }
  FUZZ_CHECK(total <= 4 * xml.size() + 16, std::to_string(urls.size()) + " URLs, " +
                                               std::to_string(total) + " bytes from " +
                                               std::to_string(xml.size()) + " bytes of XML");
}

void checkCodeOnly(std::string_view js) {
  std::string code = javascriptCodeOnly(js);
  FUZZ_CHECK(code.size() == js.size(),
             std::to_string(code.size()) + " != " + std::to_string(js.size()));
  for (std::size_t i = 0; i < js.size(); ++i)
    FUZZ_CHECK(code[i] == js[i] || code[i] == ' ',
               "byte " + std::to_string(i) + " changed: " + printable(js.substr(i, 40)));
  FUZZ_CHECK(javascriptCodeOnly(code) == code, "not idempotent: " + printable(code));
}

void fuzzJavaScript(std::string_view js) {
  std::vector<std::string> urls = urlsInJavaScript(js);
  FUZZ_CHECK(urls.size() <= 500, std::to_string(urls.size()));
  for (const auto& u : urls) {
    std::string_view v = u;
    FUZZ_CHECK(v.starts_with("/") || v.starts_with("./") || v.starts_with("http://") ||
                   v.starts_with("https://"),
               printable(u));
    FUZZ_CHECK(std::none_of(v.begin(), v.end(),
                            [](char c) { return isSpace(c) || c == '"' || c == '\'' || c == '`'; }),
               printable(u));
    FUZZ_CHECK(v.size() >= 2 && !v.starts_with("//") && v.find("/*") == std::string_view::npos,
               printable(u));
  }
  checkCodeOnly(js);
}

void fuzzHtml(std::string_view rest) {
  auto nl = rest.find('\n');
  if (nl == 0 || nl == std::string_view::npos || nl > 16) return;
  std::string marker(rest.substr(0, nl));
  std::string_view html = rest.substr(nl + 1);
  std::string call = marker + "()";

  std::vector<Reflection> found = findReflections(html, marker);
  // Distinct by context, quote and element: text, script, comment, six raw-text elements, and
  // attribute and URL values in three quotings each.
  FUZZ_CHECK(found.size() <= 15, std::to_string(found.size()));
  for (std::size_t i = 0; i < found.size(); ++i) {
    const Reflection& r = found[i];
    FUZZ_CHECK(r.quote == 0 || r.quote == '"' || r.quote == '\'', std::to_string(r.quote));
    if (r.context == ReflectionContext::Text || r.context == ReflectionContext::Script)
      FUZZ_CHECK(r.quote == 0, "quote for text/script");
    for (std::size_t j = 0; j < i; ++j)
      FUZZ_CHECK(found[j].context != r.context || found[j].quote != r.quote ||
                     found[j].element != r.element,
                 "duplicate");
    std::vector<std::string> payloads = xssPayloads(r, marker);
    FUZZ_CHECK(!payloads.empty(), "no payload");
    for (const auto& p : payloads) FUZZ_CHECK(p.find(call) != std::string::npos, printable(p));
  }
  std::string proof = provenXss(html, marker);
  FUZZ_CHECK(proof.empty() || proof.find(call) != std::string::npos,
             "proof without " + printable(call) + ": " + printable(proof));
}

// Where a reflected value can sit; the page is before + value + after.
struct Context {
  const char* before;
  const char* after;
  Reflection where;
  char jsQuote;  ///< script contexts: the quote of the JavaScript string holding the value
};
const Context kContexts[] = {
    {"<p>", "</p>", {ReflectionContext::Text}, 0},
    {"<input name=\"q\" value=\"", "\">", {ReflectionContext::Attribute, '"'}, 0},
    {"<input name='q' value='", "'>", {ReflectionContext::Attribute, '\''}, 0},
    {"<input name=q value=", ">", {ReflectionContext::Attribute, 0}, 0},
    {"<a href=\"", "\">link</a>", {ReflectionContext::Url, '"'}, 0},
    {"<a href='", "'>link</a>", {ReflectionContext::Url, '\''}, 0},
    {"<script>var q = \"", "\";</script>", {ReflectionContext::Script}, '"'},
    {"<script>var q = '", "';</script>", {ReflectionContext::Script}, '\''},
};
// Complete JavaScript statements that leave the parser in code, between "<script>" and the
// statement holding the value.
const char* const kScriptPrefixes[] = {
    "",
    "var d = a / b / c; ",
    "// \" ' ` \n",
    "/* \" ' ` */ ",
    "var s = 'it\\'s \"'; var t = \"\\\\\"; ",
    "var u = \"http://x/\"; ",
    "var t = `a${b}c`; ",
    "var re = /\"/; ",
    "var re = /'/g; ",
    "if (/[`]/.test(s)) {} ",
    "/*/ ' */ ",
};

void fuzzPayloads(std::string_view rest) {
  if (rest.size() < 2) return;
  const Context& ctx = kContexts[digit(rest[0]) % std::size(kContexts)];
  std::string prefix =
      ctx.jsQuote ? kScriptPrefixes[digit(rest[1]) % std::size(kScriptPrefixes)] : "";
  std::string marker = "ctc";
  for (char c : rest.substr(2, 8)) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
    marker += alnum ? c : "0123456789abcdefghijklmnopqrstuvwxyz"[digit(c) % 36];
  }
  auto page = [&](std::string_view value) {
    std::string before = ctx.before;
    if (ctx.jsQuote) before.insert(std::string_view("<script>").size(), prefix);
    return before + std::string(value) + ctx.after;
  };

  std::string plain = page(marker);
  std::vector<Reflection> found = findReflections(plain, marker);
  auto has = [&](const Reflection& r) {
    return std::any_of(found.begin(), found.end(), [&](const Reflection& f) {
      return f.context == r.context && f.quote == r.quote;
    });
  };
  FUZZ_CHECK(has(ctx.where), "reflection not found in " + printable(plain));
  if (ctx.where.context == ReflectionContext::Url)
    FUZZ_CHECK(has({ReflectionContext::Attribute, ctx.where.quote}),
               "attribute reflection not found in " + printable(plain));

  std::vector<std::string> payloads = xssPayloads(ctx.where, marker);
  bool anyProven = false;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const std::string& p = payloads[i];
    std::string attacked = page(p);
    bool proven = !provenXss(attacked, marker).empty();
    anyProven = anyProven || proven;
    // Script payloads close the script or break out of a string by its quote; one that starts
    // with the other quote, or with an escaped quote, stays inside the string.
    bool otherQuote = ctx.jsQuote && !p.starts_with("</") && p.front() != ctx.jsQuote;
    // "<scr<script>ipt>" works only once a filter has cut the inner "<script>".
    bool forAFilter = p.find("<scr<script>") != std::string::npos;
    if (otherQuote)
      FUZZ_CHECK(!proven, "payload for the other quote proven: " + printable(attacked));
    else if (!forAFilter)
      FUZZ_CHECK(proven, "payload not proven: " + printable(attacked));

    std::string escaped = htmlEscaped(p);
    bool quoted = ctx.where.quote != 0 || ctx.where.context != ReflectionContext::Attribute;
    if (quoted && escaped != p) {
      std::string safe = page(escaped);
      FUZZ_CHECK(provenXss(safe, marker).empty(), "escaped payload proven: " + printable(safe));
    }
  }
  FUZZ_CHECK(anyProven, "no payload proven in " + printable(plain));
  // The payloads of an attribute context also work in a URL attribute.
  if (ctx.where.context == ReflectionContext::Url)
    for (const auto& p : xssPayloads({ReflectionContext::Attribute, ctx.where.quote}, marker))
      FUZZ_CHECK(!provenXss(page(p), marker).empty(), "not proven: " + printable(page(p)));
}

void checkPrint(const std::string& print, long status) {
  std::string head = std::to_string(status) + "\n";
  FUZZ_CHECK(print.starts_with(head), printable(print));
  FUZZ_CHECK(print.find("\n\n") == std::string::npos, "empty line: " + printable(print));
}

/// A decimal status at the front of s (200 when there is none), and s after it and one space.
long statusFrom(std::string_view& s) {
  long status = 0;
  std::size_t digits = 0;
  while (digits < s.size() && digits < 3 && s[digits] >= '0' && s[digits] <= '9')
    status = status * 10 + (s[digits++] - '0');
  s.remove_prefix(digits);
  if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return digits ? status : 200;
}

void fuzzCompare(std::string_view rest) {
  auto nl = rest.find('\n');
  if (nl == std::string_view::npos) return;
  std::string_view statuses = rest.substr(0, nl);
  rest.remove_prefix(nl + 1);
  long status0 = statusFrom(statuses);
  long status1 = statusFrom(statuses);
  std::vector<std::string_view> parts;
  while (parts.size() < 10) {
    auto sep = rest.find('\x1e');
    parts.push_back(rest.substr(0, sep));
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }
  std::string_view body0 = parts[0];
  std::string_view body1 = parts.size() > 1 ? parts[1] : body0;
  std::string echoed(parts.size() > 2 ? parts[2] : "");
  std::vector<std::string> injected;
  for (std::size_t i = 3; i < parts.size(); ++i) injected.emplace_back(parts[i]);

  PageComparator same(status0, body0, status0, body0, echoed);
  FUZZ_CHECK(same.stable(), "identical fetches not stable");
  FUZZ_CHECK(same.fingerprint(status0, body0, "") == same.baseline(), printable(body0));
  FUZZ_CHECK(same.fingerprint(status0, body0, std::vector<std::string>{}) == same.baseline(),
             printable(body0));
  checkPrint(same.baseline(), status0);

  PageComparator cmp(status0, body0, status1, body1, echoed);
  if (status0 == status1 && body0 == body1) FUZZ_CHECK(cmp.stable(), "same pages not stable");
  checkPrint(cmp.baseline(), status0);
  std::string print = cmp.fingerprint(status1, body1, injected);
  checkPrint(print, status1);
  bool echoes = std::any_of(injected.begin(), injected.end(), [&](const std::string& v) {
    return !v.empty() && v.size() <= kMaxNormalisedValue &&
           (body1.find(v) != std::string_view::npos ||
            body1.find(htmlEscaped(v)) != std::string_view::npos);
  });
  if (!echoes)
    FUZZ_CHECK(print == cmp.fingerprint(status1, body1, ""),
               "nothing echoed, yet the print changed: " + printable(body1));

  // The page prints the parameter at \x1f: sent `v` it prints v, sent the baseline value it
  // prints `echoed`; both must look the same.
  auto at = body1.find('\x1f');
  if (at == std::string_view::npos || injected.empty()) return;
  const std::string& v = injected[0];
  auto printing = [&](std::string_view value) {
    return std::string(body1.substr(0, at)) + std::string(value) +
           std::string(body1.substr(at + 1));
  };
  std::string sent = printing(v), base = printing(echoed);
  // Values shorter than `echoed` are not put back (that could multiply the page's size).
  if (v.empty() || v.size() < echoed.size() || v.size() > kMaxNormalisedValue ||
      htmlEscaped(v) != v || htmlEscaped(echoed) != echoed || sent.find(v) != at ||
      sent.find(v, at + 1) != std::string::npos || base.find(v) != std::string::npos)
    return;
  FUZZ_CHECK(cmp.fingerprint(status1, sent, v) == cmp.fingerprint(status1, base, ""),
             "echo of " + printable(v) + " not normalised to " + printable(echoed) + " in " +
                 printable(sent));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (digit(static_cast<char>(data[0])) % 7) {
      case 0:
        fuzzRobots(rest);
        break;
      case 1:
        fuzzSitemap(rest);
        break;
      case 2:
        fuzzJavaScript(rest);
        break;
      case 3:
        fuzzHtml(rest);
        break;
      case 4:
        fuzzPayloads(rest);
        break;
      case 5:
        fuzzCompare(rest);
        break;
      case 6:
        checkCodeOnly(rest);
        break;
    }
  } catch (const std::exception& e) {
    ctc::fuzz::fail(__FILE__, __LINE__, "threw", e.what());
  } catch (...) {
    ctc::fuzz::fail(__FILE__, __LINE__, "threw", "non-standard exception");
  }
  return 0;
}
