#pragma once
/// How long each check worked during one scan: the time of the requests sent for it (libcurl's
/// total time per request, so concurrent requests overlap and the sum can exceed the scan's wall
/// time) plus the time spent judging responses. JUnit's `time` attributes come from it.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace ctc::scanner {

struct CheckTime {
  double seconds = 0;
  int64_t requests = 0;
};

class CheckTimes {
 public:
  /// `key` is a check id ("sqli.error"), or a family ("tls") for work every check of that
  /// family shares (the report divides it among them). Empty keys are not counted.
  void add(std::string_view key, double seconds, int64_t requests = 0);
  void merge(const CheckTimes& other);
  const std::map<std::string, CheckTime, std::less<>>& entries() const { return entries_; }

 private:
  std::map<std::string, CheckTime, std::less<>> entries_;
};

/// Adds the time from its construction to its end to `key` (judging, not requests).
class ChargedTime {
 public:
  ChargedTime(CheckTimes* times, std::string_view key)
      : times_(times), key_(key), start_(std::chrono::steady_clock::now()) {}
  ~ChargedTime() {
    if (times_)
      times_->add(key_,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  ChargedTime(const ChargedTime&) = delete;
  ChargedTime& operator=(const ChargedTime&) = delete;

 private:
  CheckTimes* times_;
  std::string_view key_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ctc::scanner
