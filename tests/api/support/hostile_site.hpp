#pragma once
/// A misbehaving web site on 127.0.0.1 for robustness tests of the scanner: one thread per
/// connection, behaviour chosen by path. "/" is an index page linking to every behaviour, or,
/// for a target whose root itself misbehaves, one of the behaviours for every path.
///
/// The destructor never hangs: every socket operation polls in 100 ms steps and checks the stop
/// flag, and open client sockets are shut down so blocked peers and workers wake up.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ctc::test {

enum class Hostile {
  Index,           ///< "/" links to every behaviour below (and to /ok, a normal page)
  Ok,              ///< /ok: a small, well-formed HTML page
  SlowLoris,       ///< /slowloris: status line, then one header byte per second, never done
  Redirect,        ///< /redirect/N: 302 to /redirect/N+1, forever
  Huge,            ///< /huge: Content-Length 10 GiB, bytes streamed as fast as the socket allows
  ChunkedForever,  ///< /chunked-forever: a chunked body that never ends
  HeaderFlood,     ///< /header-flood: header lines as fast as possible, never a blank line
  Reset,           ///< /reset: RST (SO_LINGER 0) after reading the request; at the root: at once
  MidBody,         ///< /midbody: Content-Length 1000, 10 bytes, then close
  Garbage,         ///< /garbage: non-HTTP bytes, then close
};

class HostileSite {
 public:
  /// root: what every path other than the known ones does; Index serves the index at "/" and
  /// 404 elsewhere. hugeCopies: how many distinct /huge/K links the index has (memory tests).
  explicit HostileSite(Hostile root = Hostile::Index, int hugeCopies = 1);
  ~HostileSite();
  HostileSite(const HostileSite&) = delete;
  HostileSite& operator=(const HostileSite&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int port() const { return port_; }
  /// Requests whose path starts with prefix ("/" counts all of them).
  int hits(const std::string& prefix) const;
  /// Connections accepted so far.
  int connectionsAccepted() const { return accepted_; }
  /// Connections open right now, all or those whose request path starts with prefix.
  int connectionsOpen(const std::string& prefix = "") const;
  /// Body bytes written by /huge and /chunked-forever (how far a streaming peer got).
  int64_t bytesStreamed() const { return streamed_; }

 private:
  void acceptLoop();
  void serve(int fd);
  void behave(int fd, Hostile behaviour, const std::string& path);
  /// Writes all bytes, polling for writability; false when the peer is gone or we are stopping.
  bool sendAll(int fd, const std::string& bytes);
  /// Waits ms in small steps; false as soon as we are stopping or the peer closed or reset fd.
  bool pause(int fd, int ms);

  Hostile root_;
  int hugeCopies_;
  int listenFd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int64_t> streamed_{0};
  mutable std::mutex mutex_;
  std::map<int, std::string> open_;   ///< client socket -> its path ("" until read; by mutex_)
  std::map<std::string, int> paths_;  ///< requests per path (guarded by mutex_)
  std::thread acceptor_;
  std::vector<std::thread> workers_;  ///< only touched by the acceptor, then the destructor
};

/// Resident set size of a process in KiB (VmRSS in /proc/<pid>/status), 0 if unknown.
long residentKiB(int pid);

}  // namespace ctc::test
