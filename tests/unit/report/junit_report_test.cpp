#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ctc/report/report_writer.hpp"
#include "ctc/scanner/check_catalog.hpp"
#include "sample_report.hpp"
#include "xml_test_support.hpp"

namespace ctc::report {
namespace {

using testing::parseXml;
using testing::xpathCount;
using testing::xpathValue;
using testing::xpathValues;

// The structure of the Jenkins/Ant "junit-4.xsd" that CI JUnit readers accept, kept in
// tests/schemas so the shell-level legacy CI test validates against the same file.
const std::string kJunitSchemaPath = std::string(CTC_SOURCE_DIR) + "/tests/schemas/junit-4.xsd";

void expectValidJunit(const std::string& xml) {
  const auto errors = testing::schemaErrors(xml, kJunitSchemaPath, true);
  std::string text;
  for (const auto& e : errors) text += e + "\n";
  EXPECT_TRUE(errors.empty()) << text << xml.substr(0, 2000);
}

int number(xmlDoc* doc, const std::string& xpath) {
  return std::stoi(xpathValue(doc, xpath));
}

// Every suite's counters match its children, and the root's match the sum of the suites.
void expectConsistentCounts(xmlDoc* doc) {
  int tests = 0, failures = 0, errors = 0;
  for (const std::string& name : xpathValues(doc, "/testsuites/testsuite/@name")) {
    const std::string suite = "/testsuites/testsuite[@name='" + name + "']";
    const int suiteTests = number(doc, suite + "/@tests");
    EXPECT_EQ(static_cast<std::size_t>(suiteTests), xpathCount(doc, suite + "/testcase")) << name;
    EXPECT_EQ(static_cast<std::size_t>(number(doc, suite + "/@failures")),
              xpathCount(doc, suite + "/testcase/failure"))
        << name;
    EXPECT_EQ(static_cast<std::size_t>(number(doc, suite + "/@errors")),
              xpathCount(doc, suite + "/testcase/error"))
        << name;
    EXPECT_EQ(number(doc, suite + "/@skipped"), 0) << name;
    tests += suiteTests;
    failures += number(doc, suite + "/@failures");
    errors += number(doc, suite + "/@errors");
  }
  EXPECT_EQ(number(doc, "/testsuites/@tests"), tests);
  EXPECT_EQ(number(doc, "/testsuites/@failures"), failures);
  EXPECT_EQ(number(doc, "/testsuites/@errors"), errors);
}

TEST(JunitReport, ValidAgainstJunitSchema) {
  expectValidJunit(renderJunit(testing::sampleReport()));
  expectValidJunit(renderJunit(testing::emptyReport()));
  expectValidJunit(renderJunit(testing::manyFindingsReport(60)));
  ScanReport failed = testing::emptyReport();
  failed.scan.status = ScanStatus::Failed;
  failed.scan.message = "target unreachable";
  expectValidJunit(renderJunit(failed));
}

TEST(JunitReport, OneSuitePerFamilyWithMatchingCounts) {
  const ScanReport report = testing::sampleReport();
  const std::string xml = renderJunit(report);
  const testing::XmlDoc doc = parseXml(xml);
  ASSERT_TRUE(doc);
  expectConsistentCounts(doc.get());

  std::map<std::string, int> checksPerFamily;
  for (const auto& check : scanner::checkCatalog()) ++checksPerFamily[std::string(check.family)];
  std::map<std::string, int> findingsPerFamily;
  std::set<std::string> checksWithFindings;
  for (const Finding& f : report.findings) {
    ++findingsPerFamily[f.family];
    checksWithFindings.insert(f.checkId);
  }
  ASSERT_EQ(xpathCount(doc.get(), "/testsuites/testsuite"), checksPerFamily.size());
  int totalTests = 0;
  for (const auto& [family, checks] : checksPerFamily) {
    int checksFailing = 0;
    for (const std::string& id : checksWithFindings)
      if (scanner::findCheck(id)->family == family) ++checksFailing;
    const int failures = findingsPerFamily[family];
    const int expectedTests = checks - checksFailing + failures;  // check x location
    const std::string suite = "/testsuites/testsuite[@name='crashtest." + family + "']";
    EXPECT_EQ(number(doc.get(), suite + "/@tests"), expectedTests) << family;
    EXPECT_EQ(number(doc.get(), suite + "/@failures"), failures) << family;
    EXPECT_EQ(number(doc.get(), suite + "/@errors"), 0) << family;
    EXPECT_EQ(xpathCount(doc.get(), suite + "/testcase[@classname!='crashtest." + family + "']"),
              0u);
    totalTests += expectedTests;
  }
  EXPECT_EQ(number(doc.get(), "/testsuites/@tests"), totalTests);
  EXPECT_EQ(number(doc.get(), "/testsuites/@failures"), 4);
  EXPECT_EQ(number(doc.get(), "/testsuites/@errors"), 0);
  EXPECT_EQ(xpathValue(doc.get(), "/testsuites/@name"), "crashtest-compat scan 42");
  EXPECT_EQ(xpathValue(doc.get(), "/testsuites/@time"), "200.000");  // 12:00:00 -> 12:03:20
}

ScanReport timedReport() {
  ScanReport report = testing::sampleReport();
  for (CheckRun& check : report.checksRun) {
    if (check.checkId == "cookies.no_httponly") check.seconds = 3.0;  // two findings
    if (check.checkId == "cookies.no_secure") check.seconds = 0.25;   // passes
    if (check.checkId == "headers.csp_missing") check.seconds = 1.5;  // one finding
  }
  return report;
}

double seconds(xmlDoc* doc, const std::string& xpath) {
  return std::stod(xpathValue(doc, xpath));
}

TEST(JunitReport, CasesCarryTheirCheckTimeAndSuitesTheSum) {
  const testing::XmlDoc doc = parseXml(renderJunit(timedReport()));
  ASSERT_TRUE(doc);
  const std::string cookies = "/testsuites/testsuite[@name='crashtest.cookies']";
  EXPECT_EQ(xpathValue(doc.get(), cookies + "/testcase[@name='cookies.no_secure']/@time"), "0.250");
  // A check's time is shared by its findings' cases.
  for (const std::string& t : xpathValues(
           doc.get(), cookies + "/testcase[starts-with(@name,'cookies.no_httponly')]/@time"))
    EXPECT_EQ(t, "1.500");
  EXPECT_EQ(xpathValue(doc.get(), cookies + "/@time"), "3.250");
  EXPECT_EQ(xpathValue(doc.get(),
                       "//testsuite[@name='crashtest.headers']/testcase[starts-with(@name,"
                       "'headers.csp_missing')]/@time"),
            "1.500");
  // A check that took no time says so (a suite of such checks too).
  EXPECT_EQ(xpathValue(doc.get(), "//testcase[@name='sqli.time']/@time"), "0.000");
  EXPECT_EQ(xpathValue(doc.get(), "//testsuite[@name='crashtest.sqli']/@time"), "0.000");
  for (const std::string& name : xpathValues(doc.get(), "/testsuites/testsuite/@name")) {
    const std::string suite = "/testsuites/testsuite[@name='" + name + "']";
    double sum = 0;
    for (const std::string& t : xpathValues(doc.get(), suite + "/testcase/@time"))
      sum += std::stod(t);
    EXPECT_NEAR(seconds(doc.get(), suite + "/@time"), sum, 0.01) << name;
  }
  expectValidJunit(renderJunit(timedReport()));
}

TEST(JunitGate, GroupedCasesCarryTheirCheckTime) {
  ReportRequest gate;
  gate.format = Format::Junit;
  gate.failOn = Severity::Low;
  const testing::XmlDoc doc = parseXml(renderJunit(timedReport(), gate));
  ASSERT_TRUE(doc);
  // The two cookie findings are one grouped case per parameter: each has half the time.
  for (const std::string& t :
       xpathValues(doc.get(), "//testcase[starts-with(@name,'cookies.no_httponly')]/@time"))
    EXPECT_EQ(t, "1.500");
  EXPECT_EQ(xpathValue(doc.get(), "//testcase[@name='cookies.no_secure']/@time"), "0.250");
  EXPECT_EQ(xpathValue(doc.get(), "//testsuite[@name='crashtest.cookies']/@time"), "3.250");
}

TEST(JunitReport, ChecksWithoutFindingsArePassingTestCases) {
  const ScanReport report = testing::sampleReport();
  const testing::XmlDoc doc = parseXml(renderJunit(report));
  ASSERT_TRUE(doc);
  std::size_t passing = 0;
  for (const auto& check : scanner::checkCatalog()) {
    const std::string id(check.id);
    bool hasFinding = false;
    for (const Finding& f : report.findings) hasFinding |= f.checkId == id;
    if (hasFinding) continue;
    ++passing;
    const std::string testcase = "//testcase[@name='" + id + "']";
    ASSERT_EQ(xpathCount(doc.get(), testcase), 1u) << id;
    EXPECT_EQ(xpathValue(doc.get(), testcase + "/@classname"),
              "crashtest." + std::string(check.family));
    EXPECT_EQ(xpathCount(doc.get(), testcase + "/*"), 0u) << id;
  }
  EXPECT_EQ(xpathCount(doc.get(), "//testcase[not(failure) and not(error)]"), passing);
}

TEST(JunitReport, FailureCarriesEvidenceAndFix) {
  const testing::XmlDoc doc = parseXml(renderJunit(testing::sampleReport()));
  ASSERT_TRUE(doc);
  const auto* check = scanner::findCheck("exposure.env_file");
  const std::string testcase =
      "/testsuites/testsuite[@name='crashtest.exposure']/testcase[@name='exposure.env_file GET "
      "https://shop.example.com/.env']";
  ASSERT_EQ(xpathCount(doc.get(), testcase), 1u);
  EXPECT_EQ(xpathValue(doc.get(), testcase + "/@classname"), "crashtest.exposure");
  EXPECT_EQ(xpathValue(doc.get(), testcase + "/failure/@message"), "Environment file exposed");
  EXPECT_EQ(xpathValue(doc.get(), testcase + "/failure/@type"), "HIGH");
  const std::string text = xpathValue(doc.get(), testcase + "/failure");
  for (const std::string& expected :
       {std::string("Severity: HIGH"), "CWE-" + std::to_string(check->cwe),
        std::string(check->owasp), std::string("https://shop.example.com/.env"),
        std::string("Evidence request: GET https://shop.example.com/.env"),
        std::string("DB_PASSWORD=s3cr3t"), std::string(check->description),
        std::string(check->recommendation)}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n---\n" << text;
  }
  // Parameter and method are part of the test case name, and of the text.
  const std::string session =
      "//testcase[@name='cookies.no_httponly POST https://shop.example.com/login session']";
  ASSERT_EQ(xpathCount(doc.get(), session), 1u);
  EXPECT_EQ(xpathValue(doc.get(), session + "/failure/@type"), "LOW");
  EXPECT_NE(xpathValue(doc.get(), session + "/failure").find("Parameter: session"),
            std::string::npos);
  EXPECT_NE(xpathValue(doc.get(), session + "/failure").find("Set-Cookie: session=abc123"),
            std::string::npos);
  EXPECT_EQ(xpathCount(doc.get(),
                       "//testcase[@name='cookies.no_httponly GET "
                       "https://shop.example.com/ cart']/failure"),
            1u);
}

TEST(JunitReport, FailedScanIsAnError) {
  ScanReport report = testing::sampleReport();
  report.scan.status = ScanStatus::Failed;
  report.scan.message = "target unreachable: connection refused";
  report.partial = true;
  const std::string xml = renderJunit(report);
  expectValidJunit(xml);
  const testing::XmlDoc doc = parseXml(xml);
  ASSERT_TRUE(doc);
  expectConsistentCounts(doc.get());
  const std::string suite = "/testsuites/testsuite[@name='crashtest.scan']";
  EXPECT_EQ(number(doc.get(), suite + "/@tests"), 1);
  EXPECT_EQ(number(doc.get(), suite + "/@errors"), 1);
  EXPECT_EQ(xpathValue(doc.get(), suite + "/testcase/@name"), "scan");
  EXPECT_EQ(xpathValue(doc.get(), suite + "/testcase/error/@message"),
            "scan failed: target unreachable: connection refused");
  EXPECT_EQ(number(doc.get(), "/testsuites/@errors"), 1);
  EXPECT_EQ(number(doc.get(), "/testsuites/@failures"), 4);

  report.scan.status = ScanStatus::Stopped;
  const testing::XmlDoc stopped = parseXml(renderJunit(report));
  EXPECT_EQ(number(stopped.get(), "/testsuites/@errors"), 0);
  EXPECT_EQ(xpathCount(stopped.get(), "//testsuite[@name='crashtest.scan']"), 0u);
}

TEST(JunitReport, FindingOfACheckNotInChecksRunIsStillReported) {
  ScanReport report = testing::emptyReport();
  report.checksRun.resize(2);  // headers.csp_missing, headers.csp_unsafe
  Finding f = scanner::makeFinding("tls.expired", "https://shop.example.com/");
  report.findings.push_back(f);
  const testing::XmlDoc doc = parseXml(renderJunit(report));
  ASSERT_TRUE(doc);
  expectConsistentCounts(doc.get());
  EXPECT_EQ(number(doc.get(), "/testsuites/@tests"), 3);
  EXPECT_EQ(number(doc.get(), "/testsuites/@failures"), 1);
  EXPECT_EQ(xpathCount(doc.get(), "//testsuite[@name='crashtest.tls']/testcase/failure"), 1u);
}

TEST(JunitReport, HostileTextStaysValid) {
  ScanReport report = testing::sampleReport();
  report.findings[0].evidenceResponse = std::string("\x01\x02<b>&\xFF\xFE", 8);
  report.findings[0].title = "quote \" and apostrophe ' and <tag>";
  const std::string xml = renderJunit(report);
  expectValidJunit(xml);
  const testing::XmlDoc doc = parseXml(xml);
  ASSERT_TRUE(doc);
  EXPECT_EQ(xpathCount(doc.get(),
                       "//failure[@message=concat('quote \" and apostrophe ', \"'\", "
                       "' and <tag>')]"),
            1u);
}

}  // namespace
}  // namespace ctc::report

namespace ctc::report {
namespace {

ReportRequest gate(Severity failOn, bool newOnly = false) {
  return ReportRequest{Format::Junit, failOn, newOnly};
}

TEST(JunitGate, OneCasePerFindingFailedOnlyAtOrAboveTheThreshold) {
  const ScanReport report = testing::sampleReport();  // high, medium, low, low
  for (auto [threshold, failures] : std::vector<std::pair<Severity, int>>{{Severity::Critical, 0},
                                                                          {Severity::High, 1},
                                                                          {Severity::Medium, 2},
                                                                          {Severity::Low, 4},
                                                                          {Severity::Info, 4}}) {
    const std::string xml = renderJunit(report, gate(threshold));
    expectValidJunit(xml);
    auto doc = parseXml(xml);
    EXPECT_EQ(number(doc.get(), "/testsuites/@failures"), failures) << toString(threshold);
    EXPECT_EQ(xpathCount(doc.get(), "//testcase[starts-with(@name, 'cookies.no_httponly ')]"), 2u);
    EXPECT_EQ(xpathCount(doc.get(), "//testcase/system-out"),
              static_cast<std::size_t>(4 - failures))
        << "a finding below the gate passes and stays readable";
    expectConsistentCounts(doc.get());
  }
}

TEST(JunitGate, NewOnlyFailsOnlyWhatTheComparedScanDidNotHave) {
  ScanReport report = testing::sampleReport();
  report.comparedWith = 41;
  report.previousFindings = {report.findings[0]};  // the high one was there before
  auto doc = parseXml(renderJunit(report, gate(Severity::Low, true)));
  EXPECT_EQ(number(doc.get(), "/testsuites/@failures"), 3);
  EXPECT_EQ(xpathCount(doc.get(), "//testcase[failure][starts-with(@name, 'exposure.')]"), 0u);
  doc = parseXml(renderJunit(report, gate(Severity::High, true)));
  EXPECT_EQ(number(doc.get(), "/testsuites/@failures"), 0);
  doc = parseXml(renderJunit(report, gate(Severity::High)));
  EXPECT_EQ(number(doc.get(), "/testsuites/@failures"), 1) << "without new_only it fails";
}

TEST(JunitGate, GroupedCaseListsEveryPlaceWithItsCurl) {
  ScanReport report = testing::emptyReport();
  Finding a = scanner::makeFinding("headers.csp_missing", "https://shop.example.com/");
  a.evidenceRequest = "GET https://shop.example.com/";
  Finding b = scanner::makeFinding("headers.csp_missing", "https://shop.example.com/cart");
  b.evidenceRequest = "GET https://shop.example.com/cart";
  report.findings = {a, b};
  auto doc = parseXml(renderJunit(report, gate(Severity::Info)));
  EXPECT_EQ(xpathCount(doc.get(), "//testcase/failure"), 1u);
  std::string text = xpathValue(doc.get(), "//testcase/failure");
  EXPECT_NE(text.find("Also at: GET https://shop.example.com/cart"), std::string::npos) << text;
  EXPECT_NE(text.find("Reproduce: curl"), std::string::npos) << text;
}

TEST(JunitGate, ParametersAreCheckedAndOnlyJunitChanges) {
  EXPECT_FALSE(parseReportRequest("junit", std::string("severe"), std::nullopt));
  EXPECT_FALSE(parseReportRequest("junit", std::nullopt, std::string("true")))
      << "new_only needs fail_on";
  EXPECT_FALSE(parseReportRequest("junit", std::string("high"), std::string("maybe")));
  auto ok = parseReportRequest("JUnit", std::string("HIGH"), std::string("true"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->failOn, Severity::High);
  EXPECT_TRUE(ok->newOnly);
  const ScanReport report = testing::sampleReport();
  EXPECT_EQ(renderJunit(report), renderJunit(report, ReportRequest{}))
      << "without fail_on the vendor's JUnit";
}

}  // namespace
}  // namespace ctc::report
