// Scan lifecycle over REST: idempotent start (also under 50 concurrent starts), status,
// progress, stop within 2 s, reports in every format and alias.
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "support/api_fixture.hpp"
#include "support/slow_site.hpp"

namespace ctc::test {
namespace {

class ScansTest : public ApiFixture {};

std::string scanPath(int64_t scan) {
  return "/teams/1/scans/" + std::to_string(scan);
}

TEST_F(ScansTest, StartIsIdempotentWhileActiveAndStatusHasContractShape) {
  SlowSite slow(/*delayMs=*/5000, /*pages=*/1);
  int64_t project = createProject(slow.url());
  std::string path = "/teams/1/projects/" + std::to_string(project) + "/scans";
  auto first = post(path);
  ASSERT_EQ(first.status, 201) << first.body;
  int64_t id = first.json()["data"]["scanId"];
  EXPECT_TRUE(first.json()["data"]["scanId"].is_number_integer());
  auto second = post(path);
  EXPECT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["data"]["scanId"], id);

  auto status = get(scanPath(id) + "/status").json()["data"]["status"];
  for (const char* field :
       {"status_code", "status", "progress", "started_at", "finished_at", "message"})
    EXPECT_TRUE(status.contains(field)) << field;
  EXPECT_LE(status["status_code"].get<int>(), 101);
  auto nested = get("/teams/1/projects/" + std::to_string(project) + "/scans/" +
                    std::to_string(id) + "/status");
  EXPECT_EQ(nested.status, 200);
  EXPECT_EQ(get(path).json()["data"][0]["id"], id);  // newest first

  // Report of an unfinished scan: 409 with a message.
  auto early = get(scanPath(id) + "/report/junit");
  EXPECT_EQ(early.status, 409);
  EXPECT_FALSE(early.json()["message"].get<std::string>().empty());

  // Wait until the worker is inside the slow request, then stop: final within 2 s.
  for (int i = 0;
       i < 50 && get(scanPath(id) + "/status").json()["data"]["status"]["status_code"] != 101; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto t0 = std::chrono::steady_clock::now();
  auto stopped = post(scanPath(id) + "/stop");
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_EQ(stopped.json()["data"]["status"]["status_code"], 300);
  auto final = waitForScan(server(), 1, id, 5);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  EXPECT_EQ(final["status_code"], 300);
  EXPECT_EQ(post(scanPath(id) + "/stop").status, 200);  // stopping twice is fine
  EXPECT_EQ(del(scanPath(id)).status, 200);             // DELETE alias too
  // The worker must not overwrite the stop with a later result.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(get(scanPath(id) + "/status").json()["data"]["status"]["status_code"], 300);
  // A new start after a final state makes a new scan.
  auto third = post(path);
  EXPECT_EQ(third.status, 201);
  EXPECT_NE(third.json()["data"]["scanId"], id);
  post(scanPath(third.json()["data"]["scanId"]) + "/stop");
}

TEST_F(ScansTest, FiftyConcurrentStartsYieldOneScan) {
  SlowSite slow(5000, 1);
  int64_t project = createProject(slow.url());
  std::string url = api() + "/teams/1/projects/" + std::to_string(project) + "/scans";
  std::vector<std::future<HttpResult>> calls;
  for (int i = 0; i < 50; ++i)
    calls.push_back(std::async(std::launch::async, [&] {
      return httpRequest("POST", url, "", {"API_KEY: " + adminKey()});
    }));
  std::set<int64_t> ids;
  int created = 0;
  for (auto& c : calls) {
    auto r = c.get();
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.status << " " << r.body;
    created += r.status == 201;
    ids.insert(r.json()["data"]["scanId"].get<int64_t>());
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(get("/teams/1/projects/" + std::to_string(project) + "/scans").json()["data"].size(),
            1u);
  post(scanPath(*ids.begin()) + "/stop");
}

TEST_F(ScansTest, FinishedScanServesEveryReportFormatAndAlias) {
  SlowSite site(0, 3);
  int64_t project = createProject(site.url());
  auto started = post("/teams/1/projects/" + std::to_string(project) + "/scans");
  int64_t id = started.json()["data"]["scanId"];
  auto status = waitForScan(server(), 1, id, 30);
  ASSERT_EQ(status["status_code"], 200) << status.dump();
  EXPECT_EQ(status["progress"], 100);
  EXPECT_FALSE(status["finished_at"].is_null());
  auto scan = get(scanPath(id)).json()["data"];
  EXPECT_GE(scan["pages_crawled"].get<int>(), 4);  // / and /p/1..3

  struct Case {
    std::string path;
    std::string type;
  };
  std::string nested =
      "/teams/1/projects/" + std::to_string(project) + "/scans/" + std::to_string(id);
  for (const auto& c : std::vector<Case>{{scanPath(id) + "/report/json", "application/json"},
                                         {scanPath(id) + "/report/xml", "application/xml"},
                                         {scanPath(id) + "/report/junit", "application/xml"},
                                         {scanPath(id) + "/report/pdf", "application/pdf"},
                                         {scanPath(id) + "/reports/junit", "application/xml"},
                                         {scanPath(id) + "/report?format=xml", "application/xml"},
                                         {nested + "/report/json", "application/json"}}) {
    auto r = get(c.path);
    EXPECT_EQ(r.status, 200) << c.path << " " << r.body.substr(0, 200);
    EXPECT_EQ(r.headers["content-type"].rfind(c.type, 0), 0u)
        << c.path << " " << r.headers["content-type"];
    EXPECT_FALSE(r.body.empty());
  }
  auto pdf = get(scanPath(id) + "/report/pdf");
  EXPECT_EQ(pdf.headers["content-disposition"],
            "attachment; filename=\"crashtest-scan-" + std::to_string(id) + ".pdf\"");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  auto json = get(scanPath(id) + "/report/json").json();
  EXPECT_GT(json["summary"]["total"].get<int>(), 0);
  EXPECT_EQ(get(scanPath(id) + "/report/docx").status, 400);
  // Stopping a finished scan is a conflict.
  auto conflict = post(scanPath(id) + "/stop");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_FALSE(conflict.json()["message"].get<std::string>().empty());
  // The scan is not visible through another project's nested route.
  int64_t other = createProject(site.url());
  EXPECT_EQ(
      get("/teams/1/projects/" + std::to_string(other) + "/scans/" + std::to_string(id)).status,
      404);
}

TEST_F(ScansTest, UnreachableTargetFailsWithClearMessage) {
  // Bind and close a port so nothing listens on it.
  int64_t project = createProject("http://127.0.0.1:1/");
  auto started = post("/teams/1/projects/" + std::to_string(project) + "/scans");
  auto status = waitForScan(server(), 1, started.json()["data"]["scanId"], 30);
  EXPECT_EQ(status["status_code"], 400);
  EXPECT_NE(status["message"].get<std::string>().find("target unreachable: connection refused"),
            std::string::npos)
      << status.dump();
  // A failed scan still has a report (so CI scripts get valid JUnit with the error).
  auto junit = get(scanPath(started.json()["data"]["scanId"]) + "/report/junit");
  EXPECT_EQ(junit.status, 200);
  EXPECT_NE(junit.body.find("<error"), std::string::npos);
}

}  // namespace
}  // namespace ctc::test
