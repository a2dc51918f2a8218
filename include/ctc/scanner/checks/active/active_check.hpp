#pragma once
/// The one interface every active check implements (Wapiti's attack modules and ZAP's scan
/// rules are the model): which insertion points it wants, the probes it sends for one of them,
/// and verdicts that report a finding only when a response proves it. A verdict may send
/// follow-up probes; they go out in the next round, together with every other check's, so the
/// per-host concurrency and the rate limit apply across all of them.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"
#include "ctc/scanner/oast/out_of_band.hpp"

namespace ctc::scanner {

/// One insertion point of one endpoint under attack.
struct AttackTarget {
  const Endpoint* endpoint;
  std::size_t input;
  std::string marker;  ///< unique, alphanumeric ("ctc" + 8 hex), for this insertion point only

  const InsertionPoint& point() const { return endpoint->inputs[input]; }
  HttpRequest with(const std::string& value) const { return endpoint->requestWith(input, value); }
};

/// The endpoint's response to its crawled values.
struct Baseline {
  long status = 0;
  std::string body;
  std::vector<Header> headers;
  double seconds = 0;
};

struct AttackOptions {
  bool timeBased = true;           ///< delay probes (off when the scan's rate is too low for them)
  std::string siteRootUrl;         ///< for SSRF confirmation: a URL of the target itself
  std::string siteRootTitle;       ///< its <title>, which must come back when fetched
  OutOfBand* outOfBand = nullptr;  ///< null: no blind checks
};

class Attack;

/// A family of active checks (xss, sqli, ...). Implementations are stateless: per-target state
/// lives in what their verdicts capture.
class ActiveCheck {
 public:
  virtual ~ActiveCheck() = default;
  /// Whether this check attacks this insertion point at all.
  virtual bool wants(const InsertionPoint& point) const = 0;
  /// Sends the first probes for attack.target(); verdicts decide and may send more.
  virtual void start(Attack& attack) const = 0;
  /// After every round has run and the out-of-band listener had time to hear: verdicts on
  /// callbacks. Most checks have none.
  virtual void finish(Attack&) const {}
};

/// What a check works with for one target. Lives until the last round has run.
class Attack {
 public:
  using Verdict = std::function<void(const FetchResult&)>;
  using Send = std::function<void(HttpRequest, Verdict)>;
  using Report = std::function<void(std::string_view checkId, const AttackTarget&,
                                    const HttpRequest&, std::string evidence)>;

  Attack(const AttackTarget& target, const Baseline& baseline, const AttackOptions& options,
         Send send, Report report)
      : target_(target),
        baseline_(baseline),
        options_(options),
        send_(std::move(send)),
        report_(std::move(report)) {}

  const AttackTarget& target() const { return target_; }
  const InsertionPoint& point() const { return target_.point(); }
  const std::string& original() const { return target_.point().value; }
  const std::string& marker() const { return target_.marker; }
  const Baseline& baseline() const { return baseline_; }
  const AttackOptions& options() const { return options_; }

  /// Queues a request for the next round, sent for checkId (charged its time); verdict runs with
  /// its response (not for network failures), body cut to 256 KiB.
  void send(std::string_view checkId, HttpRequest request, Verdict verdict) {
    request.check = checkId;
    send_(std::move(request), std::move(verdict));
  }
  /// send(checkId, target().with(value), verdict).
  void sendValue(std::string_view checkId, const std::string& value, Verdict verdict) {
    send(checkId, target_.with(value), std::move(verdict));
  }
  /// A finding of checkId at this target, with the request that proves it.
  void report(std::string_view checkId, const HttpRequest& request, std::string evidence) const {
    report_(checkId, target_, request, std::move(evidence));
  }

  /// Out-of-band tokens this attack sent, for finish(): token -> the request that carried it.
  std::vector<std::pair<std::string, HttpRequest>> callbacks;

 private:
  const AttackTarget& target_;
  const Baseline& baseline_;
  const AttackOptions& options_;
  Send send_;
  Report report_;
};

/// Sends `values` one per round, stopping at the first whose response `proves` returns evidence
/// for: then reports checkId with that request. A ladder costs one request when the first rung
/// works and never more than values.size().
void sendInTurn(Attack& attack, std::vector<std::string> values, std::string checkId,
                std::function<std::string(const FetchResult&)> proves);

/// Every active check, in the order they start.
const std::vector<std::unique_ptr<ActiveCheck>>& activeChecks();

}  // namespace ctc::scanner
