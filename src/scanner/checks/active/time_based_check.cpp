// sqli.time and injection.command by delay: payloads that sleep kDelaySeconds in MySQL/MariaDB
// (a polyglot for numeric, single- and double-quoted contexts), PostgreSQL, SQL Server and the
// shell. A response that took the delay is asked again with twice the delay; only when both
// came is it reported. Skipped where the baseline is already slow or the scan's rate is too low
// to send the delayed request promptly (AttackOptions::timeBased).
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

/// {o} the original value, {d} the delay in seconds.
constexpr const char* kTimeTemplates[] = {
    "if(now()=sysdate(),sleep({d}),0)/*'XOR(if(now()=sysdate(),sleep({d}),0))OR'\"XOR(if(now()="
    "sysdate(),sleep({d}),0))OR\"*/",
    "{o}';SELECT pg_sleep({d})--",
    "{o}';WAITFOR DELAY '0:0:{d}'--",
    "{o};sleep {d};",
};

class TimeBasedCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    return point.isParameter() || point.kind == InputKind::Cookie;
  }

  void start(Attack& a) const override {
    if (!a.options().timeBased || a.baseline().seconds >= probe::kDelaySeconds / 2.0) return;
    auto confirmed = std::make_shared<bool>(false);  // the first template that slept wins
    for (std::string_view tpl : kTimeTemplates)
      a.sendValue(checkOf(tpl), probe::fillTemplate(tpl, a.original(), probe::kDelaySeconds),
                  [&a, tpl, confirmed](const FetchResult& r) {
                    if (r.response.seconds < probe::kDelaySeconds || *confirmed) return;
                    *confirmed = true;
                    confirm(a, tpl);
                  });
  }

 private:
  static std::string_view checkOf(std::string_view tpl) {
    return tpl.find("sleep {d};") != std::string_view::npos ? "injection.command" : "sqli.time";
  }

  static void confirm(Attack& a, std::string_view tpl) {
    constexpr int kLonger = 2 * probe::kDelaySeconds;
    HttpRequest request = a.target().with(probe::fillTemplate(tpl, a.original(), kLonger));
    a.send(checkOf(tpl), request, [&a, request, tpl](const FetchResult& r) {
      if (r.response.seconds < kLonger) return;
      a.report(checkOf(tpl), request,
               "asked for " + std::to_string(probe::kDelaySeconds) + " s, then " +
                   std::to_string(kLonger) + " s of delay: both came (this one took " +
                   std::to_string(r.response.seconds) + " s); the baseline took " +
                   std::to_string(a.baseline().seconds) + " s");
    });
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeTimeBasedCheck() {
  return std::make_unique<TimeBasedCheck>();
}

}  // namespace ctc::scanner
