#pragma once
/// Test data for the report writer tests: ScanReports built from the real check catalogue.
#include <algorithm>
#include <string>
#include <vector>

#include "ctc/domain/report.hpp"
#include "ctc/scanner/check_catalog.hpp"

namespace ctc::report::testing {

/// A finished scan (id 42) of "Shop" with every catalogue check in checksRun and no findings.
inline ScanReport emptyReport() {
  ScanReport report;
  report.scan.id = 42;
  report.scan.targetId = 7;
  report.scan.teamId = 3;
  report.scan.status = ScanStatus::Finished;
  report.scan.progress = 100;
  report.scan.createdAt = "2024-05-01T11:59:58Z";
  report.scan.startedAt = "2024-05-01T12:00:00Z";
  report.scan.finishedAt = "2024-05-01T12:03:20Z";
  report.scan.requestsSent = 321;
  report.scan.pagesCrawled = 17;
  report.target.id = 7;
  report.target.teamId = 3;
  report.target.title = "Shop";
  report.target.url = "https://shop.example.com/";
  report.target.type = TargetType::WebApp;
  report.target.credentialsJson = R"({"username":"admin","password":"hunter2-secret"})";
  report.teamName = "Blue Team";
  report.generatedAt = "2024-05-01T12:05:00Z";
  for (const scanner::CheckInfo& check : scanner::checkCatalog())
    report.checksRun.push_back(
        CheckRun{std::string(check.id), std::string(check.family), std::string(check.title)});
  return report;
}

inline void sortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.url < b.url;
  });
}

/// emptyReport() plus four findings in three families: exposure.env_file (high, CVSS 7.5),
/// headers.csp_missing (medium), cookies.no_httponly twice (low, parameters "session" and
/// "cart"). So headers has 1 failure, cookies 2, exposure 1; every other check passes.
inline ScanReport sampleReport() {
  ScanReport report = emptyReport();
  Finding env = scanner::makeFinding("exposure.env_file", "https://shop.example.com/.env");
  env.id = 101;
  env.scanId = 42;
  env.cvss = 7.5;
  env.evidenceRequest = "GET https://shop.example.com/.env";
  env.evidenceResponse = "HTTP/1.1 200 OK\nDB_PASSWORD=s3cr3t\nAPP_KEY=base64:abc";
  Finding csp = scanner::makeFinding("headers.csp_missing", "https://shop.example.com/");
  csp.id = 102;
  csp.scanId = 42;
  csp.evidenceRequest = "GET https://shop.example.com/";
  csp.evidenceResponse = "HTTP/1.1 200 OK (no Content-Security-Policy header)";
  Finding session =
      scanner::makeFinding("cookies.no_httponly", "https://shop.example.com/login", "session");
  session.id = 103;
  session.scanId = 42;
  session.evidenceRequest = "POST https://shop.example.com/login";
  session.evidenceResponse = "Set-Cookie: session=abc123; Path=/; Secure";
  session.method = "POST";
  Finding cart = scanner::makeFinding("cookies.no_httponly", "https://shop.example.com/", "cart");
  cart.id = 104;
  cart.scanId = 42;
  cart.evidenceRequest = "GET https://shop.example.com/";
  cart.evidenceResponse = "Set-Cookie: cart=1; Path=/";
  report.findings = {env, csp, session, cart};
  sortFindings(report.findings);
  return report;
}

/// A URL of exactly `length` bytes made of "/segment-N" parts, ending in `tail`.
inline std::string longUrl(std::size_t length, const std::string& tail) {
  std::string url = "https://shop.example.com";
  for (int i = 0; url.size() + tail.size() < length; ++i) url += "/segment-" + std::to_string(i);
  url.resize(length - tail.size());
  return url + tail;
}

/// emptyReport() with `count` findings cycling through the catalogue, at distinct URLs.
inline ScanReport manyFindingsReport(int count) {
  ScanReport report = emptyReport();
  const auto catalog = scanner::checkCatalog();
  for (int i = 0; i < count; ++i) {
    const scanner::CheckInfo& check = catalog[static_cast<std::size_t>(i) % catalog.size()];
    Finding f = scanner::makeFinding(check, "https://shop.example.com/page/" + std::to_string(i));
    f.id = 1000 + i;
    f.scanId = 42;
    f.title = std::string(check.title) + " #" + std::to_string(i);
    f.evidenceRequest = "GET " + f.url;
    f.evidenceResponse = "HTTP/1.1 200 OK\nServer: nginx/1.18.0\nX-Powered-By: PHP/7.4.3";
    report.findings.push_back(std::move(f));
  }
  sortFindings(report.findings);
  return report;
}

}  // namespace ctc::report::testing
