#include "ctc/scanner/checks/site/site_active_checks.hpp"

#include <strings.h>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/checks/active/attack_runner.hpp"
#include "ctc/scanner/checks/site/method_bypass.hpp"
#include "ctc/scanner/fetch/request_stage.hpp"

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxDirectories = 20;
constexpr std::size_t kMaxCorsCandidates = 20;

bool advertises(const std::string& allow, std::string_view method) {
  std::size_t start = 0;
  while (start <= allow.size()) {
    auto end = allow.find(',', start);
    if (end == std::string::npos) end = allow.size();
    std::string_view token(allow.data() + start, end - start);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.size() == method.size() &&
        strncasecmp(token.data(), method.data(), method.size()) == 0)
      return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

void runSiteActiveChecks(const SiteCheckInputs& in, Fetcher& fetcher, FindingCollector& findings,
                         const Fetcher::OnDone& onEach) {
  RequestStage probes;
  auto add = [&](std::string_view check, HttpRequest r, RequestStage::Verdict v) {
    r.check = check;
    probes.add(std::move(r), std::move(v));
  };
  auto finding = [&](std::string_view check, const std::string& url, const HttpRequest& req,
                     std::string evidence) {
    Finding f = makeFinding(check, url, "", req.method);
    f.evidenceRequest = describeRequest(req);
    f.evidenceResponse = std::move(evidence);
    findings.add(std::move(f));
  };

  // TRACE echoes the request: our header must come back in the body.
  HttpRequest trace{"TRACE", in.rootUrl, {{"X-Ctc-Trace", in.marker}}};
  add("methods.trace_enabled", trace, [&, trace](const FetchResult& r) {
    auto at = r.response.body.find(in.marker);
    if (r.response.status == 200 && at != std::string::npos)
      finding("methods.trace_enabled", in.rootUrl, trace,
              "HTTP 200 echoing the request: " + r.response.body.substr(0, 300));
  });

  // OPTIONS: what each directory says it accepts.
  std::vector<std::string> putCandidates;
  std::vector<std::string> dirs = in.directories;
  if (dirs.size() > kMaxDirectories) dirs.resize(kMaxDirectories);
  for (const auto& dir : dirs) {
    HttpRequest options{"OPTIONS", dir};
    add("methods.unsafe_allowed", options, [&, options, dir](const FetchResult& r) {
      auto allow = r.response.header("Allow");
      if (!allow || r.response.status >= 400) return;
      bool put = advertises(*allow, "PUT"), del = advertises(*allow, "DELETE");
      if (!put && !del) return;
      if (in.allowDestructiveMethods && put) {
        putCandidates.push_back(dir);
        return;
      }
      finding("methods.unsafe_allowed", dir, options,
              "HTTP " + std::to_string(r.response.status) + " Allow: " + *allow +
                  (put ? " (advertised; not confirmed with PUT because the target does not allow "
                         "destructive checks)"
                       : " (advertised; DELETE is never sent to confirm it)"));
    });
  }

  // CORS: an origin of our own, then the null origin.
  std::vector<std::string> cors = in.corsCandidates;
  if (cors.size() > kMaxCorsCandidates) cors.resize(kMaxCorsCandidates);
  for (const auto& url : cors) {
    for (std::string origin : {"https://" + in.marker + ".invalid", std::string("null")}) {
      HttpRequest req{"GET", url, {{"Origin", origin}}};
      add("cors.misconfigured", req, [&, req, origin, url](const FetchResult& r) {
        auto acao = r.response.header("Access-Control-Allow-Origin");
        auto acac = r.response.header("Access-Control-Allow-Credentials");
        if (acao && *acao == origin && acac && strcasecmp(acac->c_str(), "true") == 0)
          finding("cors.misconfigured", url, req,
                  "Access-Control-Allow-Origin: " + *acao +
                      "\nAccess-Control-Allow-Credentials: " + *acac);
      });
    }
  }

  MethodBypassCheck methodBypass(in.forbidden, in.marker);
  methodBypass.plan(probes);

  probes.run(fetcher, onEach);
  methodBypass.report(findings);

  // PUT confirmation (only where the target allows it): store, read back, delete.
  for (const auto& dir : putCandidates) {
    std::string file = dir + in.marker + ".txt";
    std::vector<HttpRequest> steps{{"PUT", file, {{"Content-Type", "text/plain"}}, in.marker},
                                   {"GET", file},
                                   {"DELETE", file}};
    for (auto& step : steps) step.check = "methods.unsafe_allowed";
    auto results = fetcher.fetchAll({steps[0]}, onEach);
    auto read = fetcher.fetchAll({steps[1]}, onEach);
    auto removed = fetcher.fetchAll({steps[2]}, onEach);
    bool stored = results[0].response.status >= 200 && results[0].response.status < 300 &&
                  read[0].response.body.find(in.marker) != std::string::npos;
    long deleteStatus = removed[0].response.status;
    if (stored)
      finding("methods.unsafe_allowed", dir, steps[0],
              "PUT " + file + " answered HTTP " + std::to_string(results[0].response.status) +
                  " and GET returned the uploaded text; DELETE answered HTTP " +
                  std::to_string(deleteStatus) +
                  (deleteStatus >= 200 && deleteStatus < 300 ? " (removed again)"
                                                             : " (the file may still be there)"));
  }
}

}  // namespace ctc::scanner
