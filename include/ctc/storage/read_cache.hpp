#pragma once
/// Values read from the database, reused while they cannot have changed: nothing has been
/// committed through this process's Database since they were read, and they are younger than
/// `ttl`. Another process writing the same file (the `admin` CLI) is therefore seen within ttl;
/// this process's own writes at once. Only successful loads are kept; at most `capacity` entries
/// (all dropped when full, so hostile keys cannot grow it). Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::storage {

template <typename Key, typename Value>
class ReadCache {
 public:
  using Clock = std::chrono::steady_clock;

  ReadCache(const Database& db, Clock::duration ttl, std::size_t capacity = 4096)
      : db_(db), ttl_(ttl), capacity_(capacity) {}

  /// The fresh cached value of `key`, else load() (a Result<Value>), kept when it succeeded.
  template <typename Load>
  Result<Value> get(const Key& key, Load&& load) {
    // Read before loading: a commit between the two makes the entry stale, never wrongly fresh.
    uint64_t commits = db_.commits();
    auto now = Clock::now();
    if (ttl_ > Clock::duration::zero()) {
      std::shared_lock lock(mutex_);  // HTTP threads look up at once; only misses write
      auto it = entries_.find(key);
      if (it != entries_.end() && it->second.commits == commits && now < it->second.expires)
        return it->second.value;
    }
    Result<Value> loaded = load();
    if (loaded && ttl_ > Clock::duration::zero()) {
      std::lock_guard lock(mutex_);
      if (entries_.size() >= capacity_) entries_.clear();
      entries_.insert_or_assign(key, Entry{*loaded, commits, now + ttl_});
    }
    return loaded;
  }

 private:
  struct Entry {
    Value value;
    uint64_t commits;
    Clock::time_point expires;
  };

  const Database& db_;
  const Clock::duration ttl_;
  const std::size_t capacity_;
  std::shared_mutex mutex_;
  std::map<Key, Entry> entries_;
};

}  // namespace ctc::storage
