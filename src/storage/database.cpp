#include "ctc/storage/database.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <filesystem>

#include "migrations.hpp"

namespace ctc::storage {

Error toError(const SQLite::Exception& e) {
  switch (e.getErrorCode() & 0xff) {  // primary code, whatever the extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::unavailable("the database is busy; retry shortly");
    case SQLITE_FULL:
      return Error::unavailable("the database disk is full");
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return Error::unavailable("the database cannot be written right now");
    case SQLITE_CONSTRAINT:
      return Error::conflict("the change conflicts with existing data");
    default:
      spdlog::error("sqlite error {}: {}", e.getErrorCode(), e.what());
      return Error::internal(std::string("database error: ") + e.what());
  }
}

Database::Database(const std::string& path)
    : path_(path),
      db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX, 5000) {
  db_.exec("PRAGMA foreign_keys = ON");
  db_.exec("PRAGMA synchronous = NORMAL");
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  try {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  } catch (const std::filesystem::filesystem_error& e) {
    return Error::unavailable("cannot create the database directory: " + std::string(e.what()));
  }
  try {
    std::unique_ptr<Database> db(new Database(path));
    // WAL persists in the file; set it once here, not per statement.
    db->db_.execAndGet("PRAGMA journal_mode = WAL");
    migrate(db->db_);
    return db;
  } catch (const SQLite::Exception& e) {
    return Error::unavailable("cannot open database " + path + ": " + e.what());
  }
}

Database::ReaderLease::ReaderLease(Database& db) : owner(db) {
  {
    std::lock_guard lock(owner.readersMutex_);
    if (!owner.idleReaders_.empty()) {
      connection = std::move(owner.idleReaders_.back());
      owner.idleReaders_.pop_back();
      return;
    }
  }
  // One per concurrently reading thread at most (HTTP threads + scan workers).
  connection =
      std::make_unique<Connection>(owner.path_, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, 5000);
}

Database::ReaderLease::~ReaderLease() {
  std::lock_guard lock(owner.readersMutex_);
  owner.idleReaders_.push_back(std::move(connection));
}

Status Database::writeAside(std::chrono::milliseconds busyTimeout,
                            const std::function<void(Connection&)>& fn) {
  try {
    Connection aside(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX,
                     static_cast<int>(busyTimeout.count()));
    SQLite::Transaction tx(aside, SQLite::TransactionBehavior::IMMEDIATE);
    fn(aside);
    tx.commit();
    return okStatus();
  } catch (const SQLite::Exception& e) {
    errors_.fetch_add(1);
    return toError(e);
  }
}

int Database::schemaVersion() {
  std::lock_guard lock(mutex_);
  return db_.execAndGet("PRAGMA user_version").getInt();
}

}  // namespace ctc::storage
