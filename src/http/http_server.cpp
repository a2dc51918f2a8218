#include "ctc/http/http_server.hpp"

#include <pistache/listener.h>
#include <pistache/version.h>

#include <thread>

#include "connection_transport.hpp"
#include "request_handler.hpp"

namespace ctc::http {

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
  // Pistache's Listener stops accepting only in shutdown(), which also stops the reactor
  // threads: until then connections are still accepted, and answered with Connection: close.
  state_->draining = true;
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (state_->busyConnections.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  listener_->shutdown();
  listener_.reset();
}

}  // namespace ctc::http
