// What an operator watches: /healthz, /readyz, /metrics (checked with the Prometheus client
// library's own parser), X-Request-Id in answers and logs, and a graceful SIGTERM.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/raw_client.hpp"
#include "support/test_server.hpp"

namespace ctc::test {
namespace {

using namespace std::chrono_literals;

/// The Debian python3 (the one python3-prometheus-client is installed for).
std::string debianPython() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/// Parses an exposition with prometheus_client.parser; returns "family type" and
/// "sample{labels} value" lines, or the parser's error (exit code != 0).
std::pair<int, std::string> parseExposition(const std::string& text) {
  TempDir dir;
  std::ofstream(dir.path() + "/metrics.txt") << text;
  std::ofstream(dir.path() + "/parse.py") << R"(import sys
from prometheus_client.parser import text_string_to_metric_families
for family in text_string_to_metric_families(open(sys.argv[1]).read()):
    print("family", family.name, family.type)
    for s in family.samples:
        labels = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
        print("sample", s.name + "{" + labels + "}", s.value)
)";
  return runCommand({debianPython(), dir.path() + "/parse.py", dir.path() + "/metrics.txt"});
}

bool prometheusClientPresent() {
  return runCommand({debianPython(), "-c", "import prometheus_client"}).first == 0;
}

/// The value of a sample line "sample name{labels} value", or -1 when absent.
double sampleValue(const std::string& parsed, const std::string& nameAndLabels) {
  std::istringstream lines(parsed);
  for (std::string line; std::getline(lines, line);) {
    std::string prefix = "sample " + nameAndLabels + " ";
    if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(prefix.size()));
  }
  return -1;
}

std::vector<std::string> withKey(const TestServer& s) {
  return {"API_KEY: " + s.key(), "Content-Type: application/json"};
}

TEST(Ops, HealthAndReadinessAnswerWithoutAKey) {
  TempDir dir;
  TestServer s(dir.path());
  auto healthz = httpRequest("GET", s.base() + "/healthz");
  EXPECT_EQ(healthz.status, 200);
  EXPECT_EQ(healthz.json()["data"]["status"], "ok");
  auto readyz = httpRequest("GET", s.base() + "/readyz");
  EXPECT_EQ(readyz.status, 200) << readyz.body;
  EXPECT_EQ(readyz.json()["data"]["status"], "ready");
  EXPECT_EQ(httpRequest("GET", s.base() + "/health").json()["data"]["status"], "ok");
}

TEST(Ops, ReadinessIs503WithTheReasonWhileTheDatabaseCannotBeWritten) {
  TempDir dir;
  TestServer s(dir.path());
  ASSERT_EQ(httpRequest("GET", s.base() + "/readyz").status, 200);
  // Another process holds the write lock for longer than the probe's 1 s busy timeout.
  std::string locked = dir.path() + "/locked";
  std::thread holder([&] {
    runCommand({debianPython(), "-c",
                "import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "c.execute('BEGIN IMMEDIATE')\n"
                "open(sys.argv[2], 'w').write('1')\n"
                "time.sleep(3)\n",
                s.dbPath(), locked});
  });
  for (int i = 0; i < 100 && !std::filesystem::exists(locked); ++i)
    std::this_thread::sleep_for(20ms);
  const auto asked = std::chrono::steady_clock::now();
  auto readyz = httpRequest("GET", s.base() + "/readyz");
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2500ms) << "the probe does not wait 5 s";
  EXPECT_EQ(readyz.status, 503) << readyz.body;
  EXPECT_NE(readyz.json()["message"].get<std::string>().find("database not writable"),
            std::string::npos)
      << readyz.body;
  EXPECT_EQ(httpRequest("GET", s.base() + "/healthz").status, 200) << "the process still answers";
  holder.join();
  EXPECT_EQ(httpRequest("GET", s.base() + "/readyz").status, 200);
  auto metrics = httpRequest("GET", s.base() + "/metrics").body;
  auto errors = metrics.find("\nctc_db_errors_total ");
  ASSERT_NE(errors, std::string::npos) << metrics;
  EXPECT_GE(std::stod(metrics.substr(errors + 21)), 1) << "the busy write is counted";
}

// Rate-limited answers are counted, and the token can come from the environment.
TEST(Ops, MetricsCountRateLimitedAnswersAndTakeTheTokenFromTheEnvironment) {
  TempDir dir;
  ::setenv("CTC_METRICS_TOKEN", "from-the-env", 1);
  TestServer s(dir.path(), {"--rate-limit", "1"});
  ::unsetenv("CTC_METRICS_TOKEN");
  int limited = 0;
  for (int i = 0; i < 5; ++i)
    limited += httpRequest("GET", s.api() + "/teams", "", withKey(s)).status == 429;
  ASSERT_GT(limited, 0) << "a burst over 1 request/s";
  EXPECT_EQ(httpRequest("GET", s.base() + "/metrics").status, 401);
  auto metrics =
      httpRequest("GET", s.base() + "/metrics", "", {"Authorization: Bearer from-the-env"});
  ASSERT_EQ(metrics.status, 200);
  auto line = metrics.body.find("\nctc_http_rate_limited_total ");
  ASSERT_NE(line, std::string::npos) << metrics.body;
  EXPECT_EQ(std::stod(metrics.body.substr(line + 29)), limited) << metrics.body;
}

TEST(Ops, MetricsParseAndCountRequestsScansAndNoTenantData) {
  if (!prometheusClientPresent())
    GTEST_SKIP() << "python3-prometheus-client is not installed (make deps installs it)";
  TempDir dir;
  TestServer s(dir.path());
  auto project = httpRequest(
      "POST", s.api() + "/teams/1/projects",
      nlohmann::json{{"title", "Tenant-Secret-Title"}, {"url", "http://127.0.0.1:9/tenant-path"}}
          .dump(),
      withKey(s));
  ASSERT_EQ(project.status, 201) << project.body;
  int64_t projectId = project.json()["data"]["id"];
  auto started =
      httpRequest("POST", s.api() + "/teams/1/projects/" + std::to_string(projectId) + "/scans", "",
                  withKey(s));
  ASSERT_EQ(started.status, 201) << started.body;
  int64_t scanId = started.json()["data"]["scanId"];
  // Nothing listens on port 9: the scan ends quickly.
  int code = 0;
  for (int i = 0; i < 300 && code < 200; ++i) {
    auto st = httpRequest("GET", s.api() + "/teams/1/scans/" + std::to_string(scanId) + "/status",
                          "", withKey(s));
    code = st.json()["data"]["status"]["status_code"].get<int>();
    if (code < 200) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(code == 200 || code == 400) << code;
  std::string outcome = code == 200 ? "finished" : "failed";
  EXPECT_EQ(httpRequest("GET", s.api() + "/teams", "", {"API_KEY: nope"}).status, 401);
  EXPECT_EQ(httpRequest("GET", s.base() + "/no/such/route").status, 404);

  // The worker reports the scan's duration just after it has stored the final status.
  HttpResult metrics;
  std::string parsed;
  for (int i = 0; i < 20; ++i) {
    metrics = httpRequest("GET", s.base() + "/metrics");
    ASSERT_EQ(metrics.status, 200);
    int rc = 0;
    std::tie(rc, parsed) = parseExposition(metrics.body);
    ASSERT_EQ(rc, 0) << metrics.body;
    if (sampleValue(parsed, "ctc_scan_duration_seconds_count{outcome=" + outcome + "}") == 1) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(metrics.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  for (const char* family :
       {"family ctc_http_requests counter", "family ctc_http_request_duration_seconds histogram",
        "family ctc_http_rate_limited counter", "family ctc_scans gauge",
        "family ctc_scan_queue_depth gauge", "family ctc_scan_duration_seconds histogram",
        "family ctc_scanner_requests counter", "family ctc_findings gauge",
        "family ctc_db_errors counter"})
    EXPECT_NE(parsed.find(family), std::string::npos) << family << "\n" << parsed;
  EXPECT_EQ(sampleValue(parsed,
                        "ctc_http_requests_total{method=POST,route=/teams/:teamId/"
                        "{projects|targets},status=201}"),
            1)
      << parsed;
  EXPECT_EQ(sampleValue(parsed, "ctc_http_requests_total{method=GET,route=/teams,status=401}"), 1);
  EXPECT_EQ(sampleValue(parsed, "ctc_http_requests_total{method=GET,route=none,status=404}"), 1);
  EXPECT_EQ(sampleValue(parsed, "ctc_scans{state=" + outcome + "}"), 1) << parsed;
  EXPECT_EQ(sampleValue(parsed, "ctc_scans{state=running}"), 0);
  EXPECT_EQ(sampleValue(parsed, "ctc_scan_queue_depth{}"), 0);
  EXPECT_EQ(sampleValue(parsed, "ctc_scan_duration_seconds_count{outcome=" + outcome + "}"), 1);
  EXPECT_EQ(sampleValue(parsed, "ctc_findings{severity=high}"), 0);
  EXPECT_GE(sampleValue(parsed, "ctc_scanner_requests_total{}"), 1) << "the scan's first request";
  EXPECT_EQ(sampleValue(parsed, "ctc_db_errors_total{}"), 0);
  for (const std::string& secret :
       {s.key(), std::string("Tenant-Secret-Title"), std::string("tenant-path"),
        std::string("Default"), std::string("127.0.0.1:9")})
    EXPECT_EQ(metrics.body.find(secret), std::string::npos) << secret << " in /metrics";
}

TEST(Ops, MetricsTokenRequiresTheBearerHeader) {
  TempDir dir;
  TestServer s(dir.path(), {"--metrics-token", "scrape-me-7"});
  auto none = httpRequest("GET", s.base() + "/metrics");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers["www-authenticate"].rfind("Bearer", 0), 0u);
  EXPECT_EQ(
      httpRequest("GET", s.base() + "/metrics", "", {"Authorization: Bearer scrape-me-8"}).status,
      401);
  EXPECT_EQ(httpRequest("GET", s.base() + "/metrics", "", {"API_KEY: " + s.key()}).status, 401)
      << "an API key is not the metrics token";
  auto ok = httpRequest("GET", s.base() + "/metrics", "", {"Authorization: Bearer scrape-me-7"});
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("# TYPE ctc_http_requests_total counter"), std::string::npos);
  EXPECT_EQ(httpRequest("GET", s.base() + "/healthz").status, 200);
}

TEST(Ops, RequestIdIsTheClientsWhenSaneAndTheJsonLogLineCarriesIt) {
  TempDir dir;
  TestServer s(dir.path(), {"--log-format", "json"});
  auto echoed = httpRequest("GET", s.api() + "/teams", "",
                            {"API_KEY: " + s.key(), "X-Request-Id: ci-run-42/step 3"});
  EXPECT_EQ(echoed.headers["x-request-id"], "ci-run-42/step 3");
  auto isGenerated = [](const std::string& id) {
    return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  EXPECT_TRUE(isGenerated(httpRequest("GET", s.base() + "/health").headers["x-request-id"]));
  EXPECT_TRUE(isGenerated(
      httpRequest("GET", s.base() + "/health", "", {"X-Request-Id: " + std::string(129, 'a')})
          .headers["x-request-id"]))
      << "over 128 characters";
  EXPECT_TRUE(
      isGenerated(httpRequest("GET", s.base() + "/health", "", {"X-Request-Id: caf\xc3\xa9"})
                      .headers["x-request-id"]))
      << "not printable ASCII";
  {
    // A request refused while its head was read keeps the id it sent before the refusal.
    RawConnection refused(s.port());
    refused.send(
        "POST /api/v1/teams HTTP/1.1\r\nX-Request-Id: refused-7\r\n"
        "Content-Length: 12abc\r\n\r\n");
    auto answers = refused.read(1);
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].status, 400);
    EXPECT_EQ(answers[0].headers["x-request-id"], "refused-7");
  }

  std::this_thread::sleep_for(200ms);  // the log is written by the server process
  nlohmann::json line;
  std::istringstream log(s.log());
  for (std::string text; std::getline(log, text);)
    if (text.find("ci-run-42") != std::string::npos)
      line = nlohmann::json::parse(text, nullptr, false);
  ASSERT_TRUE(line.is_object()) << s.log();
  EXPECT_EQ(line["request_id"], "ci-run-42/step 3");
  EXPECT_EQ(line["method"], "GET");
  EXPECT_EQ(line["route"], "/teams");
  EXPECT_EQ(line["status"], 200);
  EXPECT_TRUE(line["duration_ms"].is_number());
  std::istringstream again(s.log());
  for (std::string text; std::getline(again, text);)
    if (text.find("request_id") != std::string::npos)
      EXPECT_EQ(text.find(s.key()), std::string::npos) << "an access log line has the key";
}

TEST(Ops, SigtermFinishesTheRequestInFlightClosesIdleConnectionsAndExits) {
  TempDir dir;
  TestServer s(dir.path());
  RawConnection idle(s.port());
  idle.send("GET /health HTTP/1.1\r\n\r\n");
  ASSERT_EQ(idle.read(1).size(), 1u);

  std::string body = R"({"title":"in flight at SIGTERM","url":"http://127.0.0.1:9/"})";
  std::string request =
      "POST /api/v1/teams/1/projects HTTP/1.1\r\nAPI_KEY: " + s.key() +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  RawConnection busy(s.port());
  busy.send(request.substr(0, request.size() - 10));  // the body is still arriving
  std::this_thread::sleep_for(100ms);
  ::kill(s.pid(), SIGTERM);
  EXPECT_TRUE(idle.readToEof(3s)) << "idle keep-alive connections are closed at once";
  std::this_thread::sleep_for(200ms);
  // No new connections while the drain runs: the listening socket is closed.
  int late = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(s.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  errno = 0;
  EXPECT_NE(::connect(late, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(errno, ECONNREFUSED);
  ::close(late);
  busy.send(request.substr(request.size() - 10));
  auto answers = busy.read(1);
  ASSERT_EQ(answers.size(), 1u) << "the request in flight is answered, not cut off";
  EXPECT_EQ(answers[0].status, 201) << answers[0].body;
  EXPECT_EQ(answers[0].headers["connection"], "Close");
  int status = s.stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << s.log();
}

// The drain is bounded: a request whose body never ends does not hold the stop beyond the grace.
TEST(Ops, SigtermStopsWithinTheGraceEvenWhenARequestNeverEnds) {
  TempDir dir;
  TestServer s(dir.path(), {"--shutdown-grace", "2"});
  RawConnection stuck(s.port());
  stuck.send("POST /api/v1/teams/1/projects HTTP/1.1\r\nAPI_KEY: " + s.key() +
             "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ti");
  std::this_thread::sleep_for(100ms);
  const auto sent = std::chrono::steady_clock::now();
  int status = s.stop(SIGTERM);
  const auto took = std::chrono::steady_clock::now() - sent;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << s.log();
  EXPECT_GE(took, 1900ms) << "the request in flight was given the grace";
  EXPECT_LT(took, 6s) << "and no more than that (plus the workers' stop)";
  EXPECT_TRUE(stuck.readToEof(1s)) << "its connection is closed";
}

}  // namespace
}  // namespace ctc::test
