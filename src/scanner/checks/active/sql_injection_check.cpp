// sqli.error and sqli.boolean. One probe with both quote kinds: a DBMS error message that the
// baseline lacks is the error-based finding. Otherwise, when the quotes changed the page beyond
// echoing them, boolean inference runs: for each injection context in turn (numeric, quoted,
// inside parentheses, inside LIKE, with the rest of the query commented out), a true condition
// must keep the baseline page and a false one change it; then a second spelling of the same
// context and a repeat of the first pair must agree, so a page that varies by itself never
// passes.
#include <map>

#include "ctc/scanner/checks/active/attack_runner.hpp"
#include "ctc/scanner/checks/active/page_compare.hpp"
#include "ctc/scanner/checks/active/response_signatures.hpp"
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

struct BooleanPair {
  std::string isTrue, isFalse;
};
/// One context: the first spelling and the second that confirms it.
struct BooleanContext {
  BooleanPair first, second;
};

/// Suffixes per context, appended to the original value.
std::vector<BooleanContext> booleanContexts(const std::string& o) {
  auto pair = [&o](std::string t, std::string f) { return BooleanPair{o + t, o + f}; };
  return {
      {pair(" AND 4371=4371", " AND 4371=4372"), pair(" AND 8>3", " AND 3>8")},
      {pair("' AND 'ctc'='ctc", "' AND 'ctc'='ctd"), pair("' AND 'b'>'a", "' AND 'a'>'b")},
      {pair("\" AND \"ctc\"=\"ctc", "\" AND \"ctc\"=\"ctd"),
       pair("\" AND \"b\">\"a", "\" AND \"a\">\"b")},
      {pair("') AND ('ctc'='ctc", "') AND ('ctc'='ctd"), pair("') AND ('b'>'a", "') AND ('a'>'b")},
      {pair(") AND (4371=4371", ") AND (4371=4372"), pair(") AND (8>3", ") AND (3>8")},
      {pair("%' AND 4371=4371 AND '%'='", "%' AND 4371=4372 AND '%'='"),
       pair("%' AND 8>3 AND '%'='", "%' AND 3>8 AND '%'='")},
      {pair("' AND 4371=4371-- -", "' AND 4371=4372-- -"), pair("' AND 8>3-- -", "' AND 3>8-- -")},
      {pair(" AND 4371=4371-- -", " AND 4371=4372-- -"), pair(" AND 8>3-- -", " AND 3>8-- -")},
  };
}

/// The boolean test of one insertion point, shared by its verdicts.
struct BooleanState {
  std::unique_ptr<PageComparator> compare;
  std::vector<BooleanContext> contexts;
  std::size_t at = 0;                         ///< the context being measured
  std::map<std::string, std::string> prints;  ///< payload -> fingerprint of its response
  std::string falseExcerpt;  ///< the start of the first false page, for the evidence
  int agreed = 0;
  bool vetoed = false;
};

class SqlInjectionCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    return point.kind != InputKind::XmlBody && point.kind != InputKind::PathSegment;
  }

  void start(Attack& a) const override {
    std::string value = a.original() + "'\"";
    HttpRequest request = a.target().with(value);
    a.send("sqli.error", request, [&a, request, value](const FetchResult& r) {
      if (auto m = findSqlError(r.response.body); m && !findSqlError(a.baseline().body)) {
        a.report("sqli.error", request, m->what + " error: " + m->excerpt);
        return;
      }
      bool boolean = a.point().isParameter() || a.point().kind == InputKind::Cookie;
      if (boolean &&
          probe::withoutEchoes(r.response.status, r.response.body, {value, a.original()}) !=
              probe::withoutEchoes(a.baseline().status, a.baseline().body, {a.original()}))
        startBoolean(a);
    });
  }

 private:
  static void startBoolean(Attack& a) {
    auto state = std::make_shared<BooleanState>();
    state->contexts = booleanContexts(a.original());
    // A second baseline teaches which parts of the page change by themselves.
    a.send("sqli.boolean", a.target().endpoint->request(), [&a, state](const FetchResult& r) {
      state->compare = std::make_unique<PageComparator>(
          a.baseline().status, a.baseline().body, r.response.status, r.response.body, a.original());
      if (state->compare->stable()) measureContext(a, state);
    });
  }

  static std::string print(const BooleanState& s, const std::string& payload,
                           const FetchResult& r) {
    return s.compare->fingerprint(r.response.status, r.response.body, payload);
  }

  /// The first pair of the current context; on to the next when it does not separate.
  static void measureContext(Attack& a, std::shared_ptr<BooleanState> state) {
    if (state->at >= state->contexts.size()) return;
    const BooleanPair pair = state->contexts[state->at].first;
    auto pending = std::make_shared<int>(2);
    auto judge = [&a, state, pair, pending] {
      if (--*pending > 0) return;
      bool separates = state->prints[pair.isTrue] == state->compare->baseline() &&
                       state->prints[pair.isFalse] != state->compare->baseline();
      if (separates) {
        confirm(a, state);
      } else {
        ++state->at;
        measureContext(a, state);
      }
    };
    for (const std::string& payload : {pair.isTrue, pair.isFalse})
      a.sendValue("sqli.boolean", payload, [state, pair, payload, judge](const FetchResult& r) {
        state->prints[payload] = print(*state, payload, r);
        if (payload == pair.isFalse)
          state->falseExcerpt = std::string(r.response.body.substr(0, probe::kExcerpt));
        judge();
      });
  }

  /// The second spelling, a repeat of the first pair, and the original value again: a true
  /// page and every original page equal the baseline, a false page the first false page. The
  /// original repeats catch a page that shows one of a few variants at random: its "false" page
  /// is one the original value also gets, and each repeat halves the odds of missing that.
  static void confirm(Attack& a, std::shared_ptr<BooleanState> state) {
    const BooleanContext context = state->contexts[state->at];
    const std::string falsePrint = state->prints[context.first.isFalse];
    std::vector<std::pair<std::string, bool>> probes = {{context.second.isTrue, true},
                                                        {context.second.isFalse, false},
                                                        {context.first.isTrue, true},
                                                        {context.first.isFalse, false}};
    for (int i = 0; i < kOriginalRepeats; ++i) probes.emplace_back(a.original(), true);
    const int needed = static_cast<int>(probes.size());
    for (const auto& probe : probes)
      a.sendValue(
          "sqli.boolean", probe.first,
          [&a, state, context, falsePrint, needed, payload = probe.first,
           expectTrue = probe.second](const FetchResult& r) {
            std::string p = print(*state, payload, r);
            bool agrees = expectTrue ? p == state->compare->baseline() : p == falsePrint;
            if (!agrees) state->vetoed = true;
            if (state->vetoed || ++state->agreed != needed) return;
            a.report(
                "sqli.boolean", a.target().with(context.first.isFalse),
                "a true condition keeps the page and a false one changes it, in two spellings, "
                "on a repeat and never for the original value (true: " +
                    describeRequest(a.target().with(context.first.isTrue)) +
                    "; second spelling: " + context.second.isTrue + " / " + context.second.isFalse +
                    "); false page: " + state->falseExcerpt);
          });
  }

  static constexpr int kOriginalRepeats = 5;
};

}  // namespace

std::unique_ptr<ActiveCheck> makeSqlInjectionCheck() {
  return std::make_unique<SqlInjectionCheck>();
}

}  // namespace ctc::scanner
