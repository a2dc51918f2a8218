#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ctc/report/report_writer.hpp"
#include "ctc/scanner/check_catalog.hpp"
#include "sample_report.hpp"

namespace ctc::report {
namespace {

using nlohmann::json;

json parse(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << text.substr(0, 500);
  return doc;
}

const json& findingByCheckAndParameter(const json& doc, std::string_view check,
                                       const json& parameter) {
  for (const json& f : doc["findings"])
    if (f["check"] == check && f["parameter"] == parameter) return f;
  ADD_FAILURE() << "no finding " << check << " " << parameter;
  static const json kNull;
  return kNull;
}

TEST(JsonReport, ScanTargetAndTeam) {
  const json doc = parse(renderJson(testing::sampleReport()));
  const json& scan = doc["scan"];
  ASSERT_TRUE(scan["id"].is_number_integer());
  EXPECT_EQ(scan["id"], 42);
  EXPECT_EQ(scan["status_code"], 200);
  EXPECT_EQ(scan["status"], "finished");
  EXPECT_EQ(scan["progress"], 100);
  EXPECT_EQ(scan["created_at"], "2024-05-01T11:59:58Z");
  EXPECT_EQ(scan["started_at"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(scan["finished_at"], "2024-05-01T12:03:20Z");
  EXPECT_TRUE(scan["message"].is_null());
  EXPECT_EQ(scan["partial"], false);
  EXPECT_EQ(scan["requests_sent"], 321);
  EXPECT_EQ(scan["pages_crawled"], 17);

  const json& target = doc["target"];
  ASSERT_TRUE(target["id"].is_number_integer());
  EXPECT_EQ(target["id"], 7);
  EXPECT_EQ(target["title"], "Shop");
  EXPECT_EQ(target["url"], "https://shop.example.com/");
  EXPECT_EQ(target["type"], "webapp");
  EXPECT_EQ(target.size(), 4u) << target.dump();
  EXPECT_EQ(doc["team"]["name"], "Blue Team");
  EXPECT_EQ(doc["generated_at"], "2024-05-01T12:05:00Z");
}

TEST(JsonReport, NeverContainsTargetCredentials) {
  const std::string text = renderJson(testing::sampleReport());
  EXPECT_EQ(text.find("hunter2-secret"), std::string::npos);
  EXPECT_EQ(text.find("credentials"), std::string::npos);
}

TEST(JsonReport, SummaryCountsBySeverity) {
  const json doc = parse(renderJson(testing::sampleReport()));
  const json& summary = doc["summary"];
  EXPECT_EQ(summary["total"], 4);
  EXPECT_EQ(summary["critical"], 0);
  EXPECT_EQ(summary["high"], 1);
  EXPECT_EQ(summary["medium"], 1);
  EXPECT_EQ(summary["low"], 2);
  EXPECT_EQ(summary["info"], 0);
  EXPECT_EQ(doc["findings"].size(), 4u);

  const json many = parse(renderJson(testing::manyFindingsReport(45)));
  int sum = 0;
  for (const char* s : {"critical", "high", "medium", "low", "info"})
    sum += many["summary"][s].get<int>();
  EXPECT_EQ(sum, 45);
  EXPECT_EQ(many["summary"]["total"], 45);
}

TEST(JsonReport, ChecksRunListsEveryCheckId) {
  const json doc = parse(renderJson(testing::sampleReport()));
  const auto catalog = scanner::checkCatalog();
  ASSERT_EQ(doc["checks_run"].size(), catalog.size());
  for (std::size_t i = 0; i < catalog.size(); ++i)
    EXPECT_EQ(doc["checks_run"][i], std::string(catalog[i].id));
}

TEST(JsonReport, FindingFields) {
  const json doc = parse(renderJson(testing::sampleReport()));
  const json& env = doc["findings"][0];  // highest severity first
  ASSERT_TRUE(env["id"].is_number_integer());
  EXPECT_EQ(env["id"], 101);
  EXPECT_EQ(env["check"], "exposure.env_file");
  EXPECT_EQ(env["family"], "exposure");
  EXPECT_EQ(env["title"], "Environment file exposed");
  EXPECT_EQ(env["severity"], "high");
  EXPECT_DOUBLE_EQ(env["cvss"].get<double>(), 7.5);
  const int cwe = scanner::findCheck("exposure.env_file")->cwe;
  ASSERT_TRUE(env["cwe"].is_number_integer());
  EXPECT_EQ(env["cwe"], cwe);
  EXPECT_EQ(env["cwe_id"], "CWE-" + std::to_string(cwe));
  EXPECT_EQ(env["owasp"], std::string(scanner::findCheck("exposure.env_file")->owasp));
  EXPECT_EQ(env["url"], "https://shop.example.com/.env");
  EXPECT_EQ(env["method"], "GET");
  EXPECT_TRUE(env["parameter"].is_null());
  EXPECT_EQ(env["evidence"]["request"], "GET https://shop.example.com/.env");
  EXPECT_EQ(env["evidence"]["response"], "HTTP/1.1 200 OK\nDB_PASSWORD=s3cr3t\nAPP_KEY=base64:abc");
  EXPECT_FALSE(env["description"].get<std::string>().empty());
  EXPECT_FALSE(env["recommendation"].get<std::string>().empty());
  ASSERT_TRUE(env["references"].is_array());
  ASSERT_EQ(env["references"].size(), 1u);
  EXPECT_EQ(env["references"][0], std::string(scanner::findCheck("exposure.env_file")->reference));

  const json& session = findingByCheckAndParameter(doc, "cookies.no_httponly", "session");
  EXPECT_EQ(session["method"], "POST");
  EXPECT_EQ(session["severity"], "low");
  EXPECT_TRUE(session["cvss"].is_null());
}

TEST(JsonReport, AbsentOptionalsAreNull) {
  ScanReport report = testing::emptyReport();
  report.scan.status = ScanStatus::Queued;
  report.scan.progress = 0;
  report.scan.startedAt.reset();
  report.scan.finishedAt.reset();
  Finding f = scanner::makeFinding("headers.csp_missing", "https://shop.example.com/");
  f.cwe = 0;
  report.findings.push_back(f);
  const json doc = parse(renderJson(report));
  EXPECT_EQ(doc["scan"]["status_code"], 100);
  EXPECT_TRUE(doc["scan"]["started_at"].is_null());
  EXPECT_TRUE(doc["scan"]["finished_at"].is_null());
  EXPECT_TRUE(doc["scan"]["message"].is_null());
  const json& finding = doc["findings"][0];
  EXPECT_TRUE(finding["cvss"].is_null());
  EXPECT_TRUE(finding["cwe"].is_null());
  EXPECT_TRUE(finding["cwe_id"].is_null());
  EXPECT_TRUE(finding["parameter"].is_null());
  EXPECT_EQ(finding["references"].size(), 1u);
}

TEST(JsonReport, FailedPartialScanCarriesMessage) {
  ScanReport report = testing::emptyReport();
  report.scan.status = ScanStatus::Failed;
  report.scan.message = "target unreachable: connection refused";
  report.partial = true;
  const json doc = parse(renderJson(report));
  EXPECT_EQ(doc["scan"]["status_code"], 400);
  EXPECT_EQ(doc["scan"]["status"], "failed");
  EXPECT_EQ(doc["scan"]["message"], "target unreachable: connection refused");
  EXPECT_EQ(doc["scan"]["partial"], true);
  EXPECT_TRUE(doc["findings"].is_array());
  EXPECT_TRUE(doc["findings"].empty());
  EXPECT_EQ(doc["summary"]["total"], 0);
}

TEST(JsonReport, InvalidUtf8IsReplacedNotThrown) {
  ScanReport report = testing::sampleReport();
  report.findings[0].evidenceResponse = std::string("caf\xE9 \xFF\xFE ok", 10);
  report.target.title =
      "Gr\xC3\xBC\xC3\x9F"
      "e \xD0\x9F\xD1\x80\xD0\xB8";  // "Grüße При"
  std::string text;
  ASSERT_NO_THROW(text = renderJson(report));
  const json doc = parse(text);
  const std::string response = doc["findings"][0]["evidence"]["response"];
  EXPECT_NE(response.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  EXPECT_NE(response.find(" ok"), std::string::npos);
  EXPECT_EQ(doc["target"]["title"],
            "Gr\xC3\xBC\xC3\x9F"
            "e \xD0\x9F\xD1\x80\xD0\xB8");
}

}  // namespace
}  // namespace ctc::report
