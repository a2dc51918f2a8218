#include "connection_transport.hpp"

#include <pistache/peer.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace ctc::http {
namespace {

using namespace Pistache;

constexpr long kTickNanoseconds = 250'000'000;
constexpr std::size_t kReadChunk = 64 * 1024;

}  // namespace

ConnectionTransport::ConnectionTransport(std::shared_ptr<RequestHandler> handler)
    : Tcp::Transport(handler), handler_(std::move(handler)) {}

ConnectionTransport::~ConnectionTransport() {
  if (timerFd_ >= 0) ::close(timerFd_);
}

std::shared_ptr<Aio::Handler> ConnectionTransport::clone() const {
  return std::make_shared<ConnectionTransport>(
      std::static_pointer_cast<RequestHandler>(handler_->clone()));
}

void ConnectionTransport::registerPoller(Polling::Epoll& poller) {
  Tcp::Transport::registerPoller(poller);
  timerFd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timerFd_ < 0) throw std::runtime_error("timerfd_create failed");
  itimerspec spec{};
  spec.it_value.tv_nsec = kTickNanoseconds;
  spec.it_interval.tv_nsec = kTickNanoseconds;
  ::timerfd_settime(timerFd_, 0, &spec, nullptr);
  poller.addFd(timerFd_, Flags<Polling::NotifyOn>(Polling::NotifyOn::Read),
               Polling::Tag(static_cast<uint64_t>(timerFd_)));
}

void ConnectionTransport::onReady(const Aio::FdSet& fds) {
  for (const auto& entry : fds) {
    try {
      auto tag = entry.getTag();
      if (tag == Polling::Tag(static_cast<uint64_t>(timerFd_))) {
        uint64_t expirations = 0;
        [[maybe_unused]] auto n = ::read(timerFd_, &expirations, sizeof expirations);
        tick();
        continue;
      }
      auto fd = static_cast<Fd>(tag.value());
      bool isPeer = peers.count(fd) > 0;
      if (isPeer && (entry.isReadable() || entry.isHangup())) {
        readFrom(peers.at(fd));
        if (!entry.isWritable()) continue;
        isPeer = peers.count(fd) > 0;
      }
      // Base::onReady serves a readable event and skips its writable half: pass writes alone.
      // A write event of a peer closed above has nothing left to write.
      Flags<Polling::NotifyOn> flags;
      if (entry.isWritable()) {
        if (!isPeer) continue;
        flags.setFlag(Polling::NotifyOn::Write);
      } else {
        if (entry.isReadable()) flags.setFlag(Polling::NotifyOn::Read);
        if (entry.isHangup()) flags.setFlag(Polling::NotifyOn::Hangup);
      }
      Polling::Event event(tag);
      event.flags = flags;
      std::vector<Polling::Event> one;
      one.push_back(event);
      Tcp::Transport::onReady(Aio::FdSet(std::move(one)));
    } catch (const std::exception& e) {
      spdlog::error("HTTP reactor: {}", e.what());
    }
  }
}

void ConnectionTransport::readFrom(std::shared_ptr<Tcp::Peer> peer) {
  char buffer[kReadChunk];
  const Fd fd = peer->fd();
  for (;;) {
    if (!handler_->wantsInput(peer)) return;  // resume() reads on
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      handler_->consume(peer, {buffer, static_cast<std::size_t>(n)});
      continue;
    }
    if (n == 0) {
      if (handler_->peerClosed(peer)) close(peer);
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) close(peer);  // reset: nothing can be sent
    return;
  }
}

void ConnectionTransport::resume(const std::shared_ptr<Tcp::Peer>& peer) {
  if (peers.count(peer->fd())) readFrom(peer);
}

void ConnectionTransport::close(const std::shared_ptr<Tcp::Peer>& peer) {
  handler_->closed(peer);
  if (peers.count(peer->fd())) removePeer(peer);
}

void ConnectionTransport::tick() {
  auto now = SteadyClock::now();
  std::vector<std::shared_ptr<Tcp::Peer>> all;
  all.reserve(peers.size());
  for (const auto& entry : peers) all.push_back(entry.second);
  for (const auto& peer : all) {
    try {
      if (handler_->expired(peer, now)) close(peer);
    } catch (const std::exception& e) {
      spdlog::error("HTTP reactor tick: {}", e.what());
    }
  }
}

}  // namespace ctc::http
