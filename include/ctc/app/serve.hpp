#pragma once
/// `crashtest-compat serve`: wires storage, services, scan workers and the HTTP server.
#include <string>

#include "ctc/http/http_server.hpp"

namespace ctc::app {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string dbPath = "./data/crashtest.db";
  int httpThreads = 2;
  int scanWorkers = 2;
  bool allowPrivateTargets = false;
  std::string logFormat = "text";
  std::string logLevel = "info";
  std::string fontDir = CTC_FONT_DIR;
  std::string caBundle;
  std::string pepperFile;      ///< empty: pepper.key beside the database
  std::string secretsKeyFile;  ///< empty: secrets.key beside the database
  std::string portFile;        ///< if set, the bound port is written here once listening
  double rateLimit = 50;       ///< requests per second per API key / webhook secret (0 = off)
  int maxRunningScansPerTeam = 2;
  int maxPages = 200;
  double scanRate = 20;     ///< requests per second per scan (0 = unlimited); per target too
  int hostConcurrency = 4;  ///< requests in flight per scan (one host)
  int scanTimeoutSeconds = 600;
  /// Where the out-of-band callback listener (blind SSRF, XXE, command injection) listens:
  /// HOST:PORT, port 0 = any free; "off" disables the blind checks.
  std::string oastListen = "127.0.0.1:0";
  /// The URL targets are told to call back (a public name for the listener); empty =
  /// http://HOST:PORT of the listener itself.
  std::string oastUrl;
  int cacheTtlMs = 1000;  ///< how long keys, roles and scan rows read from SQLite are reused
  double headerTimeoutSeconds = 10;     ///< a request's first byte to its blank line
  double bodyTimeoutSeconds = 30;       ///< its blank line to the body's last byte
  double keepaliveTimeoutSeconds = 30;  ///< idle between requests
  double shutdownGraceSeconds = 10;     ///< SIGTERM: how long requests in flight may finish
  std::string metricsToken;             ///< empty: /metrics open; else Authorization: Bearer
};

/// Runs until SIGINT/SIGTERM. Returns the exit code.
int serve(const ServeOptions& options);

/// Sets up spdlog on stderr as "text" or "json" lines.
void configureLogging(const std::string& format, const std::string& level);
/// The access log: one info line per answered request with its request id, method, route
/// template, status and duration (in JSON as fields of the line).
void logRequest(const http::RequestRecord& record);

}  // namespace ctc::app
