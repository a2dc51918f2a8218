#pragma once
/// The SQLite database: one writer connection behind a mutex (SQLiteCpp objects are not
/// thread-safe) and a pool of read-only connections that WAL lets run beside it. Every call that
/// may write runs in a BEGIN IMMEDIATE transaction, because a deferred read->write upgrade fails
/// with SQLITE_BUSY no matter the busy timeout (stack-notes §2).
#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "ctc/storage/connection.hpp"
#include "ctc/util/result.hpp"

namespace ctc::storage {

/// Maps a SQLite exception to an Error: lock/disk/read-only problems are Unavailable (503),
/// constraint failures are Conflict, anything else Internal. Never exposes SQL text publicly.
Error toError(const SQLite::Exception& e);

class Database {
 public:
  /// Opens (creating the file and its directory if needed), sets pragmas, runs migrations.
  static Result<std::unique_ptr<Database>> open(const std::string& path);

  /// Runs fn(storage::Connection&) under the lock, inside an IMMEDIATE transaction that commits
  /// when fn returns an ok Result and rolls back otherwise. fn returns Result<T>.
  template <typename Fn>
  auto write(Fn&& fn) -> std::invoke_result_t<Fn, storage::Connection&> {
    std::lock_guard lock(mutex_);
    try {
      SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
      int changesBefore = db_.getTotalChanges();
      auto result = fn(db_);
      if (result.ok()) {
        tx.commit();
        if (db_.getTotalChanges() != changesBefore) commits_.fetch_add(1);
      }
      return result;
    } catch (const SQLite::Exception& e) {
      errors_.fetch_add(1);
      return toError(e);
    }
  }

  /// Runs fn(storage::Connection&) on a read-only connection of its own (no transaction; each
  /// statement sees the latest commit). fn must not write.
  template <typename Fn>
  auto read(Fn&& fn) -> std::invoke_result_t<Fn, storage::Connection&> {
    try {
      ReaderLease lease(*this);
      return fn(*lease.connection);
    } catch (const SQLite::Exception& e) {
      errors_.fetch_add(1);
      return toError(e);
    }
  }

  /// Runs fn on a connection of its own, in an IMMEDIATE transaction that waits at most
  /// `busyTimeout` for SQLite's write lock and never queues behind this process's writer: for
  /// the readiness probe, which must answer promptly, and for which a lock held longer is the
  /// answer.
  Status writeAside(std::chrono::milliseconds busyTimeout,
                    const std::function<void(Connection&)>& fn);

  const std::string& path() const { return path_; }

  /// How many writes that changed rows this process has committed (ReadCache's freshness test).
  uint64_t commits() const { return commits_.load(); }
  /// How many reads and writes failed with a SQLite error (busy, disk full, corrupt, ...).
  uint64_t errors() const { return errors_.load(); }

  /// Schema version after migrations (PRAGMA user_version).
  int schemaVersion();

 private:
  /// Borrows an idle reader (opening one if none is idle) and gives it back on destruction.
  struct ReaderLease {
    explicit ReaderLease(Database& db);
    ~ReaderLease();
    Database& owner;
    std::unique_ptr<Connection> connection;
  };

  Database(const std::string& path);
  std::string path_;
  std::mutex mutex_;
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> errors_{0};
  Connection db_;  // declared before anything that may hold statements on it
  std::mutex readersMutex_;
  std::vector<std::unique_ptr<Connection>> idleReaders_;
};

}  // namespace ctc::storage
