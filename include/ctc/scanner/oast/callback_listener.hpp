#pragma once
/// The embedded out-of-band listener: a tiny HTTP server on one TCP socket that records which
/// callback tokens were fetched. Every request is answered "200 ok" and closed; a request counts
/// as a hit for a token when the token appears in its request line or its Host header (so
/// "GET /oast<hex>" and DNS-style hosts such as "oast<hex>.oast.example" forwarded by a reverse
/// proxy both count). Tokens that newCallback() did not hand out are ignored.
///
/// Threading: one background thread owns the sockets; newCallback(), hits(), baseUrl() and
/// port() may be called from any thread at any time. The destructor stops the thread (within
/// about 100 ms) and closes every socket.
///
/// Bounds: a request head is read up to kMaxHeadBytes; a connection whose head is not complete
/// within 2 s is dropped; at most kMaxConnections are open at once; the kMaxTokens most recent
/// tokens are remembered (older ones are forgotten, their hits with them); each token keeps its
/// first kMaxHitsPerToken hits.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ctc/scanner/oast/out_of_band.hpp"
#include "ctc/util/result.hpp"

namespace ctc::scanner {

class CallbackListener final : public OutOfBand {
 public:
  static constexpr std::size_t kMaxHeadBytes = 8 * 1024;
  static constexpr std::size_t kMaxConnections = 256;
  static constexpr std::size_t kMaxTokens = 100000;
  static constexpr std::size_t kMaxHitsPerToken = 20;

  /// Binds `listenHostPort` ("127.0.0.1:0", "[::1]:8081", "0.0.0.0:8081"; port 0 = any free
  /// port) and starts the listener thread. `publicBaseUrl` is how targets reach it
  /// ("https://oast.example.com", a trailing '/' is dropped); empty = http://<bound host>:<port>.
  /// Errors: BadRequest for a malformed address or base URL, Unavailable when the address cannot
  /// be bound (in use, not local, ...); the message names the address.
  static Result<std::unique_ptr<CallbackListener>> start(const std::string& listenHostPort,
                                                         const std::string& publicBaseUrl);

  ~CallbackListener() override;
  CallbackListener(const CallbackListener&) = delete;
  CallbackListener& operator=(const CallbackListener&) = delete;

  /// {token, url}: token = "oast" + 20 lowercase hex digits from a CSPRNG, url = baseUrl()/token.
  std::pair<std::string, std::string> newCallback() override;
  /// "GET /oast... HTTP/1.1 from 127.0.0.1:5555 (User-Agent: curl/7.88.1)", oldest first; when
  /// the token came in the Host header only, "Host: ..." is in the parentheses too. Bytes outside
  /// printable ASCII are written as \xNN. Empty for a token with no hits or not handed out.
  std::vector<std::string> hits(const std::string& token) const override;

  /// The URL prefix of every callback URL, without a trailing '/'.
  std::string baseUrl() const { return baseUrl_; }
  /// The bound TCP port (the real one when started on port 0).
  uint16_t port() const { return port_; }

 private:
  CallbackListener(int listenFd, std::string baseUrl, uint16_t port);
  void run();
  /// Records a hit for every handed-out token in the request line or Host header of `head`.
  void record(std::string_view head, const std::string& peer);

  const int listenFd_;
  const std::string baseUrl_;
  const uint16_t port_;
  std::atomic<bool> stop_{false};

  mutable std::mutex mutex_;                                        ///< guards hits_ and order_
  std::unordered_map<std::string, std::vector<std::string>> hits_;  ///< token -> hit lines
  std::deque<std::string> order_;  ///< tokens, oldest first, for eviction

  std::thread thread_;  ///< last: started once everything above is set up
};

}  // namespace ctc::scanner
