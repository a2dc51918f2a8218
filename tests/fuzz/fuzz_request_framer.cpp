// Fuzzes RequestFramer (include/ctc/http/request_framer.hpp), which cuts every connection's
// bytes into requests before Pistache's parser sees any of them.
//
// Input: the first byte picks a chunk size (1..256); the rest are the bytes of a connection,
// fed in chunks of that size, like reads from a socket.
//
// Properties:
//  - never crashes, never loops;
//  - the messages and the final refusal do not depend on how the bytes were split into reads;
//  - messages come out in order, each a run of the input's bytes, the last ending no later than
//    the input does;
//  - a refusal is one of 400, 413, 417, 431;
//  - every message's head is within the limits, and a Content-Length body is within its limit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/http/request_framer.hpp"
#include "fuzz_common.hpp"

namespace {

using ctc::fuzz::printable;
using ctc::http::FramerLimits;
using ctc::http::RequestFramer;
using Kind = RequestFramer::Event::Kind;

struct Outcome {
  std::vector<std::string> messages;
  std::vector<uint64_t> contentLengths;
  int refusal = 0;
};

FramerLimits smallLimits() {
  FramerLimits limits;
  limits.requestLine = 256;
  limits.headerSection = 1024;
  limits.body = 4096;
  return limits;
}

Outcome feedInChunks(std::string_view bytes, size_t chunk) {
  RequestFramer framer(smallLimits());
  Outcome out;
  for (size_t at = 0; at < bytes.size() && !out.refusal; at += chunk) {
    framer.append(bytes.substr(at, chunk));
    for (int steps = 0;; ++steps) {
      FUZZ_CHECK(steps < 100000, "next() does not settle: " + printable(bytes));
      auto e = framer.next();
      if (e.kind == Kind::NeedMore) break;
      if (e.kind == Kind::Message) {
        out.messages.push_back(e.bytes);
        out.contentLengths.push_back(framer.head().chunked ? 0 : framer.head().contentLength);
      }
      if (e.kind == Kind::Error) {
        out.refusal = e.status;
        break;
      }
    }
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
  FUZZ_CHECK(whole.messages == split.messages, "messages depend on the reads: " + printable(bytes));
  FUZZ_CHECK(whole.refusal == split.refusal, "refusal " + std::to_string(whole.refusal) + " vs " +
                                                 std::to_string(split.refusal) + " by reads of " +
                                                 std::to_string(chunk) + ": " + printable(bytes));
  int r = whole.refusal;
  FUZZ_CHECK(r == 0 || r == 400 || r == 413 || r == 417 || r == 431, std::to_string(r));

  auto limits = smallLimits();
  size_t from = 0;
  for (size_t i = 0; i < whole.messages.size(); ++i) {
    const auto& m = whole.messages[i];
    auto at = bytes.find(m, from);
    FUZZ_CHECK(at != std::string_view::npos, "a message that is not the input's: " + printable(m));
    from = at + m.size();
    auto headEnd = m.find("\r\n\r\n");
    FUZZ_CHECK(headEnd != std::string::npos && headEnd + 4 <= limits.headerSection,
               "head over its limit: " + printable(m));
    FUZZ_CHECK(m.find("\r\n") <= limits.requestLine, "request line over its limit");
    FUZZ_CHECK(whole.contentLengths[i] <= limits.body, "body over its limit");
  }
  return 0;
}
