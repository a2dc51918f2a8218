#include "ctc/app/serve.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "ctc/app/pepper.hpp"
#include "ctc/app/secrets_key.hpp"
#include "ctc/http/api_routes.hpp"
#include "ctc/http/http_server.hpp"
#include "ctc/http/ops_routes.hpp"
#include "ctc/ops/server_metrics.hpp"
#include "ctc/scanner/oast/callback_listener.hpp"
#include "ctc/service/admin_service.hpp"
#include "ctc/service/health_service.hpp"
#include "ctc/service/report_archive.hpp"
#include "ctc/storage/scan_repository.hpp"
#include "ctc/util/secrets.hpp"
#include "ctc/worker/analysis_scheduler.hpp"
#include "ctc/worker/scan_worker_pool.hpp"

namespace ctc::app {
namespace {

constexpr int kMaxScanAttempts = 3;

bool parseListen(const std::string& listen, http::HttpServerOptions& out) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) return false;
  } catch (...) {
    return false;
  }
  if (port < 0 || port > 65535) return false;
  out.host = host.empty() ? "0.0.0.0" : host;
  out.port = static_cast<uint16_t>(port);
  return true;
}

void announceInitialKey(const std::string& key, const std::string& dbPath) {
  auto keyPath = std::filesystem::path(dbPath).parent_path() / "initial-api-key";
  {
    std::ofstream out(keyPath, std::ios::trunc);
    out << key << "\n";
  }
  ::chmod(keyPath.c_str(), 0600);
  std::cerr << "\n"
            << "==================================================================\n"
            << "  crashtest-compat: first start, created team \"Default\" and user\n"
            << "  admin@localhost (Team Admin). Its API key, shown only now:\n\n"
            << "      " << key << "\n\n"
            << "  Also written to " << keyPath.string() << " (mode 0600).\n"
            << "  Use it as header 'API_KEY: <key>' or query '?api_key=<key>'.\n"
            << "==================================================================\n\n"
            << std::flush;
}

bool fontsPresent(const std::string& dir) {
  return std::filesystem::exists(std::filesystem::path(dir) / "DejaVuSans.ttf") &&
         std::filesystem::exists(std::filesystem::path(dir) / "DejaVuSans-Bold.ttf");
}

}  // namespace

int serve(const ServeOptions& o) {
  // Block the stop signals before any thread starts, so only sigwait() below receives them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  configureLogging(o.logFormat, o.logLevel);
  http::HttpServerOptions httpOptions;
  if (!parseListen(o.listen, httpOptions)) {
    spdlog::critical("--listen must be HOST:PORT (e.g. 127.0.0.1:8080), got '{}'", o.listen);
    return 2;
  }
  httpOptions.threads = std::max(1, o.httpThreads);
  if (!fontsPresent(o.fontDir)) {
    spdlog::critical("DejaVu fonts not found in {} (install fonts-dejavu-core or set --font-dir)",
                     o.fontDir);
    return 2;
  }
  if (!o.caBundle.empty() && !std::filesystem::exists(o.caBundle)) {
    spdlog::critical("--ca-bundle {} does not exist", o.caBundle);
    return 2;
  }
  if (!initSecrets()) {
    spdlog::critical("libsodium failed to initialise");
    return 1;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);

  auto db = storage::Database::open(o.dbPath);
  if (!db) {
    spdlog::critical("{}", db.error().message);
    return 1;
  }
  storage::Database& database = **db;
  if (auto pepper = app::loadPepper(database, o.pepperFile); !pepper) {
    spdlog::critical("{}", pepper.error().message);
    return 1;
  }
  if (auto key = app::loadSecretsKey(database, o.secretsKeyFile); !key) {
    spdlog::critical("{}", key.error().message);
    return 1;
  }
  auto recovered = database.write([](storage::Connection& c) -> Result<storage::RecoveryCounts> {
    return storage::recoverInterruptedScans(c, kMaxScanAttempts);
  });
  if (recovered && (recovered->requeued || recovered->failed))
    spdlog::warn("recovered interrupted scans: {} re-queued, {} failed after {} attempts",
                 recovered->requeued, recovered->failed, kMaxScanAttempts);

  service::AdminService admin(database);
  auto initial = admin.bootstrapIfEmpty();
  if (!initial) {
    spdlog::critical("cannot initialise the database: {}", initial.error().message);
    return 1;
  }
  if (*initial) announceInitialKey((*initial)->key, o.dbPath);

  scanner::EngineOptions engineOptions;
  engineOptions.allowPrivateTargets = o.allowPrivateTargets;
  engineOptions.fetch.caBundle = o.caBundle;
  engineOptions.budget.maxPages = o.maxPages;
  engineOptions.fetch.requestsPerSecond = o.scanRate;
  engineOptions.fetch.maxInFlight = o.hostConcurrency;
  engineOptions.budget.maxDuration = std::chrono::seconds(o.scanTimeoutSeconds);
  if (o.oastListen != "off") {
    auto listener = scanner::CallbackListener::start(o.oastListen, o.oastUrl);
    if (!listener) {
      spdlog::critical("--oast-listen: {}", listener.error().message);
      return 2;
    }
    spdlog::info("out-of-band callbacks at {}", (*listener)->baseUrl());
    engineOptions.outOfBand = std::move(*listener);
  }
  worker::ScanWorkerPool workers(database, engineOptions, o.scanWorkers, o.maxRunningScansPerTeam);
  ops::ServerMetrics metrics(database);
  service::ReportArchive reports(database, o.fontDir);
  workers.setScanObserver([&metrics, &reports](int64_t scanId, const scanner::ScanOutcome& outcome,
                                               std::chrono::duration<double> took) {
    metrics.scanEnded(outcome, took);
    // The PDF and HTML are rendered here, on the worker's thread, not when they are downloaded.
    if (auto archived = reports.archive(scanId); !archived)
      spdlog::warn("scan {}: cannot store its rendered reports: {}", scanId,
                   archived.error().message);
  });
  service::HealthService health(database, [&workers] {
    return std::make_pair(workers.aliveWorkers(), workers.workerCount());
  });

  const std::chrono::milliseconds cacheTtl(o.cacheTtlMs);
  service::AuthService auth(database, cacheTtl);
  service::TargetService targets(database, auth, o.allowPrivateTargets);
  service::ScanService scans(database, auth, workers, o.allowPrivateTargets, reports, cacheTtl);
  service::SpecificationService specifications(database, auth);
  http::Router router;
  // Bursts of twice the rate: a CI job that starts, polls and downloads at once stays within it.
  service::RateLimiter apiLimiter(o.rateLimit, 2 * o.rateLimit);
  service::RateLimiter webhookLimiter(o.rateLimit, 2 * o.rateLimit);
  service::HmacAuthService hmac(database);
  service::AnalysisService analyses(database, auth, targets, scans, specifications);
  http::registerRoutes(
      router, {auth, targets, scans, specifications, apiLimiter, webhookLimiter, hmac, analyses});
  http::registerOpsRoutes(router, {[&health] { return health.ready(); },
                                   [&metrics] { return metrics.render(); }, o.metricsToken});
  auto seconds = [](double s) { return std::chrono::milliseconds(static_cast<int64_t>(s * 1000)); };
  httpOptions.headerTimeout = seconds(o.headerTimeoutSeconds);
  httpOptions.bodyTimeout = seconds(o.bodyTimeoutSeconds);
  httpOptions.keepaliveTimeout = seconds(o.keepaliveTimeoutSeconds);
  httpOptions.onAnswered = [&metrics](const http::RequestRecord& record) {
    metrics.requestAnswered(record);
    logRequest(record);
  };
  http::HttpServer server(router, httpOptions);
  if (auto started = server.start(); !started) {
    spdlog::critical("{}", started.error().message);
    return 1;
  }
  workers.start();
  worker::AnalysisScheduler scheduler(analyses);
  spdlog::info("crashtest-compat {} listening on http://{}:{} (database {}, {} scan workers{})",
               CTC_VERSION, httpOptions.host, server.port(), o.dbPath, o.scanWorkers,
               o.allowPrivateTargets ? ", private targets ALLOWED" : "");
  if (!o.portFile.empty()) {
    std::string tmp = o.portFile + ".tmp";
    std::ofstream(tmp) << server.port() << "\n";
    std::filesystem::rename(tmp, o.portFile);
  }

  int signal = 0;
  sigwait(&stopSignals, &signal);
  spdlog::info("received {}, shutting down: answering requests in flight (up to {} s)",
               signal == SIGINT ? "SIGINT" : "SIGTERM", o.shutdownGraceSeconds);
  scheduler.stop();
  server.stop(seconds(o.shutdownGraceSeconds));
  workers.shutdown();
  curl_global_cleanup();
  spdlog::info("stopped");
  return 0;
}

}  // namespace ctc::app
