#pragma once
/// Test support: a plain TCP client for the server's HTTP/1.1 transport, to send what libcurl
/// never would (pipelines, half-closes, split bodies, oversized heads) and read the raw answers.
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ctc::test {

struct RawResponse {
  int status = 0;
  std::string statusLine;
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string body;
};

/// Splits bytes into complete responses (Content-Length framed; 1xx have no body). What is
/// left incomplete is returned in `rest`.
std::vector<RawResponse> parseResponses(std::string_view bytes, std::string* rest = nullptr);

class RawConnection {
 public:
  explicit RawConnection(int port);  ///< connects to 127.0.0.1:port; throws on failure
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(std::string_view bytes);
  void shutdownWrite();  ///< our FIN: a client half-closing after its requests

  /// Reads until `count` complete responses arrived, the server closed, or `timeout`.
  std::vector<RawResponse> read(std::size_t count,
                                std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// Reads until the server closes (true) or `timeout` passes (false); the bytes go to `out`.
  bool readToEof(std::chrono::milliseconds timeout, std::string* out = nullptr);
  /// Bytes read so far and not yet returned as responses.
  const std::string& pending() const { return buffer_; }
  bool closedByServer() const { return eof_; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace ctc::test
