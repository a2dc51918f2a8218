#include "ctc/scanner/check_times.hpp"

namespace ctc::scanner {

void CheckTimes::add(std::string_view key, double seconds, int64_t requests) {
  if (key.empty()) return;
  auto it = entries_.find(key);
  if (it == entries_.end()) it = entries_.emplace(std::string(key), CheckTime{}).first;
  it->second.seconds += seconds;
  it->second.requests += requests;
}

void CheckTimes::merge(const CheckTimes& other) {
  for (const auto& [key, time] : other.entries_) add(key, time.seconds, time.requests);
}

}  // namespace ctc::scanner
