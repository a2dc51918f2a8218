#include "ctc/scanner/checks/active/attack_runner.hpp"

#include <deque>
#include <map>
#include <random>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/fetch/request_stage.hpp"

namespace ctc::scanner {

std::string describeRequest(const HttpRequest& r) {
  std::string out = r.method + " " + r.url;
  for (const auto& [k, v] : r.headers) out += "\n" + k + ": " + v;
  if (!r.body.empty()) out += "\n\n" + r.body;
  return out;
}

void reportAttackFinding(FindingCollector& findings, std::string_view checkId,
                         const AttackTarget& target, const HttpRequest& request,
                         std::string evidence) {
  Finding f = makeFinding(checkId, target.endpoint->concreteUrl(), target.point().label(),
                          target.endpoint->method);
  f.operation = target.endpoint->operation;
  f.specification = target.endpoint->specification;
  f.evidenceRequest = describeRequest(request);
  f.evidenceResponse = std::move(evidence);
  findings.add(std::move(f));
}

std::vector<AttackTarget> runActiveChecks(const std::vector<Endpoint>& endpoints, Fetcher& fetcher,
                                          FindingCollector& findings,
                                          const AttackRunOptions& options,
                                          const Fetcher::OnDone& onEach) {
  std::vector<AttackTarget> targets;
  if (endpoints.empty()) return targets;
  auto stopped = [&] { return options.stop && options.stop(); };
  RequestStage next;
  auto runRound = [&] {
    RequestStage round = std::exchange(next, RequestStage{});
    if (stopped() || round.size() == 0) return;
    if (options.onPlanned) options.onPlanned(static_cast<int>(round.size()));
    round.run(fetcher, onEach);
  };

  std::mt19937_64 random{std::random_device{}()};
  for (const auto& e : endpoints)
    for (std::size_t i = 0; i < e.inputs.size(); ++i) {
      char marker[16];
      std::snprintf(marker, sizeof marker, "ctc%08llx",
                    static_cast<unsigned long long>(random() & 0xffffffffu));
      targets.push_back({&e, i, marker});
    }

  std::map<const Endpoint*, Baseline> baselines;  // failed baselines are not stored
  for (const auto& e : endpoints)
    next.add(e.request(), [&baselines, &e](const FetchResult& r) {
      baselines[&e] = {r.response.status, r.response.body, r.response.headers, r.response.seconds};
    });
  runRound();

  std::deque<Attack> attacks;  // stable addresses: verdicts hold references to their Attack
  std::vector<const ActiveCheck*> checkOf;
  auto send = [&next](HttpRequest request, Attack::Verdict verdict) {
    next.add(std::move(request), std::move(verdict));
  };
  auto report = [&findings](std::string_view id, const AttackTarget& t, const HttpRequest& r,
                            std::string evidence) {
    reportAttackFinding(findings, id, t, r, std::move(evidence));
  };
  for (const auto& t : targets) {
    auto base = baselines.find(t.endpoint);
    if (base == baselines.end()) continue;
    for (const auto& check : activeChecks()) {
      if (!check->wants(t.point())) continue;
      attacks.emplace_back(t, base->second, options.attack, send, report);
      checkOf.push_back(check.get());
      check->start(attacks.back());
    }
  }
  while (next.size() > 0 && !stopped()) runRound();
  if (stopped()) return targets;
  if (options.attack.outOfBand && options.beforeFinish) options.beforeFinish();
  for (std::size_t i = 0; i < attacks.size(); ++i) checkOf[i]->finish(attacks[i]);
  return targets;
}

}  // namespace ctc::scanner
