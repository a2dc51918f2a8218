#pragma once
/// A deliberately slow web site on 127.0.0.1 for tests that need a scan to stay running:
/// every response waits delayMs, and page /p/N links to /p/N+1 ... up to `pages`.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace ctc::test {

class SlowSite {
 public:
  SlowSite(int delayMs, int pages);
  ~SlowSite();
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int requestsServed() const { return served_; }

 private:
  void acceptLoop();
  void serve(int fd);

  int delayMs_;
  int pages_;
  int listenFd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> served_{0};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

/// Sends raw bytes to 127.0.0.1:port and returns everything read until the peer closes or
/// 5 s pass (exact control over framing: chunked, no Content-Length, malformed lines).
std::string rawHttp(int port, const std::string& bytes);

/// The status code in a raw HTTP response ("HTTP/1.1 200 OK" -> 200), 0 if none.
int rawStatus(const std::string& response);
/// The body of a raw HTTP response (after the blank line; chunked bodies are not decoded).
std::string rawBody(const std::string& response);

}  // namespace ctc::test
