#include "ctc/scanner/oast/callback_listener.hpp"

#include <netdb.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <system_error>

namespace ctc::scanner {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPollMs = 100;
constexpr auto kHeadTimeout = std::chrono::seconds(2);
constexpr std::size_t kMaxDrainBytes = 64 * 1024;
constexpr std::size_t kTokenHexDigits = 20;
constexpr std::string_view kTokenPrefix = "oast";
constexpr std::string_view kResponse =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: "
    "close\r\n\r\nok";

/// Owns one file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

/// One accepted connection: reading its head, then (answered) draining until the peer closes,
/// so that closing with unread request bytes does not reset the connection under our answer.
struct Connection {
  Fd fd;
  std::string peer;
  std::string head;
  Clock::time_point deadline;
  bool answered = false;
  std::size_t drained = 0;
};

std::string hostPort(const std::string& host, uint16_t port) {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

/// "host:port" or "[v6]:port" -> {host, port}.
Result<std::pair<std::string, std::string>> splitHostPort(const std::string& s) {
  auto bad = Error::badRequest("invalid OAST listen address '" + s +
                               "': expected host:port or [v6-host]:port");
  std::string host, port;
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != ':') return bad;
    host = s.substr(1, close - 1);
    port = s.substr(close + 2);
  } else {
    auto colon = s.find(':');
    if (colon == std::string::npos || colon != s.rfind(':')) return bad;
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  if (host.empty() || port.empty() || port.size() > 5) return bad;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return bad;
  if (std::stoi(port) > 65535) return bad;
  return std::pair{host, port};
}

/// The numeric host and port of a socket address.
std::pair<std::string, uint16_t> numericAddress(const sockaddr* addr, socklen_t len) {
  char host[NI_MAXHOST] = "?";
  char serv[NI_MAXSERV] = "0";
  getnameinfo(addr, len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
  return {host, static_cast<uint16_t>(std::atoi(serv))};
}

Result<Fd> bindListener(const std::string& listenHostPort) {
  auto parts = splitHostPort(listenHostPort);
  if (!parts) return parts.error();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(parts->first.c_str(), parts->second.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr)
    return Error::badRequest("cannot resolve OAST listen address '" + listenHostPort +
                             "': " + gai_strerror(rc));
  int lastErrno = EADDRNOTAVAIL;
  Fd bound;
  for (addrinfo* ai = found; ai != nullptr && bound.get() < 0; ai = ai->ai_next) {
    Fd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
    int on = 1;
    if (fd.get() < 0 || setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        ::bind(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd.get(), SOMAXCONN) != 0) {
      lastErrno = errno;
      continue;
    }
    bound = std::move(fd);
  }
  freeaddrinfo(found);
  if (bound.get() < 0)
    return Error::unavailable("cannot listen for OAST callbacks on " + listenHostPort + ": " +
                              std::strerror(lastErrno));
  return bound;
}

bool headComplete(std::string_view head) {
  return head.find("\r\n\r\n") != std::string_view::npos ||
         head.find("\n\n") != std::string_view::npos;
}

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Every "oast" + 20 hex digits in `text`, lower-cased.
std::set<std::string> findTokens(std::string_view text) {
  std::set<std::string> tokens;
  const std::size_t length = kTokenPrefix.size() + kTokenHexDigits;
  for (std::size_t i = 0; i + length <= text.size(); ++i) {
    bool match = true;
    for (std::size_t k = 0; k < length && match; ++k) {
      char c = text[i + k];
      match = k < kTokenPrefix.size() ? lower(c) == kTokenPrefix[k] : isHex(c);
    }
    if (!match) continue;
    std::string token(text.substr(i, length));
    std::transform(token.begin(), token.end(), token.begin(), lower);
    tokens.insert(std::move(token));
    i += length - 1;
  }
  return tokens;
}

/// At most `max` bytes of `text`, anything outside printable ASCII written as \xNN.
std::string printable(std::string_view text, std::size_t max) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < max; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

struct RequestHead {
  std::string_view requestLine;
  std::string_view host;
  std::string_view userAgent;
};

/// The request line and the first Host and User-Agent headers; tolerant of anything.
RequestHead parseHead(std::string_view head) {
  RequestHead parsed;
  auto end = head.find('\n');
  parsed.requestLine = trim(head.substr(0, end));
  while (end != std::string_view::npos) {
    head.remove_prefix(end + 1);
    end = head.find('\n');
    std::string_view line = head.substr(0, end);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (parsed.host.empty() && equalsIgnoreCase(name, "host")) parsed.host = value;
    if (parsed.userAgent.empty() && equalsIgnoreCase(name, "user-agent")) parsed.userAgent = value;
  }
  return parsed;
}

std::string randomToken() {
  unsigned char raw[kTokenHexDigits / 2];
  randombytes_buf(raw, sizeof raw);
  char hex[kTokenHexDigits + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return std::string(kTokenPrefix) + hex;
}

bool wouldBlock(int e) {
  return e == EAGAIN || e == EWOULDBLOCK || e == EINTR;
}

}  // namespace

Result<std::unique_ptr<CallbackListener>> CallbackListener::start(
    const std::string& listenHostPort, const std::string& publicBaseUrl) {
  std::string base = publicBaseUrl;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!publicBaseUrl.empty() && base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0)
    return Error::badRequest("invalid OAST public base URL '" + publicBaseUrl +
                             "': expected http:// or https://");
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");

  auto fd = bindListener(listenHostPort);
  if (!fd) return fd.error();
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd->get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return Error::unavailable("cannot read the OAST listen address of " + listenHostPort + ": " +
                              std::strerror(errno));
  auto bound = numericAddress(reinterpret_cast<sockaddr*>(&addr), len);
  if (base.empty()) base = "http://" + hostPort(bound.first, bound.second);

  std::unique_ptr<CallbackListener> listener(
      new CallbackListener(fd->release(), std::move(base), bound.second));
  try {
    listener->thread_ = std::thread([raw = listener.get()] { raw->run(); });
  } catch (const std::system_error& e) {
    return Error::unavailable(std::string("cannot start the OAST listener thread: ") + e.what());
  }
  return listener;
}

CallbackListener::CallbackListener(int listenFd, std::string baseUrl, uint16_t port)
    : listenFd_(listenFd), baseUrl_(std::move(baseUrl)), port_(port) {}

CallbackListener::~CallbackListener() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  ::close(listenFd_);
}

std::pair<std::string, std::string> CallbackListener::newCallback() {
  std::lock_guard lock(mutex_);
  std::string token = randomToken();
  while (hits_.count(token) != 0) token = randomToken();  // 80 bits: practically never
  while (hits_.size() >= kMaxTokens && !order_.empty()) {
    hits_.erase(order_.front());
    order_.pop_front();
  }
  hits_.emplace(token, std::vector<std::string>{});
  order_.push_back(token);
  return {token, baseUrl_ + "/" + token};
}

std::vector<std::string> CallbackListener::hits(const std::string& token) const {
  std::lock_guard lock(mutex_);
  auto it = hits_.find(token);
  return it == hits_.end() ? std::vector<std::string>{} : it->second;
}

void CallbackListener::record(std::string_view head, const std::string& peer) {
  RequestHead parsed = parseHead(head);
  std::set<std::string> inLine = findTokens(parsed.requestLine);
  std::set<std::string> inHost = findTokens(parsed.host);
  if (inLine.empty() && inHost.empty()) return;

  std::string what = printable(parsed.requestLine, 300) + " from " + peer;
  std::string details;
  if (!parsed.userAgent.empty()) details = "User-Agent: " + printable(parsed.userAgent, 120);
  std::string hostDetails = "Host: " + printable(parsed.host, 120);
  std::string plainLine = details.empty() ? what : what + " (" + details + ")";
  std::string hostLine = what + " (" + hostDetails + (details.empty() ? "" : "; " + details) + ")";

  inHost.insert(inLine.begin(), inLine.end());
  std::lock_guard lock(mutex_);
  for (const std::string& token : inHost) {
    auto it = hits_.find(token);
    if (it == hits_.end() || it->second.size() >= kMaxHitsPerToken) continue;
    it->second.push_back(inLine.count(token) != 0 ? plainLine : hostLine);
  }
}

void CallbackListener::run() {
  std::vector<Connection> connections;
  std::vector<pollfd> fds;
  Clock::time_point acceptPausedUntil{};
  char buffer[kMaxHeadBytes];

  // Records what came, answers, and starts draining: the peer's close ends the connection.
  auto answer = [&](Connection& c) {
    record(c.head, c.peer);
    ::send(c.fd.get(), kResponse.data(), kResponse.size(), MSG_NOSIGNAL);
    ::shutdown(c.fd.get(), SHUT_WR);
    c.answered = true;
    c.head.clear();
    c.head.shrink_to_fit();
    c.deadline = Clock::now() + kHeadTimeout;
  };

  while (!stop_) {
    fds.clear();
    for (const Connection& c : connections) fds.push_back({c.fd.get(), POLLIN, 0});
    bool pollListener = connections.size() < kMaxConnections && Clock::now() >= acceptPausedUntil;
    if (pollListener) fds.push_back({listenFd_, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), kPollMs) < 0) continue;  // EINTR, or retried next round

    for (std::size_t i = 0; i < connections.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Connection& c = connections[i];
      std::size_t room = c.answered ? sizeof buffer : kMaxHeadBytes - c.head.size();
      ssize_t n = ::recv(c.fd.get(), buffer, room, 0);
      if (n < 0 && wouldBlock(errno)) continue;
      if (c.answered) {
        if (n <= 0 || (c.drained += static_cast<std::size_t>(n)) > kMaxDrainBytes) c.fd.reset();
        continue;
      }
      if (n < 0) {  // reset by the peer: what came is still evidence
        record(c.head, c.peer);
        c.fd.reset();
      } else if (n == 0) {  // the peer closed (or half-closed): what came is all there is
        if (c.head.empty()) {
          c.fd.reset();
        } else {
          answer(c);
        }
      } else {
        c.head.append(buffer, static_cast<std::size_t>(n));
        if (c.head.size() >= kMaxHeadBytes || headComplete(c.head)) answer(c);
      }
    }

    if (pollListener && fds.back().revents != 0) {
      while (connections.size() < kMaxConnections) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        int fd = ::accept4(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
          // Out of descriptors or similar: the pending connection would wake poll at once.
          if (!wouldBlock(errno) && errno != ECONNABORTED)
            acceptPausedUntil = Clock::now() + std::chrono::milliseconds(kPollMs);
          break;
        }
        auto peer = numericAddress(reinterpret_cast<sockaddr*>(&addr), len);
        Connection c;
        c.fd = Fd(fd);
        c.peer = hostPort(peer.first, peer.second);
        c.deadline = Clock::now() + kHeadTimeout;
        connections.push_back(std::move(c));
      }
    }

    auto now = Clock::now();
    for (Connection& c : connections) {
      if (c.fd.get() < 0 || now < c.deadline) continue;
      if (!c.answered) record(c.head, c.peer);  // dropped unanswered, but a token is evidence
      c.fd.reset();
    }
    std::erase_if(connections, [](const Connection& c) { return c.fd.get() < 0; });
  }
}

}  // namespace ctc::scanner
