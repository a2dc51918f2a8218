#pragma once
/// The Pistache adapter: converts Pistache requests to ApiRequest, dispatches through the
/// Router, writes the ApiResponse. Owns the endpoint and its reactor threads.
#include <cstdint>
#include <memory>
#include <string>

#include "ctc/http/router.hpp"
#include "ctc/util/result.hpp"

namespace Pistache::Http {
class Endpoint;
}

namespace ctc::http {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  ///< 0 = any free port (see HttpServer::port())
  int threads = 2;
};

class HttpServer {
 public:
  HttpServer(const Router& router, HttpServerOptions options);
  ~HttpServer();

  /// Binds and starts serving on background threads. Unavailable if the address is taken.
  Status start();
  /// The bound port (useful with port 0).
  uint16_t port() const;
  /// Stops accepting and closes connections (Pistache does not drain).
  void stop();

 private:
  const Router& router_;
  HttpServerOptions options_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace ctc::http
