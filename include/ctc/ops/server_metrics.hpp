#pragma once
/// The server's metric families and what feeds them: answered requests (route template, method,
/// status, duration), finished scans (outcome, duration, requests sent), and at scrape time the
/// database (scans by state, queue depth, findings by severity, SQLite errors). Labels carry
/// no tenant data: no key, team, target or URL. Thread-safe.
#include <chrono>
#include <string>

#include "ctc/http/http_server.hpp"
#include "ctc/ops/metrics.hpp"
#include "ctc/scanner/scan_engine.hpp"
#include "ctc/storage/database.hpp"

namespace ctc::ops {

class ServerMetrics {
 public:
  explicit ServerMetrics(storage::Database& db);

  void requestAnswered(const http::RequestRecord& record);
  void scanEnded(const scanner::ScanOutcome& outcome, std::chrono::duration<double> took);
  /// The exposition; reads the database for the scrape-time gauges.
  std::string render() { return registry_.render(); }

 private:
  storage::Database& db_;
  MetricsRegistry registry_;
  CounterFamily& requests_;
  HistogramFamily& requestSeconds_;
  CounterFamily& rateLimited_;
  GaugeFamily& scans_;
  GaugeFamily& queueDepth_;
  HistogramFamily& scanSeconds_;
  CounterFamily& scannerRequests_;
  GaugeFamily& findings_;
  CounterFamily& dbErrors_;
  uint64_t dbErrorsSeen_ = 0;  ///< guarded by the registry's one-scrape-at-a-time rule
};

/// The method as a label: the standard ones as sent, anything else "other" (a client must not
/// be able to mint label values).
std::string methodLabel(const std::string& method);

}  // namespace ctc::ops
