// Two scans of a site that changes in between: findings grouped with their places, curl commands
// that reproduce the evidence, new / unchanged / fixed, SARIF and the JUnit gate.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "support/test_server.hpp"

namespace ctc::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

/// A three-page site: state 1 reflects ?q= on /search unescaped (XSS); state 2 escapes it and
/// sets a session cookie without flags on /account; state "slow" escapes it and answers /search
/// after 0.2 s. No security headers in any.
constexpr const char* kChangingSite = R"(import html, http.server, sys, time, urllib.parse
state, port_file = sys.argv[1], sys.argv[2]
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        mode = open(state).read().strip()
        url = urllib.parse.urlparse(self.path)
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if url.path == "/":
            body = '<html><body><a href="/search?q=shoes">Search</a> <a href="/account">Account</a></body></html>'
        elif url.path == "/search":
            if mode == "slow":
                time.sleep(0.2)
            term = urllib.parse.parse_qs(url.query).get("q", [""])[0]
            shown = term if mode == "1" else html.escape(term)
            body = "<html><body><p>Results for " + shown + "</p></body></html>"
        elif url.path == "/account":
            body = "<html><body><p>Your account</p></body></html>"
            if mode == "2":
                headers.append(("Set-Cookie", "sessionid=8f2a1c; Path=/"))
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
open(port_file + ".tmp", "w").write(str(server.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
)";

class ReportDiff : public ::testing::Test {
 protected:
  void SetUp() override {
    site_dir_ = dir_.path() + "/site";  // the server's own files (port, data) are in dir_
    std::filesystem::create_directories(site_dir_);
    std::ofstream(site_dir_ + "/site.py") << kChangingSite;
    setState("1");
    site_ = fork();
    if (site_ == 0) {
      execlp("python3", "python3", (site_dir_ + "/site.py").c_str(), (site_dir_ + "/state").c_str(),
             (site_dir_ + "/port").c_str(), nullptr);
      _exit(127);
    }
    for (int i = 0; i < 100 && !std::filesystem::exists(site_dir_ + "/port"); ++i)
      std::this_thread::sleep_for(50ms);
    std::ifstream(site_dir_ + "/port") >> sitePort_;
    ASSERT_GT(sitePort_, 0);
  }
  void TearDown() override {
    if (site_ > 0) kill(site_, SIGTERM), waitpid(site_, nullptr, 0);
  }
  void setState(const std::string& state) { std::ofstream(site_dir_ + "/state") << state; }
  std::vector<std::string> auth() const { return {"API_KEY: " + server_.key()}; }

  int64_t createProject() {
    auto created = httpRequest("POST", server_.api() + "/teams/1/projects",
                               json{{"title", "changing"},
                                    {"url", "http://127.0.0.1:" + std::to_string(sitePort_) + "/"},
                                    {"scan_settings", {{"requests_per_second", 500}}}}
                                   .dump(),
                               {auth()[0], "Content-Type: application/json"});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json()["data"]["id"];
  }
  int64_t scan(int64_t project) {
    auto started = httpRequest(
        "POST", server_.api() + "/teams/1/projects/" + std::to_string(project) + "/scans", "",
        auth());
    int64_t id = started.json()["data"]["scanId"];
    auto status = waitForScan(server_, 1, id, 120);
    EXPECT_EQ(status["status_code"], 200) << status.dump();
    return id;
  }
  HttpResult report(int64_t scan, const std::string& format, const std::string& query = "") {
    return httpRequest(
        "GET",
        server_.api() + "/teams/1/scans/" + std::to_string(scan) + "/report/" + format + query, "",
        auth());
  }
  static const json* findingOf(const json& report, const std::string& checkPrefix) {
    for (const auto& f : report["findings"])
      if (f["check"].get<std::string>().rfind(checkPrefix, 0) == 0) return &f;
    return nullptr;
  }
  static std::string run(const std::string& command) {
    std::string output;
    if (FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r")) {
      char buffer[4096];
      for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        output.append(buffer, n);
      pclose(pipe);
    }
    return output;
  }

  TempDir dir_;
  TestServer server_{dir_.path()};
  std::string site_dir_;
  pid_t site_ = -1;
  int sitePort_ = 0;
};

TEST_F(ReportDiff, GroupedReproducibleAndComparedScanToScan) {
  int64_t project = createProject();
  int64_t first = scan(project);
  // The worker renders the PDF and HTML when the scan ends; downloads serve the stored ones.
  std::string stored;
  for (int i = 0; i < 100 && stored != "html,pdf\n"; ++i) {
    stored = runCommand({"sqlite3", server_.dbPath(),
                         "SELECT group_concat(format) FROM (SELECT format FROM report_artifacts "
                         "WHERE scan_id = " +
                             std::to_string(first) + " ORDER BY format)"})
                 .second;
    if (stored != "html,pdf\n") std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(stored, "html,pdf\n");
  auto pdf = report(first, "pdf");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body, report(first, "pdf").body) << "the stored PDF, not a new rendering";
  auto html = report(first, "html");
  EXPECT_EQ(html.status, 200);
  EXPECT_EQ(html.headers["content-security-policy"],
            "default-src 'none'; style-src 'unsafe-inline'");
  EXPECT_NE(html.body.find("Overall risk"), std::string::npos);
  json one = report(first, "json").json();
  EXPECT_TRUE(one["compared_with"].is_null());
  EXPECT_TRUE(one["fixed"].empty());

  // Missing headers: one finding for the site, with every page it was missing on.
  const json* csp = findingOf(one, "headers.csp");
  ASSERT_NE(csp, nullptr) << one.dump(1);
  EXPECT_GE((*csp)["instances"].size(), 3u) << csp->dump(1);
  EXPECT_EQ((*csp)["url"], (*csp)["instances"][0]["url"]);
  EXPECT_TRUE((*csp)["change"].is_null());
  int places = 0;
  for (const auto& f : one["findings"]) places += static_cast<int>(f["instances"].size());
  EXPECT_EQ(one["summary"]["instances"], places);
  EXPECT_EQ(one["summary"]["total"], one["findings"].size());

  // The XSS instance's curl, run by a shell, shows the evidence.
  const json* xss = findingOf(one, "xss.reflected");
  ASSERT_NE(xss, nullptr) << one.dump(1);
  EXPECT_EQ((*xss)["parameter"], "q");
  const json& instance = (*xss)["instances"][0];
  ASSERT_TRUE(instance["evidence"]["curl"].is_string()) << instance.dump();
  std::string output = run(instance["evidence"]["curl"].get<std::string>());
  std::string evidence = instance["evidence"]["response"].get<std::string>();
  auto raw = evidence.find("in the answer: ");
  ASSERT_NE(raw, std::string::npos) << evidence;
  std::string excerpt = evidence.substr(raw + 15);
  ASSERT_FALSE(excerpt.empty());
  EXPECT_NE(output.find(excerpt), std::string::npos) << instance["evidence"]["curl"] << "\n"
                                                     << output;

  // A missing-header finding reproduces too: its curl shows the headers its evidence lists,
  // and still no Content-Security-Policy.
  const json& page = (*csp)["instances"][0];
  ASSERT_TRUE(page["evidence"]["curl"].is_string()) << page.dump();
  std::string shown = run(page["evidence"]["curl"].get<std::string>());
  EXPECT_NE(page["evidence"]["response"].get<std::string>().find("Content-Type: text/html"),
            std::string::npos)
      << page.dump();
  EXPECT_NE(shown.find("Content-Type: text/html"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("Content-Security-Policy"), std::string::npos) << shown;

  setState("2");  // XSS fixed, a session cookie without flags appears
  int64_t second = scan(project);
  json two = report(second, "json").json();
  EXPECT_EQ(two["compared_with"], first);
  const json* cspAgain = findingOf(two, "headers.csp");
  ASSERT_NE(cspAgain, nullptr);
  EXPECT_EQ((*cspAgain)["change"], "unchanged");
  const json* cookie = findingOf(two, "cookies.");
  ASSERT_NE(cookie, nullptr) << two.dump(1);
  EXPECT_EQ((*cookie)["change"], "new");
  EXPECT_EQ(findingOf(two, "xss.reflected"), nullptr);
  bool xssFixed = false;
  for (const auto& f : two["fixed"]) xssFixed = xssFixed || f["check"] == "xss.reflected";
  EXPECT_TRUE(xssFixed) << two["fixed"].dump(1);
  EXPECT_EQ(two["summary"]["fixed"], two["fixed"].size());

  // The same comparison in the XML report, valid against its schema.
  auto xml = report(second, "xml");
  ASSERT_EQ(xml.status, 200);
  EXPECT_NE(xml.body.find("<compared_with>" + std::to_string(first) + "</compared_with>"),
            std::string::npos);
  EXPECT_NE(xml.body.find("<change>new</change>"), std::string::npos);

  // SARIF: the new cookie finding is "new", the header one "unchanged", same fingerprint as
  // in the first scan's SARIF.
  auto sarifOne = json::parse(report(first, "sarif").body);
  auto sarif = report(second, "sarif");
  ASSERT_EQ(sarif.status, 200);
  EXPECT_EQ(sarif.headers["content-type"], "application/sarif+json");
  auto sarifTwo = json::parse(sarif.body);
  auto fingerprintOf = [](const json& log, const std::string& prefix) {
    for (const auto& r : log["runs"][0]["results"])
      if (r["ruleId"].get<std::string>().rfind(prefix, 0) == 0) return r["partialFingerprints"];
    return json();
  };
  EXPECT_EQ(fingerprintOf(sarifOne, "headers.csp"), fingerprintOf(sarifTwo, "headers.csp"));
  for (const auto& r : sarifTwo["runs"][0]["results"])
    if (r["ruleId"].get<std::string>().rfind("cookies.", 0) == 0)
      EXPECT_EQ(r["baselineState"], "new");

  // The JUnit gate: only new findings at or above the threshold fail.
  auto failures = [&](const std::string& query) {
    auto junit = report(second, "junit", query);
    EXPECT_EQ(junit.status, 200) << junit.body;
    auto at = junit.body.find("failures=\"");
    return std::stoi(junit.body.substr(at + 10));
  };
  int newLowOrAbove = 0, lowOrAbove = 0;
  for (const auto& f : two["findings"]) {
    bool low = f["severity"] != "info";
    lowOrAbove += low;
    newLowOrAbove += low && f["change"] == "new";
  }
  EXPECT_EQ(failures("?fail_on=critical"), 0);
  EXPECT_EQ(failures("?fail_on=low"), lowOrAbove);
  EXPECT_EQ(failures("?fail_on=low&new_only=true"), newLowOrAbove);
  EXPECT_GT(lowOrAbove, newLowOrAbove) << "unchanged findings exist and pass with new_only";
  EXPECT_EQ(report(second, "junit", "?fail_on=severe").status, 400);
  EXPECT_EQ(report(second, "junit", "?new_only=true").status, 400);
}

// JUnit times are what each check's requests took: on a site whose only parameter answers after
// 0.2 s, every check that attacked it took at least 0.2 s per request it sent there.
TEST_F(ReportDiff, JunitTimesAreWhatTheChecksTook) {
  setState("slow");
  int64_t scanned = scan(createProject());
  std::map<std::string, std::pair<double, int64_t>> rows;  // key -> seconds, requests
  std::istringstream table(runCommand({"sqlite3", "-separator", " ", server_.dbPath(),
                                       "SELECT check_key, seconds, requests FROM check_times "
                                       "WHERE scan_id = " +
                                           std::to_string(scanned)})
                               .second);
  for (std::string key; table >> key;) table >> rows[key].first >> rows[key].second;
  int64_t charged = 0;
  for (const auto& [key, row] : rows) charged += row.second;
  int64_t sent = std::stoll(
      runCommand({"sqlite3", server_.dbPath(),
                  "SELECT requests_sent FROM scans WHERE id = " + std::to_string(scanned)})
          .second);
  std::string listed;
  for (const auto& [key, row] : rows)
    listed += key + " " + std::to_string(row.first) + " s " + std::to_string(row.second) + "\n";
  SCOPED_TRACE(listed);
  EXPECT_GT(charged, 0);
  EXPECT_LT(charged, sent) << "the crawl's requests are nobody's check";
  for (const std::string id : {"sqli.error", "sqli.time", "xss.reflected", "injection.command"}) {
    ASSERT_TRUE(rows.count(id)) << id;
    EXPECT_GE(rows[id].first, 0.2) << id << " sent " << rows[id].second << " requests";
  }

  auto junit = report(scanned, "junit");
  ASSERT_EQ(junit.status, 200);
  auto timeOf = [&](const std::string& testcase) {
    const std::string open = "<testcase name=\"" + testcase + "\"";
    auto at = junit.body.find(open);
    if (at == std::string::npos) return std::string("missing");
    at = junit.body.find("time=\"", at) + 6;
    return junit.body.substr(at, junit.body.find('"', at) - at);
  };
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.3f", rows["sqli.error"].first);
  EXPECT_EQ(timeOf("sqli.error"), expected);
  EXPECT_GE(std::stod(timeOf("xss.reflected")), 0.2);
  EXPECT_EQ(timeOf("api.bola"), "0.000") << "no API description: the check never ran";

  // Time a family shared (the TLS probes serve its four checks) is divided among them.
  ASSERT_EQ(runCommand(
                {"sqlite3", server_.dbPath(),
                 "INSERT INTO check_times VALUES (" + std::to_string(scanned) + ", 'tls', 3.0, 2)"})
                .first,
            0);
  junit = report(scanned, "junit");
  for (const std::string id :
       {"tls.self_signed", "tls.untrusted_chain", "tls.expired", "tls.hostname_mismatch"})
    EXPECT_EQ(timeOf(id), "0.750") << id;
}

}  // namespace
}  // namespace ctc::test
