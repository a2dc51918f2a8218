#pragma once
/// The Pistache adapter: owns the listener, its reactor threads and our transport over Pistache's
/// TCP layer; frames each connection's bytes into requests (RequestFramer), converts them to
/// ApiRequest, dispatches through the Router and writes the ApiResponse. HTTP/1.1 as clients
/// speak it: pipelined requests answered in order, half-closed connections answered, the socket
/// closed after `Connection: close` and HTTP/1.0, `100 Continue` or an early final answer,
/// 431 for oversized heads, 408 for slow ones.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "ctc/http/request_framer.hpp"
#include "ctc/http/router.hpp"
#include "ctc/util/result.hpp"

namespace Pistache::Tcp {
class Listener;
}

namespace ctc::http {

/// One answered request, for the access log and metrics. `route` is the route template
/// ("/teams/:teamId"), or "" when none matched or the request was refused before routing.
struct RequestRecord {
  std::string requestId;
  std::string method;  ///< "" when the request line could not be read
  std::string route;
  int status = 0;
  std::chrono::duration<double> duration{};
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  ///< 0 = any free port (see HttpServer::port())
  int threads = 2;
  FramerLimits limits;
  std::chrono::milliseconds headerTimeout{10'000};     ///< first byte to the blank line
  std::chrono::milliseconds bodyTimeout{30'000};       ///< blank line to the body's last byte
  std::chrono::milliseconds keepaliveTimeout{30'000};  ///< idle between requests
  /// Called on the reactor thread after each answer is queued; must not block or throw.
  std::function<void(const RequestRecord&)> onAnswered;
};

/// What the reactor threads share with the server: the drain flag and how many connections
/// are busy (a request arriving, being answered, or its answer not yet written).
struct ServerState {
  std::atomic<bool> draining{false};
  std::atomic<int> busyConnections{0};
};

class HttpServer {
 public:
  HttpServer(const Router& router, HttpServerOptions options);
  ~HttpServer();

  /// Binds and starts serving on background threads. Unavailable if the address is taken.
  Status start();
  /// The bound port (useful with port 0).
  uint16_t port() const;
  /// Graceful stop: new connections are refused, answers from now on carry `Connection: close`,
  /// idle connections are closed,
  /// and requests in flight (arriving, being answered or written) get up to `grace` to finish;
  /// then the listener and every connection are closed. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10'000));

 private:
  const Router& router_;
  HttpServerOptions options_;
  std::shared_ptr<ServerState> state_;
  std::unique_ptr<Pistache::Tcp::Listener> listener_;
};

}  // namespace ctc::http
