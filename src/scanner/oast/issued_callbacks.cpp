#include "ctc/scanner/oast/issued_callbacks.hpp"

#include <algorithm>
#include <thread>

namespace ctc::scanner {

using Clock = std::chrono::steady_clock;

std::pair<std::string, std::string> IssuedCallbacks::newCallback() {
  auto callback = shared_.newCallback();
  lastIssued_ = std::max<Clock::rep>(Clock::now().time_since_epoch().count(), 1);
  return callback;
}

std::vector<std::string> IssuedCallbacks::hits(const std::string& token) const {
  return shared_.hits(token);
}

void IssuedCallbacks::awaitLateCallbacks(std::chrono::milliseconds grace,
                                         const std::function<bool()>& stop) const {
  auto last = lastIssued_.load();
  if (last == 0) return;
  auto until = Clock::time_point(Clock::duration(last)) + grace;
  while (Clock::now() < until && !(stop && stop()))
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(100), until - Clock::now()));
}

}  // namespace ctc::scanner
