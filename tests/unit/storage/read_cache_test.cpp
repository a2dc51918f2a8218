// When a cached read may be reused, on a real SQLite file: the cache must never hide a commit
// made through this process, and must let go of everything after its ttl.
#include "ctc/storage/read_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "ctc/storage/team_repository.hpp"
#include "database_test_base.hpp"

namespace ctc::storage {
namespace {

using namespace std::chrono_literals;

class ReadCacheTest : public DatabaseTestBase {
 protected:
  void SetUp() override {
    DatabaseTestBase::SetUp();
    if (HasFatalFailure()) return;
    teamId_ =
        db_->write([](Connection& c) -> Result<int64_t> { return insertTeam(c, "A").id; }).value();
  }
  /// The team's name through `cache`, counting the reads that reached SQLite.
  Result<std::string> name(ReadCache<int64_t, std::string>& cache, int64_t id) {
    return cache.get(id, [&] {
      ++loads_;
      return db_->read([&](Connection& c) -> Result<std::string> {
        auto team = findTeam(c, id);
        if (!team) return Error::notFound("no team");
        return team->name;
      });
    });
  }
  void rename(const std::string& to) {
    ASSERT_TRUE(db_->write([&](Connection& c) -> Status {
      SQLite::Statement q(c, "UPDATE teams SET name = ? WHERE id = ?");
      q.bind(1, to);
      q.bind(2, teamId_);
      q.exec();
      return okStatus();
    }));
  }

  int64_t teamId_ = 0;
  int loads_ = 0;
};

TEST_F(ReadCacheTest, ReusesAReadUntilThisProcessCommitsAChange) {
  ReadCache<int64_t, std::string> cache(*db_, 1h);
  EXPECT_EQ(name(cache, teamId_).value(), "A");
  EXPECT_EQ(name(cache, teamId_).value(), "A");
  EXPECT_EQ(loads_, 1);

  rename("B");
  EXPECT_EQ(name(cache, teamId_).value(), "B");
  EXPECT_EQ(loads_, 2);
}

TEST_F(ReadCacheTest, AWriteThatChangesNothingKeepsEntries) {
  ReadCache<int64_t, std::string> cache(*db_, 1h);
  ASSERT_EQ(name(cache, teamId_).value(), "A");
  ASSERT_TRUE(db_->write([](Connection& c) -> Status {
    c.exec("UPDATE teams SET name = 'never' WHERE id = -1");
    return okStatus();
  }));
  ASSERT_TRUE(db_->write([](Connection&) -> Result<int> { return Error::conflict("rolled back"); })
                  .error()
                  .kind == ErrorKind::Conflict);
  EXPECT_EQ(name(cache, teamId_).value(), "A");
  EXPECT_EQ(loads_, 1);
}

TEST_F(ReadCacheTest, AnotherConnectionsCommitShowsAfterTtl) {
  // What the admin CLI does: it writes the same file from another process.
  ReadCache<int64_t, std::string> cache(*db_, 200ms);
  ASSERT_EQ(name(cache, teamId_).value(), "A");
  {
    SQLite::Database other(dbPath(), SQLite::OPEN_READWRITE, 5000);
    other.exec("UPDATE teams SET name = 'C' WHERE id = " + std::to_string(teamId_));
  }
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(name(cache, teamId_).value(), "C");
  EXPECT_EQ(loads_, 2);
}

TEST_F(ReadCacheTest, FailuresAreNotKept) {
  ReadCache<int64_t, std::string> cache(*db_, 1h);
  EXPECT_FALSE(name(cache, 999));
  EXPECT_FALSE(name(cache, 999));
  EXPECT_EQ(loads_, 2);
}

TEST_F(ReadCacheTest, ZeroTtlReadsEveryTime) {
  ReadCache<int64_t, std::string> cache(*db_, 0ms);
  ASSERT_TRUE(name(cache, teamId_));
  ASSERT_TRUE(name(cache, teamId_));
  EXPECT_EQ(loads_, 2);
}

TEST_F(ReadCacheTest, StaysWithinItsCapacity) {
  ReadCache<int64_t, std::string> cache(*db_, 1h, 2);
  ASSERT_TRUE(name(cache, teamId_));
  std::vector<int64_t> others;
  for (const char* n : {"x", "y"})
    others.push_back(
        db_->write([&](Connection& c) -> Result<int64_t> { return insertTeam(c, n).id; }).value());
  // Those inserts invalidated the first entry; fill the cache with two fresh ones.
  ASSERT_TRUE(name(cache, others[0]));
  ASSERT_TRUE(name(cache, others[1]));
  int before = loads_;
  ASSERT_TRUE(name(cache, teamId_));  // a third key: the cache was full, so it starts over
  ASSERT_TRUE(name(cache, teamId_));
  ASSERT_TRUE(name(cache, others[0]));
  EXPECT_EQ(loads_, before + 2);
}

}  // namespace
}  // namespace ctc::storage
