#pragma once
/// One scan's view of the shared out-of-band listener: it remembers when this scan last handed
/// out a callback URL, so the wait for late callbacks (a target that fetches a URL after it
/// answered, from a queue) lasts only as long as the newest URL still needs, and not at all on a
/// scan that sent none.
#include <atomic>
#include <chrono>
#include <functional>

#include "ctc/scanner/oast/out_of_band.hpp"

namespace ctc::scanner {

class IssuedCallbacks final : public OutOfBand {
 public:
  explicit IssuedCallbacks(OutOfBand& shared) : shared_(shared) {}

  std::pair<std::string, std::string> newCallback() override;
  std::vector<std::string> hits(const std::string& token) const override;

  /// Returns once `grace` has passed since the last newCallback() (at once when there was none)
  /// or when `stop` turns true; checks `stop` every 100 ms.
  void awaitLateCallbacks(std::chrono::milliseconds grace, const std::function<bool()>& stop) const;

 private:
  OutOfBand& shared_;
  /// steady_clock ticks of the last newCallback(); 0 = none yet.
  std::atomic<std::chrono::steady_clock::rep> lastIssued_{0};
};

}  // namespace ctc::scanner
