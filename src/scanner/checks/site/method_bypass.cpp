#include "ctc/scanner/checks/site/method_bypass.hpp"

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/checks/active/attack_runner.hpp"
#include "ctc/scanner/fetch/url.hpp"

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxPaths = 20;
// POST with an empty body changes nothing an application checks for; PUT and DELETE are never
// sent. The invented verb finds rules that list the methods they refuse.
constexpr const char* kVerbs[] = {"POST", "CTCSCAN"};

bool served(long status, const std::string& body) {
  return status >= 200 && status < 300 && body.find_first_not_of(" \t\r\n") != std::string::npos;
}

}  // namespace

MethodBypassCheck::MethodBypassCheck(std::vector<std::string> forbidden, std::string marker)
    : forbidden_(std::move(forbidden)), marker_(std::move(marker)) {
  if (forbidden_.size() > kMaxPaths) forbidden_.resize(kMaxPaths);
  probes_.reserve(forbidden_.size() * std::size(kVerbs));
  controls_.resize(std::size(kVerbs));
}

void MethodBypassCheck::plan(RequestStage& stage) {
  if (forbidden_.empty()) return;
  for (const auto& url : forbidden_)
    for (const char* verb : kVerbs) {
      probes_.push_back({HttpRequest{verb, url, {}, ""}, {}});
      probes_.back().first.check = "access.method_bypass";
      Answer* answer = &probes_.back().second;
      stage.add(probes_.back().first, [answer](const FetchResult& r) {
        *answer = {r.response.status, r.response.body.substr(0, 4096)};
      });
    }
  auto absent = resolveReference(forbidden_.front(), "/" + marker_ + "-absent");
  for (std::size_t i = 0; i < std::size(kVerbs) && absent; ++i) {
    Answer* answer = &controls_[i];
    HttpRequest control{kVerbs[i], absent->url, {}, ""};
    control.check = "access.method_bypass";
    stage.add(control, [answer](const FetchResult& r) {
      *answer = {r.response.status, r.response.body.substr(0, 4096)};
    });
  }
}

void MethodBypassCheck::report(FindingCollector& findings) const {
  std::string reported;  // one finding per path: the first verb that got through
  for (std::size_t i = 0; i < probes_.size(); ++i) {
    const auto& [request, answer] = probes_[i];
    const Answer& control = controls_[i % std::size(kVerbs)];
    if (request.url == reported || !served(answer.status, answer.body)) continue;
    if (served(control.status, control.body) && control.body == answer.body) continue;  // catch-all
    Finding f = makeFinding("access.method_bypass", request.url, "", request.method);
    f.evidenceRequest = describeRequest(request);
    f.evidenceResponse = "GET was refused (401/403 while crawling); " + request.method +
                         " answered HTTP " + std::to_string(answer.status) + ": " +
                         answer.body.substr(0, 300);
    findings.add(std::move(f));
    reported = request.url;
  }
}

}  // namespace ctc::scanner
