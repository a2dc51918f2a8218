// The scan state machine and the one-active-scan rule, on a real SQLite file.
#include "ctc/storage/scan_repository.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "ctc/storage/database.hpp"
#include "ctc/storage/finding_repository.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/storage/team_repository.hpp"
#include "database_test_base.hpp"

namespace ctc::storage {
namespace {

class ScanRepositoryTest : public DatabaseTestBase {
 protected:
  void SetUp() override {
    DatabaseTestBase::SetUp();
    if (HasFatalFailure()) return;
    auto target = db_->write([](storage::Connection& c) -> Result<Target> {
      Team team = insertTeam(c, "T");
      Target t;
      t.teamId = team.id;
      t.title = "x";
      t.url = "http://127.0.0.1/";
      return insertTarget(c, t);
    });
    ASSERT_TRUE(target);
    targetId_ = target->id;
  }
  std::optional<int64_t> start() {
    return db_
        ->write([&](storage::Connection& c) -> Result<std::optional<int64_t>> {
          return insertQueuedScan(c, targetId_);
        })
        .value();
  }
  Scan load(int64_t id) {
    return *db_->read([&](storage::Connection& c) -> Result<std::optional<Scan>> {
                 return findScan(c, id);
               })
                .value();
  }

  int64_t targetId_ = 0;
};

TEST_F(ScanRepositoryTest, MigrationsSetVersionWalAndForeignKeys) {
  EXPECT_GE(db_->schemaVersion(), 1);
  auto mode = db_->read([](storage::Connection& c) -> Result<std::string> {
    return c.execAndGet("PRAGMA journal_mode").getString();
  });
  EXPECT_EQ(*mode, "wal");
  // foreign_keys is per connection: the writer, the only one that changes rows, must have it.
  auto fk = db_->write([](storage::Connection& c) -> Result<int> {
    return c.execAndGet("PRAGMA foreign_keys").getInt();
  });
  EXPECT_EQ(*fk, 1);
}

TEST_F(ScanRepositoryTest, OnlyOneActiveScanPerTargetEvenFromTwoConnections) {
  auto first = start();
  ASSERT_TRUE(first);
  EXPECT_FALSE(start());  // the partial unique index refuses a second queued scan
  // A second connection (another process, e.g. the admin CLI) cannot bypass it either.
  SQLite::Database other(db_->path(), SQLite::OPEN_READWRITE, 5000);
  EXPECT_THROW(other.exec("INSERT INTO scans(target_id, status_code, created_at) VALUES (" +
                          std::to_string(targetId_) + ", 101, 'x')"),
               SQLite::Exception);
  // Once final, a new scan may start.
  ASSERT_TRUE(
      db_->write([&](storage::Connection& c) -> Result<bool> { return stopScan(c, *first); })
          .value());
  EXPECT_TRUE(start());
}

TEST_F(ScanRepositoryTest, StateMachineGuardsEachTransition) {
  int64_t id = *start();
  auto claimed = db_->write([](storage::Connection& c) -> Result<std::optional<Scan>> {
                      return claimNextQueuedScan(c, 2);
                    })
                     .value();
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->status, ScanStatus::Running);
  EXPECT_EQ(claimed->attempts, 1);
  // A stop wins over a worker finishing later.
  ASSERT_TRUE(
      db_->write([&](storage::Connection& c) -> Result<bool> { return stopScan(c, id); }).value());
  bool finished = db_->write([&](storage::Connection& c) -> Result<bool> {
                       return finishScan(c, id, ScanStatus::Finished, std::nullopt);
                     })
                      .value();
  EXPECT_FALSE(finished);
  EXPECT_EQ(load(id).status, ScanStatus::Stopped);
  EXPECT_TRUE(load(id).finishedAt.has_value());
}

TEST_F(ScanRepositoryTest, RecoveryRequeuesThenFailsAfterThreeAttempts) {
  int64_t id = *start();
  for (int attempt = 1; attempt <= 3; ++attempt) {
    ASSERT_TRUE(db_->write([](storage::Connection& c) -> Result<std::optional<Scan>> {
      return claimNextQueuedScan(c, 2);
    }));
    auto counts = db_->write([](storage::Connection& c) -> Result<RecoveryCounts> {
                       return recoverInterruptedScans(c, 3);
                     })
                      .value();
    if (attempt < 3) {
      EXPECT_EQ(counts.requeued, 1);
      EXPECT_EQ(load(id).status, ScanStatus::Queued);
    } else {
      EXPECT_EQ(counts.failed, 1);
      EXPECT_EQ(load(id).status, ScanStatus::Failed);
      EXPECT_NE(load(id).message->find("interrupted 3 times"), std::string::npos);
    }
  }
}

TEST_F(ScanRepositoryTest, FindingsDeduplicateAndSortBySeverity) {
  int64_t id = *start();
  Finding low;
  low.scanId = id;
  low.checkId = "headers.xcto_missing";
  low.family = "headers";
  low.severity = Severity::Low;
  low.url = "http://a/";
  Finding high = low;
  high.checkId = "exposure.env_file";
  high.severity = Severity::High;
  high.url = "http://a/.env";
  high.references = {"https://cwe.mitre.org/"};
  auto insert = [&](const Finding& f) {
    return db_->write([&](storage::Connection& c) -> Result<bool> { return insertFinding(c, f); })
        .value();
  };
  EXPECT_TRUE(insert(low));
  EXPECT_FALSE(insert(low));  // same check x URL x parameter
  EXPECT_TRUE(insert(high));
  auto list = db_->read([&](storage::Connection& c) -> Result<std::vector<Finding>> {
                   return listFindings(c, id);
                 })
                  .value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].checkId, "exposure.env_file");
  EXPECT_EQ(list[0].references, high.references);
}

}  // namespace
}  // namespace ctc::storage
