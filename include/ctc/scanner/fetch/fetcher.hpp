#pragma once
/// Sends batches of requests concurrently over one libcurl multi handle. One Fetcher per scan,
/// used by one thread (it owns its CURLM and the connection pool in it).
///
/// libcurl counts time spent waiting for a connection slot against CURLOPT_TIMEOUT_MS, so we
/// never hand it more transfers than the per-host limit: the rest wait in our own queue.
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ctc/scanner/check_times.hpp"
#include "ctc/scanner/fetch/http_types.hpp"
#include "ctc/scanner/fetch/request_session.hpp"

namespace ctc::scanner {

struct FetchOptions {
  int maxInFlight = 4;           ///< per scan (one host): concurrent transfers
  double requestsPerSecond = 0;  ///< request starts are paced to this rate; 0 = unlimited
  long connectTimeoutMs = 5000;
  long requestTimeoutMs = 15000;
  std::size_t maxBodyBytes = 2u << 20;   ///< larger bodies are cut and flagged truncated
  std::vector<std::string> resolvePins;  ///< CURLOPT_RESOLVE entries "host:port:addr"
  std::string caBundle;                  ///< extra trust store (CURLOPT_CAINFO); empty = system
  std::string userAgent = "crashtest-compat/" CTC_VERSION " (+security scan)";
};

class Fetcher {
 public:
  /// `cancelled` is polled about every 100 ms; when it returns true, transfers are abandoned.
  Fetcher(FetchOptions options, std::function<bool()> cancelled);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// Called as each request completes, with its index and result; it may consume the result
  /// (move or clear the body): what it leaves is what fetchAll returns.
  using OnDone = std::function<void(std::size_t index, FetchResult& result)>;

  /// Runs all requests (at most maxInFlight at once) and returns results in request order.
  /// onDone, if given, is called after each completes (progress, processing while others run).
  std::vector<FetchResult> fetchAll(const std::vector<HttpRequest>& requests,
                                    const OnDone& onDone = {});
  FetchResult fetch(const HttpRequest& request);

  int64_t requestsSent() const { return requestsSent_; }
  /// Each finished request's time, charged to its HttpRequest::check.
  CheckTimes& checkTimes() { return checkTimes_; }

  /// Every later request goes with this session (null: none). A response that shows the
  /// session lost is renewed and its request sent once more; the caller sees only the retry.
  void useSession(RequestSession* session) { session_ = session; }

  struct Transfer;  ///< one request in flight (implementation detail, public for C callbacks)

 private:
  CURL* prepare(Transfer& t);

  FetchOptions options_;
  std::function<bool()> cancelled_;
  CURLM* multi_;
  curl_slist* resolve_ = nullptr;
  int64_t requestsSent_ = 0;
  CheckTimes checkTimes_;
  RequestSession* session_ = nullptr;
  std::chrono::steady_clock::time_point nextStart_{};  ///< pacing for requestsPerSecond
};

}  // namespace ctc::scanner
