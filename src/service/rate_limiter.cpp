#include "ctc/service/rate_limiter.hpp"

#include <cmath>

namespace ctc::service {
namespace {

// Unknown callers (random webhook secrets) must not grow the map without bound.
constexpr std::size_t kPruneAbove = 10000;

}  // namespace

RateLimiter::Decision RateLimiter::take(const std::string& caller, Clock::time_point now) {
  if (rate_ <= 0) return {};
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kPruneAbove) pruneFullBuckets(now);
  auto [it, inserted] = buckets_.try_emplace(caller, Bucket{burst_, now});
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  return {false, std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)))};
}

void RateLimiter::pruneFullBuckets(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
    if (it->second.tokens + elapsed * rate_ >= burst_)
      it = buckets_.erase(it);
    else
      ++it;
  }
}

}  // namespace ctc::service
