#pragma once
/// One client connection's state, kept in its Pistache peer and touched only by the reactor
/// thread that owns the peer (write callbacks run there too).
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>

#include "ctc/http/request_framer.hpp"

namespace ctc::http {

using SteadyClock = std::chrono::steady_clock;

struct Connection {
  explicit Connection(const FramerLimits& limits) : framer(limits) {}

  RequestFramer framer;
  RequestFramer::Phase phase = RequestFramer::Phase::Idle;
  SteadyClock::time_point phaseSince = SteadyClock::now();    ///< when `phase` began
  SteadyClock::time_point lastActivity = SteadyClock::now();  ///< last byte read or answer written
  std::size_t fedToParser = 0;  ///< head bytes Pistache's parser already has (100-continue)
  int pending = 0;              ///< requests being answered or whose answer is not written yet
  bool discarding = false;  ///< the last answer is queued: what the client still sends is dropped
  bool closeAfterWrites = false;
  bool peerClosed = false;   ///< the client sent FIN: answer what is complete, then close
  bool writeShut = false;    ///< our FIN is sent; the socket closes when the client's arrives
  bool closed = false;       ///< the socket is gone; late write callbacks do nothing
  bool countedBusy = false;  ///< counted in ServerState::busyConnections
  bool paused = false;  ///< too many answers unwritten: neither read nor answer until they drain
  SteadyClock::time_point closingSince{};
};

/// The connection of a peer, created on first use.
inline std::shared_ptr<Connection> connectionOf(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                                                const FramerLimits& limits) {
  static constexpr const char* kKey = "ctc.Connection";
  if (auto data = peer->tryGetData(kKey)) return std::static_pointer_cast<Connection>(data);
  // Answers to pipelined requests are several small writes: without TCP_NODELAY, Nagle holds
  // each after the first until the client's delayed ACK (40 ms per batch).
  int one = 1;
  ::setsockopt(peer->fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto connection = std::make_shared<Connection>(limits);
  peer->putData(kKey, connection);
  return connection;
}

}  // namespace ctc::http
