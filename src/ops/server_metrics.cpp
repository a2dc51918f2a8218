#include "ctc/ops/server_metrics.hpp"

#include <spdlog/spdlog.h>

#include "ctc/storage/tally_repository.hpp"

namespace ctc::ops {
namespace {

const std::vector<double> kRequestBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,     10};
const std::vector<double> kScanBuckets = {1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600};

}  // namespace

std::string methodLabel(const std::string& method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    if (method == known) return method;
  return method.empty() ? "none" : "other";
}

ServerMetrics::ServerMetrics(storage::Database& db)
    : db_(db),
      requests_(registry_.counter("ctc_http_requests_total",
                                  "HTTP requests answered, by route template, method and status",
                                  {"route", "method", "status"})),
      requestSeconds_(registry_.histogram("ctc_http_request_duration_seconds",
                                          "Time to answer an HTTP request, by route template",
                                          {"route"}, kRequestBuckets)),
      rateLimited_(registry_.counter("ctc_http_rate_limited_total",
                                     "Requests answered 429 by the per-key or webhook rate limit")),
      scans_(registry_.gauge("ctc_scans", "Scans in the database, by state", {"state"})),
      queueDepth_(registry_.gauge("ctc_scan_queue_depth", "Scans queued and not yet running")),
      scanSeconds_(registry_.histogram("ctc_scan_duration_seconds",
                                       "Wall time of scans this process ran, by outcome",
                                       {"outcome"}, kScanBuckets)),
      scannerRequests_(registry_.counter("ctc_scanner_requests_total",
                                         "HTTP requests the scanner sent to targets")),
      findings_(
          registry_.gauge("ctc_findings", "Findings in the database, by severity", {"severity"})),
      dbErrors_(registry_.counter("ctc_db_errors_total",
                                  "Database reads and writes that failed with a SQLite error")) {
  registry_.onScrape([this] {
    auto tallies = db_.read(
        [](storage::Connection& c)
            -> Result<std::pair<std::map<ScanStatus, int64_t>, std::map<std::string, int64_t>>> {
          return std::make_pair(storage::countScansByStatus(c),
                                storage::countFindingsBySeverity(c));
        });
    if (tallies) {
      for (const auto& [status, count] : tallies->first)
        scans_.set({std::string(toString(status))}, static_cast<double>(count));
      queueDepth_.set({}, static_cast<double>(tallies->first.at(ScanStatus::Queued)));
      for (const auto& [severity, count] : tallies->second)
        findings_.set({severity}, static_cast<double>(count));
    } else {
      spdlog::warn("metrics: cannot count scans and findings: {}", tallies.error().message);
    }
    auto errors = db_.errors();
    dbErrors_.inc({}, static_cast<double>(errors - dbErrorsSeen_));
    dbErrorsSeen_ = errors;
  });
}

void ServerMetrics::requestAnswered(const http::RequestRecord& record) {
  std::string route = record.route.empty() ? "none" : record.route;
  requests_.inc({route, methodLabel(record.method), std::to_string(record.status)});
  requestSeconds_.observe({route}, record.duration.count());
  if (record.status == 429) rateLimited_.inc({});
}

void ServerMetrics::scanEnded(const scanner::ScanOutcome& outcome,
                              std::chrono::duration<double> took) {
  scanSeconds_.observe({std::string(toString(outcome.status))}, took.count());
  scannerRequests_.inc({}, static_cast<double>(outcome.requests));
}

}  // namespace ctc::ops
