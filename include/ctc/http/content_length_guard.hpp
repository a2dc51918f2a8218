#pragma once
/// Checks a request's Content-Length lines as its bytes arrive, before Pistache 0.0.5's parser
/// reads them. That parser takes the value with std::stoull: an overflowing value throws and
/// becomes a plain-text 500, a negative one wraps to ~2^64 and the body buffer it then reserves
/// throws too, a large one reserves that much memory, a non-numeric one silently reads as 0, and
/// of two different lines the first silently wins. One guard per connection.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ctc/util/result.hpp"

namespace ctc::http {

class ContentLengthGuard {
 public:
  /// Every chunk given to the parser. An error (BadRequest or TooLarge) once a complete
  /// Content-Length line is not a plain decimal number, exceeds maxBody, or differs from an
  /// earlier one; body bytes are not looked at.
  Status feed(std::string_view chunk, uint64_t maxBody);

  /// The parser was reset: the next byte starts a new request.
  void reset();

 private:
  Status checkLine(std::string_view line, uint64_t maxBody);

  std::string pending_;  ///< the start of a line whose CRLF has not arrived yet
  bool sawRequestLine_ = false;
  bool inBody_ = false;
  std::optional<uint64_t> length_;  ///< the first Content-Length value
};

}  // namespace ctc::http
