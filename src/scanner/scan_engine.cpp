#include "ctc/scanner/scan_engine.hpp"

#include <algorithm>
#include <optional>
#include <random>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/checks/active/attack_runner.hpp"
#include "ctc/scanner/checks/active/stored_xss.hpp"
#include "ctc/scanner/checks/api/api_checks.hpp"
#include "ctc/scanner/checks/passive/js_libraries.hpp"
#include "ctc/scanner/checks/passive/passive_checks.hpp"
#include "ctc/scanner/checks/site/site_active_checks.hpp"
#include "ctc/scanner/checks/site/site_probes.hpp"
#include "ctc/scanner/crawl/crawler.hpp"
#include "ctc/scanner/crawl/xml_endpoints.hpp"
#include "ctc/scanner/fetch/address_policy.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/scanner/finding_collector.hpp"
#include "ctc/scanner/oast/issued_callbacks.hpp"
#include "ctc/scanner/progress_meter.hpp"
#include "ctc/scanner/session/login_session.hpp"

namespace ctc::scanner {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kLateCallbackGrace{2000};  // after the last URL handed out

std::string unreachable(const FetchResult& r) {
  std::string msg = "target unreachable: " + std::string(describe(r.error));
  if (!r.errorDetail.empty()) msg += " (" + r.errorDetail + ")";
  return msg;
}

/// Identifies a JavaScript library by URL (and body, when fetched) and reports its advisories.
void checkJsLibrary(const std::string& url, std::string_view body, FindingCollector& findings) {
  auto library = identifyJsLibrary(url, body);
  if (!library) return;
  auto advisories = advisoriesFor(*library);
  if (advisories.empty()) return;
  Finding f = makeFinding("components.vulnerable_js", url, library->name);
  f.severity = advisories.front().severity;
  f.evidenceRequest = "GET " + url;
  f.evidenceResponse = library->name + " " + library->version + ":";
  for (const auto& a : advisories)
    f.evidenceResponse += "\n" + std::string(a.id) + " (" + std::string(toString(a.severity)) +
                          ", affected " + std::string(a.affected) + "): " + std::string(a.summary);
  findings.add(std::move(f));
}

/// How the login held up, for the scan's message ("" when it never had to log in again).
std::string sessionNote(const LoginSession& session) {
  auto times = [](int n) { return std::to_string(n) + (n == 1 ? " time" : " times"); };
  std::string note;
  if (session.renewals() > 0)
    note = "the session was lost and renewed " + times(session.renewals());
  if (session.lostUnrenewed() > 0)
    note += (note.empty() ? "" : "; ") + std::to_string(session.lostUnrenewed()) +
            " responses came after the session was lost and no new login was possible (at most " +
            std::to_string(LoginSession::kMaxLoginsPerMinute) +
            " a minute): those pages were seen logged out";
  return note;
}

/// One scan from start to end; ScanEngine::run reads as its pipeline.
class ScanRun {
 public:
  ScanRun(const EngineOptions& options, const ScanCallbacks& cb, const ScanSettings& settings,
          const ParsedUrl& target, const ResolvedHost& resolved, ApiPlan apis)
      : options_(options),
        cb_(cb),
        settings_(settings),
        target_(target),
        deadline_(Clock::now() + options.budget.maxDuration),
        fetchOptions_(fetchOptionsFor(options, settings, resolved, apis.resolvePins)),
        apis_(std::move(apis)),
        notes_(apis_.notes),
        fetcher_(fetchOptions_, [this] { return shouldStop(); }),
        findings_(cb.onFinding),
        progress_(cb, fetcher_),
        marker_("ctc" + std::to_string(std::random_device{}() % 100000000u)) {
    if (options.outOfBand) callbacks_.emplace(*options.outOfBand);
  }

  /// Logs in before anything else is sent; false (with the reason in the outcome) when it
  /// failed. From here on every request carries the session, and findings mask its secrets.
  bool logIn(const Authentication& auth) {
    session_ = std::make_unique<LoginSession>(auth, target_, fetchOptions_,
                                              [this] { return shouldStop(); });
    auto loggedIn = session_->start();
    progress_.step();
    if (!loggedIn) {
      if (userStop_)
        finish(ScanStatus::Stopped, "stopped by a user");
      else
        finish(ScanStatus::Failed, loggedIn.error().message);
      return false;
    }
    fetcher_.useSession(session_.get());
    findings_.maskSecrets(session_->secrets());
    if (auth.secondUser && !logInSecondUser(*auth.secondUser)) return false;
    identity_ = identityOf(auth);
    findings_.classifyWith([this](const Finding& f) { return session_->needsLogin(f.url); });
    return true;
  }

  /// The second user of api.bola, with a fetcher of its own: a failed login fails the scan.
  bool logInSecondUser(const Authentication& auth) {
    second_ = std::make_unique<LoginSession>(auth, target_, fetchOptions_,
                                             [this] { return shouldStop(); });
    auto loggedIn = second_->start();
    if (!loggedIn) {
      finish(ScanStatus::Failed, "second_user " + loggedIn.error().message);
      return false;
    }
    secondFetcher_ = std::make_unique<Fetcher>(fetchOptions_, [this] { return shouldStop(); });
    secondFetcher_->useSession(second_.get());
    findings_.maskSecrets(second_->secrets());
    secondIdentity_ = identityOf(auth);
    return true;
  }

  /// The start page: unreachable ends the scan here (with the reason in the outcome).
  std::optional<FetchResult> fetchStart() {
    FetchResult root = fetcher_.fetch(HttpRequest{"GET", target_.url});
    progress_.step();
    if (root.ok()) return root;
    if (shouldStop() && userStop_) {
      finish(ScanStatus::Stopped, "stopped by a user");
    } else if (root.error == FetchError::Cancelled) {
      // Not the user, so the scan budget cancelled it before the root answered (a slow-loris
      // target, or a budget shorter than the per-request timeout): the target failed.
      finish(ScanStatus::Failed,
             "target unreachable: no complete response to the first request within the scan "
             "time budget of " +
                 std::to_string(options_.budget.maxDuration.count()) + " s");
    } else {
      finish(ScanStatus::Failed, unreachable(root));
    }
    return std::nullopt;
  }

  void crawl(const FetchResult& root) {
    Frontier frontier(target_, options_.budget, settings_);
    if (session_) frontier.guardSession();
    for (auto& probe : sensitiveFileProbes(target_))
      if (auto url = parseTargetUrl(probe.url); url && frontier.inScope(*url))
        fileProbes_.push_back(std::move(probe));
    CrawlHooks hooks;
    hooks.stop = [this] { return shouldStop(); };
    hooks.onPage = [this](const FetchResult& page, const HtmlLinks* html) {
      if (isJavaScript(page)) {
        ChargedTime charged(&passiveTimes_, "components.vulnerable_js");
        checkJsLibrary(page.request.url, page.response.body, findings_);
      } else {
        runPageChecks(page, html, findings_, &passiveTimes_);
      }
    };
    crawl_ = crawlSite(root, frontier, fetcher_, progress_, hooks);
    inspectTransport(target_, root, findings_);
    for (const auto& script : crawl_.externalScripts) checkJsLibrary(script, "", findings_);
  }

  /// Sensitive files and, on https, the TLS versions the server accepts.
  void probeFiles() {
    if (shouldStop()) return;
    progress_.planMore(fileProbes_.size() + (target_.scheme == "https" ? 2 : 0));
    for (const auto& probe : fetcher_.fetchAll(fileProbes_, progress_.counter()))
      inspectSensitiveFile(probe, findings_);
    if (target_.scheme == "https" && !shouldStop()) {
      auto probes = fetcher_.fetchAll({tlsProbe(target_, true), tlsProbe(target_, false)},
                                      progress_.counter());
      inspectTls(target_, probes[0], probes[1], findings_);
    }
  }

  /// Insertion points the crawl could not see: dynamic paths that read a POSTed XML body.
  void findHiddenInputs() {
    if (shouldStop() || crawl_.dynamicPaths.empty()) return;
    progress_.planMore(3 * crawl_.dynamicPaths.size());
    for (const auto& url :
         findXmlReaders(crawl_.dynamicPaths, marker_, fetcher_, progress_.counter()))
      if (auto parsed = parseTargetUrl(url)) crawl_.endpoints.addXmlBody(*parsed);
  }

  /// TRACE, OPTIONS/PUT, CORS and method bypass: checks on paths, not parameters.
  void attackSite() {
    if (shouldStop()) return;
    SiteCheckInputs site{target_.url,
                         crawl_.directories,
                         crawl_.corsCandidates,
                         crawl_.forbidden,
                         settings_.allowDestructiveMethods,
                         marker_};
    if (std::find(site.directories.begin(), site.directories.end(), target_.url) ==
        site.directories.end())
      site.directories.insert(site.directories.begin(), target_.url);
    progress_.startPhase(30, 69,
                         1 + site.directories.size() + 2 * site.corsCandidates.size() +
                             2 * site.forbidden.size() + activeEstimate());
    runSiteActiveChecks(site, fetcher_, findings_, progress_.counter());
  }

  /// Every active check on every insertion point the crawl collected.
  void attackInputs(const std::string& rootUrl) {
    if (shouldStop()) return;
    AttackRunOptions active;
    // Time-based checks need the delayed request to start promptly: at a crawl rate below
    // 2 requests/s the pacing alone could hold a scan for minutes per parameter.
    double rate = fetchOptions_.requestsPerSecond;
    active.attack.timeBased = rate == 0 || rate >= 2;
    active.attack.siteRootUrl = rootUrl;
    active.attack.siteRootTitle = crawl_.rootTitle;
    active.attack.outOfBand = callbacks_ ? &*callbacks_ : nullptr;
    active.stop = [this] { return shouldStop(); };
    active.onPlanned = [this](int more) { progress_.planMore(more); };
    // Late callbacks: a target may fetch a URL after it answered (a queued webhook).
    active.beforeFinish = [this] {
      callbacks_->awaitLateCallbacks(kLateCallbackGrace, [this] { return shouldStop(); });
    };
    attackable_ = crawl_.endpoints.endpoints();
    for (const auto& api : apis_.apis)
      for (const auto& e : api.endpoints)
        if (!e.inputs.empty()) attackable_.push_back(e);
    attacked_ = runActiveChecks(attackable_, fetcher_, findings_, active, progress_.counter());
  }

  /// Per API description: its server answers, and with a login, an operation that declares
  /// security answers differently without it. False (the outcome says which and why) when not.
  /// A server on another origin that does not answer is replaced by the project's origin with the
  /// server's path, when that answers.
  bool prescanApis() {
    for (auto& api : apis_.apis) {
      if (shouldStop()) return true;
      FetchResult probe = fetcher_.fetch(HttpRequest{"GET", api.server + "/"});
      progress_.step();
      if (!probe.ok()) {
        auto server = parseTargetUrl(api.server);
        std::string rebased = server && server->origin() != target_.origin()
                                  ? target_.origin() + api.server.substr(server->origin().size())
                                  : "";
        if (!rebased.empty() && fetcher_.fetch(HttpRequest{"GET", rebased + "/"}).ok()) {
          for (auto& e : api.endpoints) e.url = rebased + e.url.substr(api.server.size());
          notes_.push_back("API description '" + api.name + "': server " + api.server +
                           " did not answer (" + std::string(describe(probe.error)) +
                           "); scanned " + rebased + ", on the project's origin, instead");
          api.server = rebased;
        } else {
          finish(ScanStatus::Failed,
                 "prescan of API description '" + api.name + "' failed: " + "server " + api.server +
                     " does not answer (" + std::string(describe(probe.error)) + ")");
          return false;
        }
      }
      if (session_ && !proveLoginMatters(api)) return false;
    }
    return true;
  }

  /// Up to five GET operations that declare security, each sent with and without the login:
  /// false (the scan failed, saying so) when those refused (401/403) without it are all refused
  /// with it too, the sign that the login does not reach this API. An operation that answers
  /// both ways is not a prescan failure: that is api.auth_missing's finding.
  bool proveLoginMatters(const PlannedApi& api) {
    std::vector<HttpRequest> requests;
    std::vector<const Endpoint*> tried;
    for (const auto& e : api.endpoints) {
      if (!e.needsAuth || e.method != "GET" || tried.size() >= 5) continue;
      HttpRequest with = e.request();
      HttpRequest without = with;
      without.anonymous = true;
      requests.push_back(std::move(with));
      requests.push_back(std::move(without));
      tried.push_back(&e);
    }
    if (tried.empty()) return true;
    progress_.planMore(requests.size());
    auto results = fetcher_.fetchAll(requests, progress_.counter());
    auto refused = [](const FetchResult& r) {
      return r.ok() && (r.response.status == 401 || r.response.status == 403);
    };
    std::size_t refusedBothWays = tried.size();
    for (std::size_t i = 0; i < tried.size(); ++i) {
      if (!refused(results[2 * i + 1])) continue;  // open without the login: nothing to prove
      if (!refused(results[2 * i])) return true;   // the login opens it
      if (refusedBothWays == tried.size()) refusedBothWays = i;
    }
    if (refusedBothWays == tried.size()) return true;
    finish(ScanStatus::Failed,
           "prescan of API description '" + api.name +
               "' failed: " + tried[refusedBothWays]->operation + " answers HTTP " +
               std::to_string(results[2 * refusedBothWays].response.status) +
               " with the authentication as without it; check the project's authentication "
               "(the login works, but this API does not accept what it gives)");
    return false;
  }

  /// The API checks on every operation of every description.
  void attackApis() {
    if (shouldStop() || apis_.apis.empty()) return;
    std::vector<Endpoint> operations;
    for (const auto& api : apis_.apis)
      operations.insert(operations.end(), api.endpoints.begin(), api.endpoints.end());
    ApiCheckOptions api;
    api.loggedIn = session_ != nullptr;
    api.secondUser = secondFetcher_.get();
    api.identity = identity_;
    api.secondIdentity = secondIdentity_;
    api.stop = [this] { return shouldStop(); };
    api.onPlanned = [this](int more) { progress_.planMore(more); };
    runApiChecks(operations, fetcher_, findings_, api, progress_.counter());
  }

  /// What the attacks left behind on other pages: stored XSS.
  void revisitForStoredEffects() {
    if (shouldStop()) return;
    StoredXssOptions stored;
    stored.stop = [this] { return shouldStop(); };
    stored.onPlanned = [this](int more) { progress_.planMore(more); };
    findStoredXss(attacked_, crawl_.htmlPages, fetcher_, findings_, stored, progress_.counter());
  }

  ScanOutcome collect() {
    if (userStop_) return finish(ScanStatus::Stopped, "stopped by a user");
    if (Clock::now() >= deadline_)
      return finish(ScanStatus::Finished, "scan time budget of " +
                                              std::to_string(options_.budget.maxDuration.count()) +
                                              " s reached; results cover the pages crawled so far");
    std::string note = session_ ? sessionNote(*session_) : "";
    for (const auto& n : notes_) note += (note.empty() ? "" : "; ") + n;
    return finish(ScanStatus::Finished, note);
  }

  const ScanOutcome& outcome() const { return outcome_; }

 private:
  static FetchOptions fetchOptionsFor(const EngineOptions& options, const ScanSettings& settings,
                                      const ResolvedHost& resolved,
                                      const std::vector<std::string>& apiPins) {
    FetchOptions f = options.fetch;
    f.resolvePins = resolvePinsFor(resolved);
    f.resolvePins.insert(f.resolvePins.end(), apiPins.begin(), apiPins.end());
    if (settings.requestsPerSecond) f.requestsPerSecond = *settings.requestsPerSecond;
    return f;
  }

  bool shouldStop() {
    if (!userStop_ && cb_.stopRequested && cb_.stopRequested()) userStop_ = true;
    return userStop_ || Clock::now() >= deadline_;
  }

  /// What the active checks will send: about 9 requests a parameter and a baseline per endpoint
  /// (measured on the fixture site).
  std::size_t activeEstimate() const {
    std::size_t parameters = 0;
    for (const auto& e : crawl_.endpoints.endpoints()) parameters += e.inputs.size();
    return crawl_.endpoints.endpoints().size() + 9 * parameters;
  }

  ScanOutcome finish(ScanStatus status, std::string message) {
    outcome_.status = status;
    outcome_.message = std::move(message);
    outcome_.requests = fetcher_.requestsSent() + (session_ ? session_->requestsSent() : 0) +
                        (second_ ? second_->requestsSent() : 0) +
                        (secondFetcher_ ? secondFetcher_->requestsSent() : 0);
    outcome_.pages = progress_.pages();
    outcome_.checkTimes = passiveTimes_;
    outcome_.checkTimes.merge(fetcher_.checkTimes());
    if (secondFetcher_) outcome_.checkTimes.merge(secondFetcher_->checkTimes());
    return outcome_;
  }

  const EngineOptions& options_;
  const ScanCallbacks& cb_;
  const ScanSettings& settings_;
  const ParsedUrl target_;
  const Clock::time_point deadline_;
  bool userStop_ = false;
  FetchOptions fetchOptions_;
  ApiPlan apis_;
  std::vector<std::string> notes_;  ///< for the scan's message
  Fetcher fetcher_;
  FindingCollector findings_;
  ProgressMeter progress_;
  const std::string marker_;
  std::optional<IssuedCallbacks> callbacks_;  ///< this scan's use of the shared OAST listener
  std::unique_ptr<LoginSession> session_;     ///< logged-in scans only
  std::unique_ptr<LoginSession> second_;      ///< a second user's login (api.bola), if given
  std::unique_ptr<Fetcher> secondFetcher_;    ///< sends as the second user
  std::string identity_, secondIdentity_;     ///< the users' names (identityOf)
  std::vector<HttpRequest> fileProbes_;
  CrawlResult crawl_;
  CheckTimes passiveTimes_;  ///< the page checks' judging (their pages are the crawl's requests)
  std::vector<Endpoint> attackable_;  ///< what attackInputs attacks (attacked_ points into it)
  std::vector<AttackTarget> attacked_;
  ScanOutcome outcome_;
};

}  // namespace

ScanOutcome ScanEngine::run(const std::string& targetUrl, const ScanCallbacks& cb,
                            const ScanSettings& settings,
                            const std::optional<Authentication>& authentication,
                            const ApiInputs& apiInputs) const {
  ScanOutcome refused;
  refused.status = ScanStatus::Failed;
  auto target = parseTargetUrl(targetUrl);
  if (!target) {
    refused.message = "invalid target URL: " + target.error().message;
    return refused;
  }
  auto resolved = resolveAllowedHost(target->host, target->port, options_.allowPrivateTargets);
  if (!resolved) {
    refused.message = "target refused: " + resolved.error().message;
    return refused;
  }

  ApiPlan apis;
  if (!apiInputs.empty()) {
    ApiPlanOptions planning;
    planning.wantedServer = settings.server;
    planning.allowPrivateTargets = options_.allowPrivateTargets;
    planning.fetch = options_.fetch;
    planning.stop = cb.stopRequested;
    planning.onFetched = cb.onSpecificationFetched;
    auto planned = planApiScan(apiInputs, *target, planning);
    if (!planned) {
      refused.message = planned.error().message;
      return refused;
    }
    apis = std::move(*planned);
  }

  ScanRun scan(options_, cb, settings, *target, *resolved, std::move(apis));
  if (authentication && !scan.logIn(*authentication)) return scan.outcome();
  auto root = scan.fetchStart();
  if (!root) return scan.outcome();
  scan.crawl(*root);
  if (!scan.prescanApis()) return scan.outcome();
  scan.probeFiles();
  scan.findHiddenInputs();
  scan.attackSite();
  scan.attackInputs(root->request.url);
  scan.attackApis();
  scan.revisitForStoredEffects();
  return scan.collect();
}

}  // namespace ctc::scanner
