#include "ctc/service/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace ctc::service {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AllowsBurstThenRefusesWithRetryAfterThenRefills) {
  RateLimiter limiter(2.0, 4.0);
  auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.take("k", t0).allowed) << i;
  auto refused = limiter.take("k", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retryAfterSeconds, 1);
  EXPECT_TRUE(limiter.take("other", t0).allowed);  // per caller
  EXPECT_TRUE(limiter.take("k", t0 + 600ms).allowed);
  EXPECT_FALSE(limiter.take("k", t0 + 600ms).allowed);
}

TEST(RateLimiter, ZeroRateDisablesLimiting) {
  RateLimiter limiter(0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.take("k").allowed);
}

}  // namespace
}  // namespace ctc::service
