#include "ctc/http/http_server.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <pistache/listener.h>
#include <pistache/version.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "connection_transport.hpp"
#include "request_handler.hpp"

namespace ctc::http {
namespace {

/// The process's listening TCP socket on `port`, or -1.
int listeningSocketOn(uint16_t port) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return -1;
  int found = -1;
  while (dirent* entry = readdir(fds)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(fds)) continue;
    int listening = 0;
    socklen_t size = sizeof listening;
    if (getsockopt(static_cast<int>(fd), SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 ||
        !listening)
      continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&address), &length) != 0)
      continue;
    uint16_t bound = 0;
    if (address.ss_family == AF_INET)
      bound = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    else if (address.ss_family == AF_INET6)
      bound = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    if (bound == port) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(fds);
  return found;
}

/// New connections are refused from here on. Pistache keeps its listening socket private
/// (Tcp::Listener::listen_fd) and closes it only in shutdown(), which also stops the reactor
/// threads that must finish the requests in flight. So the socket is found among the process's
/// descriptors and replaced, with dup2, by a socket that never listened: the listening one is
/// closed (the kernel refuses new connections, and epoll forgets it, so Pistache's accept loop
/// no longer wakes for it) while the descriptor number stays valid for shutdown() to close.
void stopAccepting(uint16_t port) {
  const int listening = listeningSocketOn(port);
  const int placeholder = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listening < 0 || placeholder < 0 || dup2(placeholder, listening) < 0)
    spdlog::warn("graceful stop: new connections are still accepted until the drain ends");
  if (placeholder >= 0) close(placeholder);
}

}  // namespace

static_assert(Pistache::Version::Major == 0 && Pistache::Version::Minor == 0 &&
                  Pistache::Version::Patch == 5,
              "ConnectionTransport replaces Pistache 0.0.5's reading of peers: check it again");

HttpServer::HttpServer(const Router& router, HttpServerOptions options)
    : router_(router), options_(std::move(options)), state_(std::make_shared<ServerState>()) {}

HttpServer::~HttpServer() {
  stop(std::chrono::milliseconds(0));
}

Status HttpServer::start() {
  using namespace Pistache;
  try {
    listener_ = std::make_unique<Tcp::Listener>(Address(options_.host, Port(options_.port)));
    listener_->init(static_cast<size_t>(options_.threads),
                    Flags<Tcp::Options>(Tcp::Options::ReuseAddr), "ctc-http");
    auto handler = std::make_shared<RequestHandler>(router_, options_, state_);
    // The framer bounds every message before the parser sees it; this is only its backstop.
    handler->setMaxRequestSize(options_.limits.headerSection + 2 * options_.limits.body + 4096);
    listener_->setHandler(handler);
    listener_->setTransportFactory(
        [handler] { return std::make_shared<ConnectionTransport>(handler); });
    listener_->bind();
    listener_->runThreaded();
    return okStatus();
  } catch (const std::exception& e) {
    listener_.reset();
    return Error::unavailable("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) + ": " + e.what());
  }
}

uint16_t HttpServer::port() const {
  return listener_ ? static_cast<uint16_t>(static_cast<uint16_t>(listener_->getPort())) : 0;
}

void HttpServer::stop(std::chrono::milliseconds grace) {
  if (!listener_) return;
  state_->draining = true;
  stopAccepting(port());
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (state_->busyConnections.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  listener_->shutdown();
  listener_.reset();
}

}  // namespace ctc::http
