#pragma once
/// Token buckets keyed by caller (an API key id, a webhook secret): `ratePerSecond` tokens
/// flow in, at most `burst` are held. Thread-safe. A rate of 0 disables limiting.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ctc::service {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(double ratePerSecond, double burst) : rate_(ratePerSecond), burst_(burst) {}

  struct Decision {
    bool allowed = true;
    int retryAfterSeconds = 0;  ///< when refused: whole seconds until a token is back
  };

  Decision take(const std::string& caller, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void pruneFullBuckets(Clock::time_point now);

  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace ctc::service
