#pragma once
/// A SQLite connection that keeps its prepared statements: preparing costs more than running
/// the small queries an API request makes (over half of a status request's instructions).
/// Owned and used by one thread at a time, like any SQLiteCpp object.
#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace ctc::storage {

class Connection : public SQLite::Database {
 public:
  using SQLite::Database::Database;
  // The statements go before the base class closes the handle (an open statement would make
  // sqlite3_close fail, which Debian's SQLiteCpp turns into an abort).
  ~Connection() { statements_.clear(); }

  /// A cached statement, reset with cleared bindings; reset again when the handle goes out of
  /// scope so no half-read SELECT keeps a read transaction (and an old snapshot) open.
  class Cached {
   public:
    explicit Cached(SQLite::Statement& s) : s_(s) {
      s_.reset();
      s_.clearBindings();
    }
    ~Cached() { s_.tryReset(); }
    Cached(const Cached&) = delete;
    Cached& operator=(const Cached&) = delete;
    SQLite::Statement* operator->() { return &s_; }
    SQLite::Statement& operator*() { return s_; }

   private:
    SQLite::Statement& s_;
  };

  /// The statement for `sql`, prepared on first use.
  Cached cached(const std::string& sql) {
    auto& slot = statements_[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(*this, sql);
    return Cached(*slot);
  }

 private:
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace ctc::storage
