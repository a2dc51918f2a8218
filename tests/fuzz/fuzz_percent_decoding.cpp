// Fuzzes percentDecode and parseQueryString (include/ctc/http/percent_decoding.hpp): the query
// string of every request and every path segment go through them.
//
// Properties:
//  - never crashes, on any bytes, in either mode;
//  - a successful decode is never longer than its input, and text without '%' (and without '+'
//    in plus mode) decodes to itself;
//  - decoding with plusIsSpace equals decoding with '+' rewritten as %20 beforehand;
//  - percent-encoding any bytes and decoding gives the bytes back (both modes);
//  - parseQueryString keeps at most 256 pairs, and re-encoding its pairs and parsing again gives
//    the same pairs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ctc/http/percent_decoding.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;

std::string encodeAll(std::string_view s, bool keepUnreserved) {
  return ctc::fuzz::percentEncode(s, keepUnreserved);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ctc::http::parseQueryString;
  using ctc::http::percentDecode;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto raw = percentDecode(text, false);
  auto plus = percentDecode(text, true);
  FUZZ_CHECK(raw.has_value() == plus.has_value(), printable(text));
  if (raw) {
    FUZZ_CHECK(raw->size() <= text.size(), printable(text));
    FUZZ_CHECK(plus->size() == raw->size(), printable(text));
    if (text.find('%') == std::string_view::npos) {
      FUZZ_CHECK(*raw == text, printable(text));
      if (text.find('+') == std::string_view::npos) FUZZ_CHECK(*plus == text, printable(text));
    }
  }
  std::string plusRewritten;
  for (char c : text) plusRewritten += c == '+' ? std::string("%20") : std::string(1, c);
  auto viaRewrite = percentDecode(plusRewritten, false);
  FUZZ_CHECK(viaRewrite == plus, "input: " + printable(text));

  for (bool keep : {false, true}) {
    std::string encoded = encodeAll(text, keep);
    for (bool plusIsSpace : {false, true}) {
      auto back = percentDecode(encoded, plusIsSpace);
      FUZZ_CHECK(back.has_value() && *back == text,
                 "encoded: " + printable(encoded) +
                     "\ndecoded: " + (back ? printable(*back) : std::string("nullopt")));
    }
  }

  auto pairs = parseQueryString(text);
  FUZZ_CHECK(pairs.size() <= 256, std::to_string(pairs.size()));
  std::string rebuilt;
  for (const auto& [k, v] : pairs)
    rebuilt += (rebuilt.empty() ? "" : "&") + encodeAll(k, true) + "=" + encodeAll(v, true);
  auto again = parseQueryString(rebuilt);
  FUZZ_CHECK(again == pairs, "input: " + printable(text) + "\nrebuilt: " + printable(rebuilt));
  return 0;
}
