// Fuzzes ContentLengthGuard (include/ctc/http/content_length_guard.hpp), which reads every
// request's header section before Pistache's parser does.
//
// Input: the first byte picks a chunk size (1..256); the rest are the request bytes, fed in
// chunks of that size, like reads from a socket.
//
// Properties:
//  - never crashes; the verdict does not depend on how the bytes were split into reads;
//  - it only refuses with BadRequest or TooLarge;
//  - an accepted head whose blank line arrived has only Content-Length lines (any case) whose
//    trimmed value is all digits, at most the limit (checked with std::from_chars), and equal;
//  - a refused head has at least one Content-Length line (nothing else is ever refused).
#include <strings.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/http/content_length_guard.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;
constexpr uint64_t kLimit = 4096;

ctc::Status feedInChunks(std::string_view bytes, size_t chunk) {
  ctc::http::ContentLengthGuard guard;
  for (size_t at = 0; at < bytes.size(); at += chunk)
    if (auto checked = guard.feed(bytes.substr(at, chunk), kLimit); !checked) return checked;
  return ctc::okStatus();
}

/// The values of the Content-Length lines before the first empty line, and whether it came.
std::vector<std::string_view> contentLengths(std::string_view bytes, bool& headEnded) {
  std::vector<std::string_view> out;
  headEnded = false;
  size_t start = bytes.find("\r\n");
  while (start != std::string_view::npos) {
    start += 2;
    size_t end = bytes.find("\r\n", start);
    if (end == std::string_view::npos) break;
    std::string_view line = bytes.substr(start, end - start);
    if (line.empty()) {
      headEnded = true;
      break;
    }
    if (line.size() >= 15 && strncasecmp(line.data(), "content-length:", 15) == 0) {
      std::string_view value = line.substr(15);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
      out.push_back(value);
    }
    start = end;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t chunk = data[0] + 1u;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  auto whole = feedInChunks(bytes, bytes.size() + 1);
  auto split = feedInChunks(bytes, chunk);
  FUZZ_CHECK(whole.ok() == split.ok(), printable(bytes));
  if (!whole) {
    FUZZ_CHECK(whole.error().kind == split.error().kind, printable(bytes));
    auto kind = whole.error().kind;
    FUZZ_CHECK(kind == ctc::ErrorKind::BadRequest || kind == ctc::ErrorKind::TooLarge,
               printable(bytes));
  }

  bool headEnded = false;
  auto values = contentLengths(bytes, headEnded);
  if (!whole) FUZZ_CHECK(!values.empty(), "refused without a Content-Length: " + printable(bytes));
  if (whole && headEnded) {
    std::optional<uint64_t> first;
    for (auto value : values) {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      FUZZ_CHECK(!value.empty() && ec == std::errc() && end == value.data() + value.size(),
                 "accepted Content-Length '" + printable(value) + "'");
      FUZZ_CHECK(n <= kLimit, "accepted Content-Length " + std::to_string(n));
      if (first) FUZZ_CHECK(*first == n, "accepted two lengths: " + printable(bytes));
      first = n;
    }
  }
  return 0;
}
