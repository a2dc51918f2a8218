#include "hostile_site.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <utility>

namespace ctc::test {
namespace {

std::string htmlResponse(int status, const std::string& reason, const std::string& body,
                         const std::string& extraHeaders = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/html\r\nConnection: close\r\n" + extraHeaders +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string indexPage(int hugeCopies) {
  std::string body =
      "<html><head><title>hostile</title></head><body>"
      "<a href=\"/ok\">ok</a>"
      "<a href=\"/slowloris\">slow</a>"
      "<a href=\"/redirect/0\">redirect</a>"
      "<a href=\"/huge\">huge</a>"
      "<a href=\"/chunked-forever\">chunked</a>"
      "<a href=\"/header-flood\">headers</a>"
      "<a href=\"/reset\">reset</a>"
      "<a href=\"/midbody\">midbody</a>"
      "<a href=\"/garbage\">garbage</a>";
  for (int i = 1; i < hugeCopies; ++i)
    body += "<a href=\"/huge/" + std::to_string(i) + "\">huge " + std::to_string(i) + "</a>";
  return body + "</body></html>";
}

/// 64 KiB of harmless HTML, the unit the streaming behaviours repeat.
const std::string& filler() {
  static const std::string block = [] {
    std::string s;
    while (s.size() < 65536) s += "<p>hostile target filler</p>\n";
    s.resize(65536);
    return s;
  }();
  return block;
}

/// "GET /a/b?c HTTP/1.1\r\n..." -> "/a/b?c"; empty if there is no request line.
std::string requestPath(const std::string& request) {
  auto sp = request.find(' ');
  if (sp == std::string::npos) return {};
  auto end = request.find(' ', sp + 1);
  if (end == std::string::npos) return {};
  return request.substr(sp + 1, end - sp - 1);
}

/// The behaviour a path asks for; anything else gets the root's.
Hostile behaviourFor(const std::string& path, Hostile root) {
  static const std::pair<const char*, Hostile> kPaths[] = {
      {"/ok", Hostile::Ok},
      {"/slowloris", Hostile::SlowLoris},
      {"/huge", Hostile::Huge},
      {"/chunked-forever", Hostile::ChunkedForever},
      {"/header-flood", Hostile::HeaderFlood},
      {"/reset", Hostile::Reset},
      {"/midbody", Hostile::MidBody},
      {"/garbage", Hostile::Garbage},
  };
  for (const auto& [known, behaviour] : kPaths)
    if (path == known) return behaviour;
  if (path.rfind("/redirect/", 0) == 0) return Hostile::Redirect;
  if (path.rfind("/huge/", 0) == 0) return Hostile::Huge;
  return root;
}

}  // namespace

HostileSite::HostileSite(Hostile root, int hugeCopies) : root_(root), hugeCopies_(hugeCopies) {
  listenFd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listenFd_, 128) != 0)
    throw std::runtime_error("HostileSite: cannot listen");
  socklen_t len = sizeof addr;
  getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { acceptLoop(); });
}

HostileSite::~HostileSite() {
  stopping_ = true;
  shutdown(listenFd_, SHUT_RDWR);
  acceptor_.join();
  close(listenFd_);
  {
    // Wake workers blocked on a peer; they close their own sockets (under the mutex, so no fd
    // here can have been reused by someone else).
    std::lock_guard lock(mutex_);
    for (const auto& [fd, path] : open_) shutdown(fd, SHUT_RDWR);
  }
  for (auto& w : workers_) w.join();
}

int HostileSite::hits(const std::string& prefix) const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (const auto& [path, count] : paths_)
    if (path.rfind(prefix, 0) == 0) n += count;
  return n;
}

int HostileSite::connectionsOpen(const std::string& prefix) const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (const auto& [fd, path] : open_)
    if (path.rfind(prefix, 0) == 0) ++n;
  return n;
}

void HostileSite::acceptLoop() {
  while (!stopping_) {
    pollfd p{listenFd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int fd = accept(listenFd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++accepted_;
    {
      std::lock_guard lock(mutex_);
      open_[fd] = "";
    }
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

bool HostileSite::sendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    if (stopping_) return false;
    pollfd p{fd, POLLOUT, 0};
    int ready = poll(&p, 1, 100);
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) return false;
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool HostileSite::pause(int fd, int ms) {
  for (int waited = 0; waited < ms && !stopping_; waited += 10) {
    // The scanner sends nothing after its request: any readable event means it has gone.
    pollfd p{fd, POLLIN | POLLRDHUP, 0};
    if (poll(&p, 1, 10) != 0) return false;
  }
  return !stopping_;
}

void HostileSite::serve(int fd) {
  bool reset = false;
  if (root_ == Hostile::Reset) {
    // A target that resets every connection before reading a byte.
    std::lock_guard lock(mutex_);
    ++paths_["(connection)"];
    reset = true;
  } else {
    std::string request;
    char buf[4096];
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536 && !stopping_ &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<std::size_t>(n));
    }
    std::string path = requestPath(request);
    if (!path.empty() && !stopping_) {
      Hostile behaviour = behaviourFor(path, root_);
      {
        std::lock_guard lock(mutex_);
        ++paths_[path];
        open_[fd] = path;
      }
      if (behaviour == Hostile::Reset)
        reset = true;
      else
        behave(fd, behaviour, path);
    }
  }
  std::lock_guard lock(mutex_);
  if (reset) {
    linger hard{1, 0};  // close with RST instead of FIN
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  }
  open_.erase(fd);
  close(fd);
}

void HostileSite::behave(int fd, Hostile behaviour, const std::string& path) {
  switch (behaviour) {
    case Hostile::Index:
      if (path == "/") {
        sendAll(fd, htmlResponse(200, "OK", indexPage(hugeCopies_)));
      } else {
        sendAll(fd, htmlResponse(404, "Not Found", "<html><body>not here</body></html>"));
      }
      return;
    case Hostile::Ok:
      sendAll(fd, htmlResponse(200, "OK",
                               "<html><head><title>ok</title></head><body>fine</body></html>"));
      return;
    case Hostile::SlowLoris:
      if (!sendAll(fd, "HTTP/1.1 200 OK\r\nX-Slow: ")) return;
      while (pause(fd, 1000) && sendAll(fd, "a")) {
      }
      return;
    case Hostile::Redirect: {
      int n = 0;
      if (path.rfind("/redirect/", 0) == 0) n = std::atoi(path.c_str() + 10);
      std::string next = "/redirect/" + std::to_string(n + 1);
      sendAll(fd, htmlResponse(302, "Found", "<html><body>moved</body></html>",
                               "Location: " + next + "\r\n"));
      return;
    }
    case Hostile::Huge:
      if (!sendAll(fd,
                   "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                   "Content-Length: 10737418240\r\n\r\n"))
        return;
      while (sendAll(fd, filler())) streamed_ += static_cast<int64_t>(filler().size());
      return;
    case Hostile::ChunkedForever: {
      if (!sendAll(fd,
                   "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n"))
        return;
      const std::string chunk = "10000\r\n" + filler() + "\r\n";  // 0x10000 = 65536
      while (sendAll(fd, chunk)) streamed_ += static_cast<int64_t>(filler().size());
      return;
    }
    case Hostile::HeaderFlood: {
      if (!sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")) return;
      std::string block;
      for (int i = 0; i < 64; ++i) block += "X-Flood: " + std::string(100, 'f') + "\r\n";
      while (sendAll(fd, block)) {
      }
      return;
    }
    case Hostile::Reset:
      return;  // handled by serve()
    case Hostile::MidBody:
      sendAll(fd,
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
              "<html><bod");  // 10 bytes of the promised 1000
      return;
    case Hostile::Garbage: {
      static const char kJunk[] = "\x16\x03\x01\x02\x00 garbage \xff\xfe not http at all\r\n\r\n";
      std::string junk(kJunk, sizeof kJunk - 1);  // with the NUL inside
      for (int i = 0; i < 256; ++i) junk += static_cast<char>((i * 37) & 0xff);
      sendAll(fd, junk);
      return;
    }
  }
}

long residentKiB(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

}  // namespace ctc::test
