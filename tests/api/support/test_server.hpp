#pragma once
/// Test support: the real crashtest-compat binary as a child process on 127.0.0.1 (port 0),
/// with its own temp directory and SQLite file, plus a small libcurl client.
#include <sys/types.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ctc::test {

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< lower-case names
  nlohmann::json json() const;                 ///< parsed body, or discarded value
};

/// One HTTP request over loopback. headers are "Name: value" lines.
HttpResult httpRequest(const std::string& method, const std::string& url,
                       const std::string& body = {}, const std::vector<std::string>& headers = {});

/// A fresh temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TestServer {
 public:
  /// Starts the server on a fresh database in dir (extra args appended to `serve`).
  /// allowPrivateTargets=false starts it with the SSRF rule on (loopback targets refused).
  explicit TestServer(std::string dir, std::vector<std::string> extraArgs = {},
                      bool allowPrivateTargets = true);
  ~TestServer();

  void start();
  /// Sends sig and waits for the process to exit; returns its wait status.
  int stop(int sig = 15);
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string api() const { return base() + "/api/v1"; }
  const std::string& key() const { return key_; }
  int port() const { return port_; }
  std::string dbPath() const { return dir_ + "/data/crashtest.db"; }
  std::string log() const;
  pid_t pid() const { return pid_; }

  /// Runs `crashtest-compat admin --db <db> args...`; returns exit code and stdout.
  std::pair<int, std::string> admin(const std::vector<std::string>& args) const;

 private:
  std::string dir_;
  std::vector<std::string> extraArgs_;
  bool allowPrivateTargets_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string key_;
};

/// Runs a command (argv) and returns (exit code, stdout).
std::pair<int, std::string> runCommand(const std::vector<std::string>& argv);

/// The vulnerable fixture site (tests/fixture/vulnerable_site.py) on loopback.
class FixtureSite {
 public:
  FixtureSite();
  ~FixtureSite();
  /// URL of a site by name ("vuln", "clean", "tls_good", ...), and "ca_bundle".
  std::string operator[](const std::string& name) const;

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  nlohmann::json ready_;
};

/// Polls the scan's status (REST) until status_code > 101 or timeout; returns the last status.
nlohmann::json waitForScan(const TestServer& server, int64_t team, int64_t scan,
                           int timeoutSeconds = 60);

/// One scan of `url` by team 1's admin, start to report.
struct SiteScan {
  nlohmann::json status;  ///< the final status object
  nlohmann::json report;  ///< the JSON report (null unless the scan finished)
  double seconds = 0;     ///< from the start request to the final status
};

/// Every place a JSON report's findings were seen: each instance merged over its grouped
/// finding (check, title, severity, ... with the instance's url, method, parameter, evidence,
/// authenticated, operation), so checks against an answer key read one entry per place.
std::vector<nlohmann::json> findingInstances(const nlohmann::json& report);

/// Creates a project for url (with scan_settings and authentication unless null), starts a scan
/// and waits for it.
SiteScan scanSite(const TestServer& server, const std::string& title, const std::string& url,
                  const nlohmann::json& scanSettings = nullptr, int timeoutSeconds = 120,
                  const nlohmann::json& authentication = nullptr);

}  // namespace ctc::test
