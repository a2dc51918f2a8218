#include "ctc/http/http_server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <pistache/version.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <sstream>

#include "ctc/http/api_routes.hpp"
#include "ctc/http/content_length_guard.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/percent_decoding.hpp"
#include "ctc/http/request_body.hpp"

namespace ctc::http {
namespace {

using namespace Pistache;

/// A response header with a runtime name: Pistache drops headers added with addRaw().
class NamedHeader : public Http::Header::Header {
 public:
  NamedHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& os) const override { os << value_; }
  uint64_t hash() const override { return Http::Header::detail::hash(name_.c_str()); }

 private:
  std::string name_;
  std::string value_;
};

ApiRequest toApiRequest(const Http::Request& req) {
  ApiRequest r;
  r.method = Http::methodString(req.method());
  r.path = req.resource();
  for (auto it = req.query().parameters_begin(); it != req.query().parameters_end(); ++it)
    r.query.emplace_back(percentDecode(it->first, true).value_or(it->first),
                         percentDecode(it->second, true).value_or(it->second));
  for (const auto& [name, raw] : req.headers().rawList())
    r.headers.emplace_back(raw.name(), raw.value());
  for (const auto& typed : req.headers().list()) {
    std::ostringstream value;
    typed->write(value);
    r.headers.emplace_back(typed->name(), value.str());
  }
  r.body = req.body();
  return r;
}

/// The Connection header of a response: what the request asked for, else the version's default.
/// Pistache 0.0.5 answers "Close" to every request without the header, but HTTP/1.1 is persistent
/// by default and curl, wrk and most scripts send none (a TCP handshake per request otherwise).
Http::ConnectionControl connectionFor(const Http::Request& req) {
  if (auto connection = req.headers().tryGet<Http::Header::Connection>())
    return connection->control();
  return req.version() == Http::Version::Http11 ? Http::ConnectionControl::KeepAlive
                                                : Http::ConnectionControl::Close;
}

/// The path for logs: the webhook secret in it is a credential and must not be written.
std::string loggablePath(const std::string& path) {
  auto at = path.find("/webhook/");
  if (at == std::string::npos) return path;
  auto start = at + 9;
  auto end = path.find('/', start);
  return path.substr(0, start) + "***" + (end == std::string::npos ? "" : path.substr(end));
}

class RequestHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(RequestHandler)

  explicit RequestHandler(const Router& router) : router_(router) {}

  void onRequest(const Http::Request& req, Http::ResponseWriter writer) override {
    ApiResponse response;
    ApiRequest request;
    try {
      request = toApiRequest(req);
      response = dispatch(router_, request);
    } catch (const std::exception& e) {
      spdlog::error("request conversion failed: {}", e.what());
      response = {500,
                  "application/json; charset=utf-8",
                  R"({"success":false,"message":"internal server error","errors":{}})",
                  {}};
    }
    for (auto& [name, value] : response.headers)
      writer.headers().add(std::make_shared<NamedHeader>(name, value));
    auto mime = Http::Mime::MediaType::fromString(response.contentType);
    if (request.method == "HEAD") response.body.clear();
    writer.send(static_cast<Http::Code>(response.status), response.body.data(),
                response.body.size(), mime);
    spdlog::debug("{} {} -> {}", request.method, loggablePath(request.path), response.status);
  }

  void onTimeout(const Http::Request&, Http::ResponseWriter writer) override {
    writer.send(Http::Code::Request_Timeout,
                R"({"success":false,"message":"request timed out","errors":{}})",
                MIME(Application, Json));
  }

 private:
  /// Per connection: the Content-Length guard, and whether a rejection is closing it.
  struct ConnectionState {
    ContentLengthGuard guard;
    bool closing = false;
  };
  static constexpr const char* kStateKey = "ctc.ConnectionState";

  static std::shared_ptr<ConnectionState> stateOf(const std::shared_ptr<Tcp::Peer>& peer) {
    if (auto data = peer->tryGetData(kStateKey))
      return std::static_pointer_cast<ConnectionState>(data);
    auto state = std::make_shared<ConnectionState>();
    peer->putData(kStateKey, state);
    return state;
  }

  /// Answers a request that could not be parsed with our JSON error and ends the connection:
  /// after a framing error the rest of the byte stream cannot be trusted.
  void reject(const std::shared_ptr<Tcp::Peer>& peer, ConnectionState& state, Http::Version version,
              const Error& error) {
    state.closing = true;
    peer->setIdle(true);  // no request in progress: the keep-alive timeout ends the connection
    ApiResponse response = failure(error);
    try {
      Http::ResponseWriter writer(version, transport(), this, peer);
      writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
      std::weak_ptr<Tcp::Peer> weak = peer;
      writer
          .send(static_cast<Http::Code>(response.status), response.body,
                Http::Mime::MediaType::fromString(response.contentType))
          .then(
              [weak](ssize_t) {
                // Only our side: what the client still sends (the rest of a body refused
                // by its Content-Length) is read and discarded, so the client gets to read the
                // answer instead of a reset; Pistache closes the fd when the client has closed.
                if (auto p = weak.lock()) ::shutdown(p->fd(), SHUT_WR);
              },
              [](std::exception_ptr) {});
    } catch (const std::exception& e) {
      spdlog::warn("cannot answer a malformed request: {}", e.what());
    }
  }

  static_assert(Pistache::Version::Major == 0 && Pistache::Version::Minor == 0 &&
                    Pistache::Version::Patch == 5,
                "onInput mirrors Pistache 0.0.5's Http::Handler::onInput: check it again");

  /// Pistache 0.0.5's Http::Handler::onInput (src/common/http.cc), a private virtual we may
  /// override but not call, line for line on the success path but for the Connection header
  /// (connectionFor: HTTP/1.1 keeps alive by default). Different too: Content-Length lines
  /// are checked before the parser reads them, and a request that cannot be parsed gets our JSON
  /// envelope, 413 when too large and 400 otherwise (Pistache sends plain text, sometimes a
  /// 500), then the connection ends.
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    auto parser = getParser(peer);
    auto& request = parser->request;
    auto state = stateOf(peer);
    if (state->closing) return;  // what follows a rejected request is discarded
    auto refuse = [&](const Error& error) {
      auto version = request.version();
      parser->reset();
      state->guard.reset();
      reject(peer, *state, version, error);
    };
    bool dispatched = false;
    try {
      if (!parser->feed(buffer, len))
        return refuse({ErrorKind::TooLarge, "request is larger than 2 MiB", {}});
      if (auto checked = state->guard.feed({buffer, len}, kMaxBodyBytes); !checked)
        return refuse(checked.error());
      if (parser->parse() == Http::Private::State::Done) {
        state->guard.reset();
        Http::ResponseWriter response(request.version(), transport(), this, peer);
        request.copyAddress(peer->address());
        response.headers().add<Http::Header::Connection>(connectionFor(request));
        peer->setIdle(false);
        dispatched = true;
        onRequest(request, std::move(response));
        parser->reset();
      }
    } catch (const Http::HttpError& e) {
      refuse({e.code() == static_cast<int>(Http::Code::Request_Entity_Too_Large)
                  ? ErrorKind::TooLarge
                  : ErrorKind::BadRequest,
              "malformed request: " + e.reason(),
              {}});
    } catch (const std::exception& e) {
      spdlog::debug("request parsing failed: {}", e.what());
      refuse(dispatched ? Error::internal(e.what()) : Error::badRequest("malformed request"));
    }
  }

  const Router& router_;
};

}  // namespace

HttpServer::HttpServer(const Router& router, HttpServerOptions options)
    : router_(router), options_(std::move(options)) {}

HttpServer::~HttpServer() {
  stop();
}

Status HttpServer::start() {
  try {
    Address address(options_.host, Port(options_.port));
    endpoint_ = std::make_unique<Http::Endpoint>(address);
    auto opts = Http::Endpoint::options()
                    .threads(options_.threads)
                    .flags(Tcp::Options::ReuseAddr)
                    // Above our own 1 MiB body limit so oversized bodies get our JSON 413.
                    .maxRequestSize(2u << 20)
                    .headerTimeout(std::chrono::seconds(10))
                    .bodyTimeout(std::chrono::seconds(30))
                    .keepaliveTimeout(std::chrono::seconds(30));
    endpoint_->init(opts);
    endpoint_->setHandler(Http::make_handler<RequestHandler>(router_));
    endpoint_->serveThreaded();
    return okStatus();
  } catch (const std::exception& e) {
    endpoint_.reset();
    return Error::unavailable("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) + ": " + e.what());
  }
}

uint16_t HttpServer::port() const {
  return endpoint_ ? static_cast<uint16_t>(endpoint_->getPort()) : 0;
}

void HttpServer::stop() {
  if (endpoint_) {
    endpoint_->shutdown();
    endpoint_.reset();
  }
}

}  // namespace ctc::http
