#pragma once
// A real API stack for the harnesses, wired like src/app/serve.cpp: SQLite database in a fresh
// temporary directory, the services, rate limiters (disabled: a rate of 0), the route table.
// No HTTP server and no scan workers: ScanEvents is a no-op, so queued scans just stay queued.
#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "ctc/http/api_routes.hpp"
#include "ctc/service/admin_service.hpp"
#include "ctc/service/auth_service.hpp"
#include "ctc/service/rate_limiter.hpp"
#include "ctc/service/scan_service.hpp"
#include "ctc/service/target_service.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::fuzz {

class NoScanEvents : public service::ScanEvents {
 public:
  void scanQueued() override {}
  void stopRequested(int64_t) override {}
};

[[noreturn]] inline void setupFailed(const std::string& what) {
  std::fprintf(stderr, "fuzz harness setup failed: %s\n", what.c_str());
  std::exit(1);
}

struct World {
  std::filesystem::path dir;
  std::unique_ptr<storage::Database> db;
  NoScanEvents events;
  std::unique_ptr<service::AuthService> auth;
  std::unique_ptr<service::TargetService> targets;
  std::unique_ptr<service::ReportArchive> reports;
  std::unique_ptr<service::ScanService> scans;
  std::unique_ptr<service::SpecificationService> specifications;
  std::unique_ptr<service::HmacAuthService> hmac;
  std::unique_ptr<service::AnalysisService> analyses;
  service::RateLimiter apiLimiter{0, 0};
  service::RateLimiter webhookLimiter{0, 0};
  http::Router router;
  std::string apiKey;
  int64_t teamId = 0;
  int64_t targetId = 0;       ///< a target at http://127.0.0.1:9/ (private targets allowed)
  std::string webhookSecret;  ///< an active webhook secret of that target

  World() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ctc-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) setupFailed("mkdtemp " + pattern);
    dir = pattern;
    auto opened = storage::Database::open((dir / "fuzz.db").string());
    if (!opened) setupFailed(opened.error().message);
    db = std::move(*opened);
    auto key = service::AdminService(*db).bootstrapIfEmpty();
    if (!key || !*key) setupFailed("bootstrapIfEmpty gave no key");
    apiKey = (*key)->key;
    auth = std::make_unique<service::AuthService>(*db);
    targets = std::make_unique<service::TargetService>(*db, *auth, true);
    reports = std::make_unique<service::ReportArchive>(*db, CTC_FONT_DIR);
    scans = std::make_unique<service::ScanService>(*db, *auth, events, true, *reports);
    specifications = std::make_unique<service::SpecificationService>(*db, *auth);
    hmac = std::make_unique<service::HmacAuthService>(*db);
    analyses =
        std::make_unique<service::AnalysisService>(*db, *auth, *targets, *scans, *specifications);
    http::registerRoutes(router, {*auth, *targets, *scans, *specifications, apiLimiter,
                                  webhookLimiter, *hmac, *analyses});

    auto who = auth->authenticate(apiKey);
    if (!who) setupFailed("authenticate: " + who.error().message);
    auto teams = targets->listTeams(*who);
    if (!teams || teams->empty()) setupFailed("no team");
    teamId = teams->front().team.id;
    ensureTarget();
  }

  ~World() {
    // Services before the database, the database before its files.
    analyses.reset();
    hmac.reset();
    specifications.reset();
    scans.reset();
    targets.reset();
    auth.reset();
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  /// (Re)creates the fixed target and its webhook secret if a request deleted or revoked them.
  void ensureTarget() {
    bool targetOk = false;
    auto who = auth->authenticate(apiKey);
    if (!who) setupFailed("authenticate: " + who.error().message);
    if (targetId) targetOk = targets->get(*who, teamId, targetId).ok();
    if (!targetOk) {
      service::TargetInput in;
      in.title = "fuzz target";
      in.url = "http://127.0.0.1:9/";
      auto t = targets->create(*who, teamId, in);
      if (!t) setupFailed("create target: " + t.error().message);
      targetId = t->id;
      webhookSecret.clear();
    }
    if (webhookSecret.empty() || !scans->resolveWebhook(webhookSecret)) {
      auto secret = service::issueWebhookSecret(*db, targetId);
      if (!secret) setupFailed("webhook secret: " + secret.error().message);
      webhookSecret = *secret;
    }
  }
};

/// Once per process, before any World: libsodium, libcurl, quiet logging.
inline void initProcess() {
  if (!initSecrets()) setupFailed("libsodium");
  curl_global_init(CURL_GLOBAL_DEFAULT);
  // Internal errors are logged at error level; they are also turned into crashes by the
  // harness, so keep the log to what explains a crash.
  spdlog::set_level(spdlog::level::err);
}

/// The harness's World, made by initProcessAndWorld() and freed at exit.
inline std::unique_ptr<World>& theWorld() {
  static std::unique_ptr<World> world;
  return world;
}

/// LLVMFuzzerInitialize of the harnesses that need a World.
inline int initProcessAndWorld() {
  initProcess();
  theWorld() = std::make_unique<World>();
  std::atexit([] { theWorld().reset(); });
  return 0;
}

}  // namespace ctc::fuzz
