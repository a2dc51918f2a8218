#pragma once
/// A batch of requests, each with the verdict that judges its response: the unit in which the
/// active checks send their payloads (one fetchAll per stage, so the per-host concurrency and the
/// rate limit apply across all of them).
#include <functional>
#include <vector>

#include "ctc/scanner/fetch/fetcher.hpp"

namespace ctc::scanner {

class RequestStage {
 public:
  using Verdict = std::function<void(const FetchResult&)>;

  /// Bodies are cut to keepBytes before verdicts see them (comparisons stay cheap).
  explicit RequestStage(std::size_t keepBytes = 256u << 10) : keep_(keepBytes) {}

  void add(HttpRequest request, Verdict verdict) {
    requests_.push_back(std::move(request));
    verdicts_.push_back(std::move(verdict));
  }
  std::size_t size() const { return requests_.size(); }

  /// Sends everything; each verdict runs as its response arrives (not for network failures),
  /// then onEach (progress). Leaves the stage empty. A verdict's time is charged to its
  /// request's check, like the request's own.
  void run(Fetcher& fetcher, const Fetcher::OnDone& onEach) {
    if (requests_.empty()) return;
    fetcher.fetchAll(requests_, [&](std::size_t i, FetchResult& r) {
      if (r.ok()) {
        if (r.response.body.size() > keep_) r.response.body.resize(keep_);
        ChargedTime judging(&fetcher.checkTimes(), r.request.check);
        verdicts_[i](r);
      }
      std::string().swap(r.response.body);
      if (onEach) onEach(i, r);
    });
    requests_.clear();
    verdicts_.clear();
  }

 private:
  std::size_t keep_;
  std::vector<HttpRequest> requests_;
  std::vector<Verdict> verdicts_;
};

}  // namespace ctc::scanner
