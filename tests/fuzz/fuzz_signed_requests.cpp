// Fuzzes what the successor APIs parse from a request head or body before anything is checked:
// the Veracode Authorization header (include/ctc/service/hmac_auth.hpp) and ISO-8601 start
// dates (include/ctc/util/clock.hpp).
//
// Properties:
//  - never crashes, on any bytes;
//  - a parsed header has all four fields, and writing them back in Veracode's format parses to
//    the same fields (when no field holds a comma);
//  - the signature of any hex key and nonce is 64 lower-case hex digits, and the same inputs
//    always give the same signature;
//  - a parsed date printed with iso8601() parses back to the same instant.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ctc/service/hmac_auth.hpp"
#include "ctc/util/clock.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ctc;
  using ctc::fuzz::printable;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto parsed = service::parseVeracodeAuthorization(text);
  if (parsed) {
    FUZZ_CHECK(!parsed->id.empty() && !parsed->ts.empty() && !parsed->nonce.empty() &&
                   !parsed->sig.empty(),
               printable(text));
    std::string all = parsed->id + parsed->ts + parsed->nonce + parsed->sig;
    if (all.find(',') == std::string::npos) {
      auto again = service::parseVeracodeAuthorization(
          "VERACODE-HMAC-SHA-256 id=" + parsed->id + ",ts=" + parsed->ts +
          ",nonce=" + parsed->nonce + ",sig=" + parsed->sig);
      FUZZ_CHECK(again && again->id == parsed->id && again->ts == parsed->ts &&
                     again->nonce == parsed->nonce && again->sig == parsed->sig,
                 printable(text));
    }
    auto sig = service::veracodeSignature(parsed->sig, parsed->nonce, parsed->ts, text);
    if (sig) {
      FUZZ_CHECK(
          sig->size() == 64 && sig->find_first_not_of("0123456789abcdef") == std::string::npos,
          printable(text));
      FUZZ_CHECK(sig == service::veracodeSignature(parsed->sig, parsed->nonce, parsed->ts, text),
                 printable(text));
    }
  }

  if (auto when = parseIso8601(text)) {
    auto back = parseIso8601(iso8601(*when));
    FUZZ_CHECK(back && *back == *when, printable(text) + " -> " + iso8601(*when));
  }
  return 0;
}
