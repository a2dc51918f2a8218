#include "ctc/service/health_service.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "../storage/database_test_base.hpp"

namespace ctc::service {
namespace {

using namespace std::chrono_literals;

class HealthServiceTest : public storage::DatabaseTestBase {};

TEST_F(HealthServiceTest, ReadyWhenTheDatabaseCommitsAndEveryWorkerRuns) {
  HealthService health(*db_, [] { return std::pair{2, 2}; });
  EXPECT_TRUE(health.ready().ok());
}

TEST_F(HealthServiceTest, AWorkerThatStoppedMakesItUnready) {
  HealthService health(*db_, [] { return std::pair{1, 2}; });
  auto ready = health.ready();
  ASSERT_FALSE(ready.ok());
  EXPECT_EQ(ready.error().message, "scan workers not running: 1 of 2 alive");
}

// A write lock held elsewhere: the probe says so within its own timeout instead of waiting
// behind the writer (whose busy timeout is 5 s).
TEST_F(HealthServiceTest, ALockHeldElsewhereIsUnreadyWithinTheProbesTimeout) {
  storage::Connection other(dbPath(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  HealthService health(*db_, [] { return std::pair{2, 2}; });
  const auto start = std::chrono::steady_clock::now();
  auto ready = health.ready();
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(ready.ok());
  EXPECT_EQ(ready.error().message, "database not writable: the database is busy; retry shortly");
  EXPECT_LT(took, 3s);
  other.exec("ROLLBACK");
  EXPECT_TRUE(health.ready().ok()) << "ready again once the lock is gone";
}

}  // namespace
}  // namespace ctc::service
