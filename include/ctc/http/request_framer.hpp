#pragma once
/// Splits one connection's bytes into HTTP/1.1 request messages, before Pistache 0.0.5's parser
/// sees any of them. That parser takes one request per feed and forgets what follows it
/// (pipelined requests were dropped), has no limit on the header section, reads Content-Length
/// with std::stoull (an overflowing value is a 500, a negative one wraps, a non-numeric one reads
/// as 0, of two different lines the first wins) and accepts Transfer-Encoding together with
/// Content-Length. The framer decides where each message ends and refuses what must not reach
/// the parser; the parser still builds the request from exactly one message's bytes.
/// One framer per connection; not thread-safe.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ctc/http/request_body.hpp"

namespace ctc::http {

struct FramerLimits {
  std::size_t requestLine = 8 * 1024;     ///< method, target and version
  std::size_t headerSection = 16 * 1024;  ///< request line and header lines, CRLFs included
  uint64_t body = kMaxBodyBytes;          ///< decoded body bytes
};

/// What the framer read from a request's head.
struct RequestHead {
  std::string method;
  std::string target;  ///< the request-target as sent ("/path?query"), not decoded
  bool http10 = false;
  bool keepAlive = true;        ///< the Connection header, else the version's default
  bool expectContinue = false;  ///< "Expect: 100-continue" on HTTP/1.1
  bool chunked = false;
  uint64_t contentLength = 0;  ///< 0 when chunked or absent
  /// The X-Request-Id header, when it came before whatever refused the head (a refusal's
  /// answer carries it, as every other answer does).
  std::optional<std::string> requestId;
};

class RequestFramer {
 public:
  /// Where the next request stands, for the timeouts: Idle until its first byte, Head until
  /// its blank line, Body until its last byte.
  enum class Phase { Idle, Head, Body };

  struct Event {
    enum class Kind {
      NeedMore,   ///< no complete message; append more bytes
      HeadReady,  ///< head() is complete, `bytes` holds it, and no byte of the body is here yet
      Message,    ///< `bytes` is one complete request, head() describes it
      Error,      ///< `status` and `reason`; the connection cannot be trusted any further
    };
    Kind kind = Kind::NeedMore;
    std::string bytes;
    int status = 0;
    std::string reason;
  };

  explicit RequestFramer(FramerLimits limits = {}) : limits_(limits) {}

  void append(std::string_view bytes);
  /// The next event. Call until NeedMore or Error; after Error every call repeats it.
  Event next();

  Phase phase() const { return phase_; }
  const RequestHead& head() const { return head_; }
  /// Bytes received and not yet returned in a Message.
  std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  Event error(int status, std::string reason);
  /// Reads the head in buffer_[start_, end); sets head_ or returns the error.
  std::optional<Event> readHead(std::size_t end);
  /// Advances through chunked framing; true once the last chunk and trailers are in.
  std::optional<Event> scanChunks(bool& complete);
  Event takeMessage(std::size_t end);

  FramerLimits limits_;
  std::string buffer_;
  std::size_t start_ = 0;  ///< first byte of the current message
  Phase phase_ = Phase::Idle;
  RequestHead head_;
  std::size_t headScan_ = 0;   ///< where the search for the head's end resumes
  std::size_t bodyStart_ = 0;  ///< offset of the body in buffer_
  bool headAnnounced_ = false;
  // chunked body progress
  std::size_t chunkCursor_ = 0;  ///< next unread byte of the chunked body
  uint64_t chunkRemaining_ = 0;  ///< data bytes (+2 for its CRLF) left in the current chunk
  bool inTrailers_ = false;
  std::size_t trailerStart_ = 0;  ///< offset of the trailer section in buffer_
  uint64_t decoded_ = 0;
  std::optional<Event> failed_;
};

}  // namespace ctc::http
