#include "raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace ctc::test {

std::vector<RawResponse> parseResponses(std::string_view bytes, std::string* rest) {
  std::vector<RawResponse> out;
  for (;;) {
    auto headEnd = bytes.find("\r\n\r\n");
    if (headEnd == std::string_view::npos) break;
    RawResponse r;
    std::string_view head = bytes.substr(0, headEnd);
    auto lineEnd = head.find("\r\n");
    r.statusLine = std::string(head.substr(0, lineEnd));
    if (r.statusLine.size() >= 12) r.status = std::atoi(r.statusLine.c_str() + 9);
    for (std::size_t at = lineEnd == std::string_view::npos ? head.size() : lineEnd + 2;
         at < head.size();) {
      auto next = std::min(head.find("\r\n", at), head.size());
      std::string_view line = head.substr(at, next - at);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        r.headers[name] = std::string(value);
      }
      at = next + 2;
    }
    std::size_t length = 0;
    if (r.status >= 200 && r.headers.count("content-length"))
      length = std::stoul(r.headers["content-length"]);
    if (bytes.size() < headEnd + 4 + length) break;
    r.body = std::string(bytes.substr(headEnd + 4, length));
    bytes.remove_prefix(headEnd + 4 + length);
    out.push_back(std::move(r));
  }
  if (rest) *rest = std::string(bytes);
  return out;
}

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void RawConnection::shutdownWrite() {
  ::shutdown(fd_, SHUT_WR);
}

bool RawConnection::fill(std::chrono::steady_clock::time_point deadline) {
  if (eof_) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    eof_ = true;  // FIN or reset
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::vector<RawResponse> RawConnection::read(std::size_t count, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<RawResponse> got;
  for (;;) {
    std::string rest;
    auto parsed = parseResponses(buffer_, &rest);
    for (auto& r : parsed) got.push_back(std::move(r));
    buffer_ = rest;
    if (got.size() >= count || !fill(deadline)) {
      auto last = parseResponses(buffer_, &rest);
      for (auto& r : last) got.push_back(std::move(r));
      buffer_ = rest;
      return got;
    }
  }
}

bool RawConnection::readToEof(std::chrono::milliseconds timeout, std::string* out) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (fill(deadline)) {
  }
  if (out) *out = buffer_;
  return eof_;
}

}  // namespace ctc::test
