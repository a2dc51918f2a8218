#include "request_handler.hpp"

#include <pistache/peer.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <sstream>

#include "connection_transport.hpp"
#include "ctc/http/api_routes.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/percent_decoding.hpp"
#include "ctc/http/request_id.hpp"

namespace ctc::http {
namespace {

using namespace Pistache;
using Phase = RequestFramer::Phase;

/// Closing: how long our FIN waits for the client's, and how long an answer may stay unwritten.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr auto kStalledWrite = std::chrono::seconds(120);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
/// Answers a pipelining client may have unwritten before its connection is paused, and the
/// number it must drain to before it is resumed.
constexpr int kMaxUnwritten = 64;
constexpr int kResumeBelow = 16;

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

RequestRecord recordOf(const ApiRequest& request, std::string route) {
  return {requestIdFor(request.header("X-Request-Id")), request.method, std::move(route), 0, {}};
}

}  // namespace

RequestHandler::RequestHandler(const Router& router, const HttpServerOptions& options,
                               std::shared_ptr<ServerState> state)
    : router_(router), options_(options), state_(std::move(state)) {}

void RequestHandler::onInput(const char* buffer, size_t len, const PeerPtr& peer) {
  consume(peer, {buffer, len});
}

void RequestHandler::consume(const PeerPtr& peer, std::string_view bytes) {
  auto conn = connection(peer);
  conn->lastActivity = SteadyClock::now();
  if (conn->discarding) return;
  conn->framer.append(bytes);
  for (bool more = true; more;) {
    if (conn->pending >= kMaxUnwritten) {
      conn->paused = true;  // the rest stays in the framer until written() resumes
      break;
    }
    auto event = conn->framer.next();
    switch (event.kind) {
      case RequestFramer::Event::Kind::NeedMore:
        more = false;
        break;
      case RequestFramer::Event::Kind::HeadReady:
        if (conn->framer.head().expectContinue) more = answerExpectation(peer, conn, event.bytes);
        break;
      case RequestFramer::Event::Kind::Message:
        more = serveMessage(peer, conn, event.bytes);
        break;
      case RequestFramer::Event::Kind::Error:
        refuse(peer, conn, event.status, event.reason);
        more = false;
        break;
    }
  }
  if (conn->framer.phase() != conn->phase) {
    conn->phase = conn->framer.phase();
    conn->phaseSince = SteadyClock::now();
  }
  updateBusy(*conn);
}

void RequestHandler::updateBusy(Connection& conn) {
  bool busy = !conn.closed && (conn.pending > 0 || (!conn.discarding && conn.phase != Phase::Idle));
  if (busy == conn.countedBusy) return;
  conn.countedBusy = busy;
  state_->busyConnections += busy ? 1 : -1;
}

bool RequestHandler::answerExpectation(const PeerPtr& peer, const ConnPtr& conn,
                                       const std::string& head) {
  auto parser = getParser(peer);
  ApiRequest request;
  try {
    parser->feed(head.data(), head.size());
    parser->parse();  // reads the request line and headers, then waits for the body
    request = toApiRequest(parser->request);
    request.target = conn->framer.head().target;
  } catch (const std::exception& e) {
    parser->reset();
    refuse(peer, conn, 400, "malformed request");
    return false;
  }
  conn->fedToParser = head.size();
  std::string route;
  if (auto refused = dispatchHead(router_, request, &route)) {
    parser->reset();
    conn->fedToParser = 0;
    begin(*conn);
    answer(peer, conn, parser->request.version(), false, std::move(*refused), false,
           recordOf(request, std::move(route)));
    return false;
  }
  begin(*conn);
  std::weak_ptr<Tcp::Peer> weak = peer;
  peer->send(RawBuffer(std::string(kContinue), kContinue.size()))
      .then([this, conn, weak](ssize_t) { written(*conn, weak); },
            [this, conn, weak](std::exception_ptr) { written(*conn, weak); });
  return true;
}

bool RequestHandler::serveMessage(const PeerPtr& peer, const ConnPtr& conn,
                                  const std::string& bytes) {
  auto started = SteadyClock::now();
  begin(*conn);
  auto parser = getParser(peer);
  std::string_view rest(bytes);
  rest.remove_prefix(std::min(conn->fedToParser, rest.size()));
  conn->fedToParser = 0;
  ApiRequest request;
  Http::Version version = Http::Version::Http11;
  bool parsed = false;
  try {
    parsed =
        parser->feed(rest.data(), rest.size()) && parser->parse() == Http::Private::State::Done;
    version = parser->request.version();
    if (parsed) request = toApiRequest(parser->request);
    request.target = conn->framer.head().target;
  } catch (const std::exception& e) {
    spdlog::debug("request parsing failed: {}", e.what());
  }
  parser->reset();
  if (!parsed) {
    // The framer found a whole message that Pistache's parser cannot read.
    --conn->pending;
    refuse(peer, conn, 400, "malformed request");
    return false;
  }
  std::string route;
  ApiResponse response = dispatch(router_, request, &route);
  bool keepAlive = conn->framer.head().keepAlive && !state_->draining;
  auto record = recordOf(request, std::move(route));
  record.duration = SteadyClock::now() - started;
  answer(peer, conn, version, request.method == "HEAD", std::move(response), keepAlive,
         std::move(record));
  return keepAlive;
}

void RequestHandler::refuse(const PeerPtr& peer, const ConnPtr& conn, int status,
                            const std::string& reason) {
  ApiResponse response = failure(Error::badRequest(reason));
  response.status = status;
  begin(*conn);
  answer(peer, conn, Http::Version::Http11, false, std::move(response), false,
         {requestIdFor(conn->framer.head().requestId), conn->framer.head().method, "", 0, {}});
}

void RequestHandler::answer(const PeerPtr& peer, const ConnPtr& conn, Http::Version version,
                            bool headRequest, ApiResponse response, bool keepAlive,
                            RequestRecord record) {
  response.headers.emplace_back("X-Request-Id", record.requestId);
  if (!keepAlive) {
    conn->discarding = true;
    conn->closeAfterWrites = true;
    conn->closingSince = SteadyClock::now();
  }
  std::weak_ptr<Tcp::Peer> weak = peer;
  try {
    Http::ResponseWriter writer(version, transport(), this, peer);
    writer.headers().add<Http::Header::Connection>(keepAlive ? Http::ConnectionControl::KeepAlive
                                                             : Http::ConnectionControl::Close);
    for (auto& [name, value] : response.headers)
      writer.headers().add(std::make_shared<NamedHeader>(name, value));
    // No body (204): no Content-Type either; fromString("") would throw.
    auto mime = response.contentType.empty()
                    ? Http::Mime::MediaType()
                    : Http::Mime::MediaType::fromString(response.contentType);
    if (headRequest) response.body.clear();
    writer
        .send(static_cast<Http::Code>(response.status), response.body.data(), response.body.size(),
              mime)
        .then([this, conn, weak](ssize_t) { written(*conn, weak); },
              [this, conn, weak](std::exception_ptr) { written(*conn, weak); });
  } catch (const std::exception& e) {
    spdlog::warn("cannot write an answer: {}", e.what());
    written(*conn, weak);
  }
  record.status = response.status;
  if (options_.onAnswered) options_.onAnswered(record);
}

void RequestHandler::begin(Connection& conn) {
  ++conn.pending;
}

void RequestHandler::written(Connection& conn, const std::weak_ptr<Tcp::Peer>& peer) {
  if (conn.closed) return;
  --conn.pending;
  updateBusy(conn);
  conn.lastActivity = SteadyClock::now();
  if (conn.paused && conn.pending < kResumeBelow) {
    conn.paused = false;
    if (auto p = peer.lock()) {
      consume(p, {});  // what was framed but not answered yet
      if (!conn.paused) static_cast<ConnectionTransport*>(transport())->resume(p);
    }
    return;
  }
  if (conn.pending == 0 && (conn.closeAfterWrites || conn.peerClosed) && !conn.writeShut) {
    // Our FIN: a client reading to EOF sees the end now. The socket itself is closed when the
    // client's FIN arrives or after kLinger, so what it still sends is read, not answered by
    // a reset that could destroy the answer before it is read.
    if (auto p = peer.lock()) ::shutdown(p->fd(), SHUT_WR);
    conn.writeShut = true;
    conn.closingSince = SteadyClock::now();
  }
}

bool RequestHandler::wantsInput(const PeerPtr& peer) {
  return !connection(peer)->paused;
}

bool RequestHandler::peerClosed(const PeerPtr& peer) {
  auto conn = connection(peer);
  if (!conn->peerClosed) conn->closingSince = SteadyClock::now();
  conn->peerClosed = true;
  conn->discarding = true;
  return conn->pending == 0;
}

bool RequestHandler::expired(const PeerPtr& peer, SteadyClock::time_point now) {
  auto conn = connection(peer);
  if (conn->writeShut) return conn->peerClosed || now - conn->closingSince > kLinger;
  if (conn->peerClosed) return conn->pending == 0 || now - conn->closingSince > kStalledWrite;
  if (conn->pending > 0) return now - conn->lastActivity > kStalledWrite;
  if (conn->discarding) return now - conn->closingSince > kLinger;
  if (conn->phase == Phase::Idle)
    return state_->draining || now - conn->lastActivity > options_.keepaliveTimeout;
  bool head = conn->phase == Phase::Head;
  auto limit = head ? options_.headerTimeout : options_.bodyTimeout;
  if (now - conn->phaseSince > limit)
    refuse(peer, conn, 408,
           std::string("request timed out: its ") + (head ? "header section" : "body") +
               " did not arrive within " + std::to_string(limit.count()) + " ms");
  return false;
}

void RequestHandler::closed(const PeerPtr& peer) {
  auto conn = connection(peer);
  if (conn->closed) return;
  conn->pending = 0;
  conn->closed = true;
  updateBusy(*conn);
}

}  // namespace ctc::http
