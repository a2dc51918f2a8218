#include "slow_site.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

namespace ctc::test {

SlowSite::SlowSite(int delayMs, int pages) : delayMs_(delayMs), pages_(pages) {
  listenFd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listenFd_, 128) != 0)
    throw std::runtime_error("SlowSite: cannot listen");
  socklen_t len = sizeof addr;
  getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { acceptLoop(); });
}

SlowSite::~SlowSite() {
  stopping_ = true;
  shutdown(listenFd_, SHUT_RDWR);
  close(listenFd_);
  acceptor_.join();
  for (auto& w : workers_) w.join();
}

void SlowSite::acceptLoop() {
  while (!stopping_) {
    pollfd p{listenFd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int fd = accept(listenFd_, nullptr, nullptr);
    if (fd < 0) continue;
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

void SlowSite::serve(int fd) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (stopping_ || poll(&p, 1, 100) < 0) break;
    if (!(p.revents & POLLIN)) continue;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    request.append(buf, static_cast<std::size_t>(n));
  }
  for (int waited = 0; waited < delayMs_ && !stopping_; waited += 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // Path: "GET /p/3 HTTP/1.1" -> 3
  int page = 0;
  auto p = request.find("/p/");
  if (p != std::string::npos && p < request.find("HTTP/"))
    page = std::atoi(request.c_str() + p + 3);
  std::string body = "<html><head><title>slow</title></head><body>";
  for (int next = page + 1; next <= std::min(pages_, page + 3); ++next)
    body += "<a href=\"/p/" + std::to_string(next) + "\">next</a>";
  body += "</body></html>";
  std::string response =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  (void)!write(fd, response.data(), response.size());
  ++served_;
  close(fd);
}

std::string rawHttp(int port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string out;
  char buf[8192];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      // A complete response with Content-Length is enough; keep-alive peers do not close.
      auto headerEnd = out.find("\r\n\r\n");
      auto cl = out.find("Content-Length: ");
      if (headerEnd != std::string::npos && cl != std::string::npos && cl < headerEnd) {
        std::size_t len = std::stoul(out.substr(cl + 16));
        if (out.size() >= headerEnd + 4 + len) break;
      }
      continue;
    }
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return out;
}

int rawStatus(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.c_str() + 9);
}

std::string rawBody(const std::string& response) {
  auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

}  // namespace ctc::test
