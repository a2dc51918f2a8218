#pragma once
// Small helpers shared by the harnesses: a property check that aborts (so libFuzzer records the
// input as a crash) and a printable excerpt of bytes for the message.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace ctc::fuzz {

inline std::string printable(std::string_view s, std::size_t max = 300) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

/// Percent-encodes every byte except, when keepUnreserved, RFC 3986 unreserved characters and
/// those in alsoKeep.
inline std::string percentEncode(std::string_view s, bool keepUnreserved,
                                 std::string_view alsoKeep = "") {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' ||
                      alsoKeep.find(ch) != std::string_view::npos;
    if (keepUnreserved && unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

[[noreturn]] inline void fail(const char* file, int line, const char* what,
                              const std::string& detail) {
  std::fprintf(stderr, "\n*** fuzz property violated at %s:%d: %s\n%s\n", file, line, what,
               detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace ctc::fuzz

// FUZZ_CHECK(condition, detail-string expression): abort with the detail when false.
#define FUZZ_CHECK(cond, detail)                                         \
  do {                                                                   \
    if (!(cond)) ::ctc::fuzz::fail(__FILE__, __LINE__, #cond, (detail)); \
  } while (0)
