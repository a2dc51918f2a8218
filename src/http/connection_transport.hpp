#pragma once
/// Our transport over Pistache 0.0.5's TCP layer. Pistache's own Tcp::Transport reads a peer
/// and, on the FIN of a client that half-closed after its request, closes the socket at once
/// (handleIncoming -> handlePeerDisconnection -> removePeer), dropping the answers it has just
/// queued; this one reads the peer itself and lets RequestHandler finish first. Writes, the
/// peer, timer and write queues stay Pistache's (Base::onReady). It also ticks every 250 ms for
/// the timeouts that Http::Endpoint's TransportImpl would otherwise apply.
#include <pistache/transport.h>

#include <memory>

#include "request_handler.hpp"

namespace ctc::http {

class ConnectionTransport : public Pistache::Tcp::Transport {
 public:
  explicit ConnectionTransport(std::shared_ptr<RequestHandler> handler);
  ~ConnectionTransport() override;

  void registerPoller(Pistache::Polling::Epoll& poller) override;
  void onReady(const Pistache::Aio::FdSet& fds) override;
  std::shared_ptr<Pistache::Aio::Handler> clone() const override;
  /// Reads a peer again after RequestHandler paused it (edge-triggered epoll will not say so).
  void resume(const std::shared_ptr<Pistache::Tcp::Peer>& peer);

 private:
  void readFrom(std::shared_ptr<Pistache::Tcp::Peer> peer);
  void close(const std::shared_ptr<Pistache::Tcp::Peer>& peer);
  void tick();

  std::shared_ptr<RequestHandler> handler_;
  int timerFd_ = -1;
};

}  // namespace ctc::http
