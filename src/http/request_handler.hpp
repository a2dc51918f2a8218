#pragma once
/// The HTTP side of a connection: frames the bytes the transport reads into requests, answers
/// each in order through the Router, and decides when a connection has to end (timeouts,
/// `Connection: close`, half-close, drain). One instance per reactor thread (Pistache clones
/// it); every call comes from that thread.
#include <pistache/http.h>

#include <memory>
#include <string_view>

#include "connection.hpp"
#include "ctc/http/http_server.hpp"

namespace ctc::http {

class RequestHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(RequestHandler)

  RequestHandler(const Router& router, const HttpServerOptions& options,
                 std::shared_ptr<ServerState> state);

  using PeerPtr = std::shared_ptr<Pistache::Tcp::Peer>;
  /// Bytes read from the peer.
  void consume(const PeerPtr& peer, std::string_view bytes);
  /// The peer sent FIN. True when the connection can be closed at once (nothing left to write).
  bool peerClosed(const PeerPtr& peer);
  /// Periodic check: answers slow heads and bodies with 408; true when the connection should be
  /// closed now (idle past keep-alive, draining, its FIN exchange done or stalled).
  bool expired(const PeerPtr& peer, SteadyClock::time_point now);
  /// The transport is closing the socket.
  void closed(const PeerPtr& peer);
  /// False while the client has too many answers unread: the transport stops reading it, so
  /// TCP flow control holds the client back instead of our memory growing.
  bool wantsInput(const PeerPtr& peer);

  /// Pistache's per-request entry point, unused: requests arrive through consume().
  void onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter) override {}

 private:
  void onInput(const char* buffer, size_t len, const PeerPtr& peer) override;

  /// Returns false when the connection takes no further request.
  using ConnPtr = std::shared_ptr<Connection>;
  bool serveMessage(const PeerPtr& peer, const ConnPtr& conn, const std::string& bytes);
  bool answerExpectation(const PeerPtr& peer, const ConnPtr& conn, const std::string& head);
  void refuse(const PeerPtr& peer, const ConnPtr& conn, int status, const std::string& reason);
  void answer(const PeerPtr& peer, const ConnPtr& conn, Pistache::Http::Version version,
              bool headRequest, ApiResponse response, bool keepAlive, RequestRecord record);
  void begin(Connection& conn);
  /// Keeps ServerState::busyConnections in step with this connection.
  void updateBusy(Connection& conn);
  void written(Connection& conn, const std::weak_ptr<Pistache::Tcp::Peer>& peer);
  ConnPtr connection(const PeerPtr& peer) const { return connectionOf(peer, options_.limits); }

  const Router& router_;
  const HttpServerOptions& options_;
  std::shared_ptr<ServerState> state_;
};

}  // namespace ctc::http
