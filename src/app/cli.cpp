#include "ctc/app/cli.hpp"

#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>

#include "ctc/app/pepper.hpp"
#include "ctc/app/secrets_key.hpp"
#include "ctc/app/serve.hpp"
#include "ctc/service/admin_service.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::app {
namespace {

constexpr const char* kPepperFileHelp =
    "The key credentials are hashed with, created on first use (default: pepper.key beside the "
    "database); back it up apart from the database";
constexpr const char* kSecretsKeyFileHelp =
    "The key project credentials are sealed with, created on first use (default: secrets.key "
    "beside the database); back it up apart from the database";

using nlohmann::json;

/// Prints a result as JSON on stdout, or its error on stderr; returns the exit code.
template <typename T, typename F>
int report(const Result<T>& result, F&& toJson) {
  if (!result) {
    std::cerr << "error: " << result.error().message << "\n";
    return result.error().kind == ErrorKind::NotFound ? 3 : 2;
  }
  std::cout << toJson(*result).dump(2) << "\n";
  return 0;
}

void addServe(CLI::App& app, ServeOptions& o, bool& chosen) {
  auto* serve = app.add_subcommand("serve", "Run the HTTP API server and the scan workers");
  serve->add_option("--listen", o.listen, "Address to listen on, HOST:PORT (port 0: any free)")
      ->envname("CTC_LISTEN")
      ->capture_default_str();
  serve->add_option("--db", o.dbPath, "SQLite database file (its directory is created)")
      ->envname("CTC_DB")
      ->capture_default_str();
  serve->add_option("--http-threads", o.httpThreads, "HTTP reactor threads")
      ->envname("CTC_HTTP_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_option("--scan-workers", o.scanWorkers, "Scans run at the same time")
      ->envname("CTC_SCAN_WORKERS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve
      ->add_flag("--allow-private-targets", o.allowPrivateTargets,
                 "Allow targets on loopback/private/link-local addresses (tests, internal demos)")
      ->envname("CTC_ALLOW_PRIVATE_TARGETS");
  serve->add_option("--log-format", o.logFormat, "Log lines as text or json")
      ->envname("CTC_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve->add_option("--log-level", o.logLevel, "trace, debug, info, warn, error")
      ->envname("CTC_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  serve->add_option("--font-dir", o.fontDir, "Directory with DejaVuSans.ttf for PDF reports")
      ->envname("CTC_FONT_DIR")
      ->capture_default_str();
  serve
      ->add_option("--ca-bundle", o.caBundle,
                   "PEM file of CAs the scanner trusts when judging target certificates "
                   "(replaces the system store)")
      ->envname("CTC_CA_BUNDLE");
  serve
      ->add_option("--rate-limit", o.rateLimit,
                   "Requests per second per API key and per webhook secret (bursts of twice "
                   "that); 0 disables")
      ->envname("CTC_RATE_LIMIT")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  serve
      ->add_option("--max-running-scans-per-team", o.maxRunningScansPerTeam,
                   "Scans of one team that run at the same time (others wait queued)")
      ->envname("CTC_MAX_RUNNING_SCANS_PER_TEAM")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_option("--max-pages", o.maxPages, "Pages crawled per scan at most")
      ->envname("CTC_MAX_PAGES")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve
      ->add_option("--scan-rate", o.scanRate,
                   "Requests per second a scan sends at most (0 = unlimited); a target's "
                   "scan_settings.requests_per_second overrides it")
      ->envname("CTC_SCAN_RATE")
      ->check(CLI::Range(0.0, 10000.0))
      ->capture_default_str();
  serve
      ->add_option("--scan-concurrency", o.hostConcurrency,
                   "Requests a scan keeps in flight at once (one host)")
      ->envname("CTC_SCAN_CONCURRENCY")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_option("--scan-timeout", o.scanTimeoutSeconds, "Whole-scan time budget in seconds")
      ->envname("CTC_SCAN_TIMEOUT")
      ->check(CLI::Range(5, 86400))
      ->capture_default_str();
  serve
      ->add_option("--cache-ttl-ms", o.cacheTtlMs,
                   "How long API keys, roles and scan rows read from the database are reused; "
                   "this server's own changes apply at once, the admin CLI's within this time "
                   "(0 = read every time)")
      ->envname("CTC_CACHE_TTL_MS")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  serve
      ->add_option("--oast-listen", o.oastListen,
                   "Out-of-band callback listener for blind SSRF, XXE and command injection, "
                   "HOST:PORT (port 0: any free); off disables those checks")
      ->envname("CTC_OAST_LISTEN")
      ->capture_default_str();
  serve
      ->add_option("--oast-url", o.oastUrl,
                   "URL targets can reach the callback listener at, e.g. "
                   "http://scanner.example.com:8081 (default: the listener's own address)")
      ->envname("CTC_OAST_URL");
  serve->add_option("--pepper-file", o.pepperFile, kPepperFileHelp)->envname("CTC_PEPPER_FILE");
  serve->add_option("--secrets-key-file", o.secretsKeyFile, kSecretsKeyFileHelp)
      ->envname("CTC_SECRETS_KEY_FILE");
  serve->add_option("--port-file", o.portFile, "Write the bound port to this file once listening")
      ->envname("CTC_PORT_FILE");
  serve
      ->add_option("--header-timeout", o.headerTimeoutSeconds,
                   "Seconds a client may take to send a request's headers (then 408)")
      ->envname("CTC_HEADER_TIMEOUT")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  serve
      ->add_option("--body-timeout", o.bodyTimeoutSeconds,
                   "Seconds a client may take to send a request's body (then 408)")
      ->envname("CTC_BODY_TIMEOUT")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  serve
      ->add_option("--keepalive-timeout", o.keepaliveTimeoutSeconds,
                   "Seconds an idle keep-alive connection stays open")
      ->envname("CTC_KEEPALIVE_TIMEOUT")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  serve
      ->add_option("--shutdown-grace", o.shutdownGraceSeconds,
                   "On SIGTERM/SIGINT, seconds requests in flight get to be answered")
      ->envname("CTC_SHUTDOWN_GRACE")
      ->check(CLI::Range(0.0, 600.0))
      ->capture_default_str();
  serve
      ->add_option("--metrics-token", o.metricsToken,
                   "Require 'Authorization: Bearer <token>' on GET /metrics (default: open)")
      ->envname("CTC_METRICS_TOKEN");
  serve->callback([&chosen] { chosen = true; });
}

struct AdminArgs {
  std::string db = "./data/crashtest.db";
  std::string pepperFile;
  std::string secretsKeyFile;
  std::string name, email, role = "viewer", prefix;
  int64_t teamId = 0, targetId = 0;
};

void addAdmin(CLI::App& app, AdminArgs& a, std::function<int()>& action) {
  auto* admin = app.add_subcommand("admin", "Manage teams, users, API keys and webhooks");
  admin->add_option("--db", a.db, "SQLite database file")->envname("CTC_DB")->capture_default_str();
  admin->add_option("--pepper-file", a.pepperFile, kPepperFileHelp)->envname("CTC_PEPPER_FILE");
  admin->add_option("--secrets-key-file", a.secretsKeyFile, kSecretsKeyFileHelp)
      ->envname("CTC_SECRETS_KEY_FILE");
  admin->require_subcommand(1);
  auto withDb = [&a](auto fn) {
    return [&a, fn]() -> int {
      if (!initSecrets()) return 1;
      auto db = storage::Database::open(a.db);
      if (!db) {
        std::cerr << "error: " << db.error().message << "\n";
        return 1;
      }
      auto pepper = app::loadPepper(**db, a.pepperFile);
      if (!pepper) {
        std::cerr << "error: " << pepper.error().message << "\n";
        return 1;
      }
      auto secretsKey = app::loadSecretsKey(**db, a.secretsKeyFile);
      if (!secretsKey) {
        std::cerr << "error: " << secretsKey.error().message << "\n";
        return 1;
      }
      service::AdminService admin(**db);
      return fn(admin);
    };
  };

  auto* team = admin->add_subcommand("team", "Teams")->require_subcommand(1);
  auto* teamCreate = team->add_subcommand("create", "Create a team");
  teamCreate->add_option("NAME", a.name, "Team name")->required();
  teamCreate->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.createTeam(a.name), [](const Team& t) {
        return json{{"id", t.id}, {"name", t.name}};
      });
    });
  });

  auto* user = admin->add_subcommand("user", "Users")->require_subcommand(1);
  auto* userCreate = user->add_subcommand("create", "Create a user or change its role in a team");
  userCreate->add_option("EMAIL", a.email, "E-mail address")->required();
  userCreate->add_option("--team", a.teamId, "Team id")->required();
  userCreate->add_option("--role", a.role, "team_admin, security_engineer or viewer")
      ->check(CLI::IsMember({"team_admin", "security_engineer", "viewer"}))
      ->capture_default_str();
  userCreate->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.createUser(a.email, a.teamId, a.role), [&a](const User& u) {
        return json{{"id", u.id}, {"email", u.email}, {"team_id", a.teamId}, {"role", a.role}};
      });
    });
  });

  auto* key = admin->add_subcommand("key", "API keys")->require_subcommand(1);
  auto* keyCreate = key->add_subcommand("create", "Create an API key for a user (shown once)");
  keyCreate->add_option("EMAIL", a.email, "The user's e-mail")->required();
  keyCreate->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.createKey(a.email), [&a](const service::CreatedKey& k) {
        return json{{"key", k.key},
                    {"prefix", k.prefix},
                    {"email", a.email},
                    {"note", "store this key now: it is not shown again"}};
      });
    });
  });
  auto* keyList = key->add_subcommand("list", "List a user's keys (prefixes only)");
  keyList->add_option("EMAIL", a.email, "The user's e-mail")->required();
  keyList->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.listKeys(a.email), [](const std::vector<storage::ApiKeyInfo>& keys) {
        json out = json::array();
        auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
        for (const auto& k : keys)
          out.push_back({{"id", k.id},
                         {"prefix", k.prefix},
                         {"created_at", k.createdAt},
                         {"last_used_at", opt(k.lastUsedAt)},
                         {"revoked_at", opt(k.revokedAt)}});
        return out;
      });
    });
  });
  auto* keyRevoke = key->add_subcommand("revoke", "Revoke keys by prefix");
  keyRevoke->add_option("KEY_PREFIX", a.prefix, "At least 8 leading characters of the key")
      ->required();
  keyRevoke->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.revokeKeys(a.prefix), [](int n) { return json{{"revoked", n}}; });
    });
  });

  auto* hmac = admin
                   ->add_subcommand("api-credentials",
                                    "Veracode-style HMAC API id/key pairs for the /was API")
                   ->require_subcommand(1);
  auto* hmacCreate =
      hmac->add_subcommand("create", "Create an id/key pair for a user (shown once)");
  hmacCreate->add_option("EMAIL", a.email, "The user's e-mail")->required();
  hmacCreate->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.createHmacCredential(a.email), [&a](const service::NewHmacCredential& c) {
        return json{{"api_id", c.apiId},
                    {"api_key", c.apiKey},
                    {"email", a.email},
                    {"note", "store the api_key now: it is not shown again"}};
      });
    });
  });
  auto* hmacList = hmac->add_subcommand("list", "List a user's API ids (never their keys)");
  hmacList->add_option("EMAIL", a.email, "The user's e-mail")->required();
  hmacList->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.listHmacCredentials(a.email),
                    [](const std::vector<storage::HmacCredential>& all) {
                      json out = json::array();
                      for (const auto& c : all)
                        out.push_back({{"api_id", c.apiId},
                                       {"created_at", c.createdAt},
                                       {"revoked_at", c.revokedAt ? json(*c.revokedAt) : json()}});
                      return out;
                    });
    });
  });
  auto* hmacRevoke = hmac->add_subcommand("revoke", "Revoke an API id");
  hmacRevoke->add_option("API_ID", a.prefix, "The api_id to revoke")->required();
  hmacRevoke->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.revokeHmacCredential(a.prefix), [&a](const auto&) {
        return json{{"revoked", a.prefix}};
      });
    });
  });

  auto* webhook = admin->add_subcommand("webhook", "Webhook secrets")->require_subcommand(1);
  auto* hookCreate = webhook->add_subcommand("create", "Create a webhook secret (shown once)");
  hookCreate->add_option("--team", a.teamId, "Team id")->required();
  hookCreate->add_option("--target", a.targetId, "Target (project) id")->required();
  hookCreate->callback([&, withDb] {
    action = withDb([&a](service::AdminService& s) {
      return report(s.createWebhook(a.teamId, a.targetId), [&a](const std::string& secret) {
        return json{{"secret", secret},
                    {"team_id", a.teamId},
                    {"target_id", a.targetId},
                    {"note", "store this secret now: it is not shown again"}};
      });
    });
  });
}

}  // namespace

int runCli(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  // A file-size limit must fail the write (SQLite answers "disk full"), not kill the server.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{
      "crashtest-compat: the Crashtest Security API, served locally with an embedded "
      "DAST scanner"};
  app.require_subcommand(1);
  ServeOptions serveOptions;
  bool serveChosen = false;
  AdminArgs adminArgs;
  std::function<int()> adminAction;
  addServe(app, serveOptions, serveChosen);
  addAdmin(app, adminArgs, adminAction);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serveChosen) return serve(serveOptions);
  if (adminAction) return adminAction();
  std::cerr << app.help();
  return 2;
}

}  // namespace ctc::app
