#include <gtest/gtest.h>

#include "ctc/report/report_writer.hpp"
#include "ctc/report/xml_text.hpp"
#include "ctc/scanner/check_catalog.hpp"
#include "sample_report.hpp"
#include "xml_test_support.hpp"

namespace ctc::report {
namespace {

using testing::parseXml;
using testing::xpathCount;
using testing::xpathValue;
using testing::xpathValues;

const std::string kSchemaPath = std::string(CTC_SOURCE_DIR) + "/api/report.xsd";

std::string joined(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += e + "\n";
  return out;
}

void expectValid(const std::string& xml) {
  const auto errors = testing::schemaErrors(xml, kSchemaPath, true);
  EXPECT_TRUE(errors.empty()) << joined(errors) << xml.substr(0, 2000);
}

TEST(XmlReport, SampleReportValidatesAgainstXsd) {
  expectValid(renderXml(testing::sampleReport()));
}

TEST(XmlReport, EdgeCasesValidateAgainstXsd) {
  expectValid(renderXml(testing::emptyReport()));
  expectValid(renderXml(testing::manyFindingsReport(40)));

  ScanReport queued = testing::emptyReport();
  queued.scan.status = ScanStatus::Queued;
  queued.scan.progress = 0;
  queued.scan.startedAt.reset();
  queued.scan.finishedAt.reset();
  queued.checksRun.clear();
  expectValid(renderXml(queued));

  ScanReport failed = testing::sampleReport();
  failed.scan.status = ScanStatus::Failed;
  failed.scan.message = "target unreachable <&> \"quoted\"";
  failed.partial = true;
  failed.findings[0].cwe = 0;
  failed.findings[0].cvss = 42.0;  // out of range: clamped to 10.0
  failed.findings[1].references.clear();
  expectValid(renderXml(failed));
}

TEST(XmlReport, ContentMatchesInput) {
  const std::string xml = renderXml(testing::sampleReport());
  const testing::XmlDoc doc = parseXml(xml);
  ASSERT_TRUE(doc);
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/@version"), "1");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/scan/id"), "42");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/scan/status_code"), "200");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/scan/status"), "finished");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/scan/started_at"), "2024-05-01T12:00:00Z");
  EXPECT_EQ(xpathCount(doc.get(), "/crashtestReport/scan/message"), 0u);
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/scan/partial"), "false");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/target/url"), "https://shop.example.com/");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/target/type"), "webapp");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/team/name"), "Blue Team");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/summary/total"), "4");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/summary/high"), "1");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/summary/medium"), "1");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/summary/low"), "2");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/summary/critical"), "0");
  EXPECT_EQ(xpathCount(doc.get(), "/crashtestReport/checks_run/check"),
            scanner::checkCatalog().size());
  EXPECT_EQ(xpathCount(doc.get(), "/crashtestReport/findings/finding"), 4u);

  const std::string env = "/crashtestReport/findings/finding[@id='101']";
  EXPECT_EQ(xpathValue(doc.get(), env + "/check"), "exposure.env_file");
  EXPECT_EQ(xpathValue(doc.get(), env + "/severity"), "high");
  EXPECT_EQ(xpathValue(doc.get(), env + "/cvss"), "7.5");
  EXPECT_EQ(xpathValue(doc.get(), env + "/cwe_id"),
            "CWE-" + std::to_string(scanner::findCheck("exposure.env_file")->cwe));
  EXPECT_EQ(xpathCount(doc.get(), env + "/parameter"), 0u);
  EXPECT_EQ(xpathValue(doc.get(), env + "/evidence/request"), "GET https://shop.example.com/.env");
  EXPECT_EQ(xpathValue(doc.get(), env + "/evidence/response"),
            "HTTP/1.1 200 OK\nDB_PASSWORD=s3cr3t\nAPP_KEY=base64:abc");
  EXPECT_EQ(xpathCount(doc.get(), env + "/references/reference"), 1u);
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/findings/finding[@id='103']/parameter"),
            "session");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/findings/finding[@id='103']/method"), "POST");
  EXPECT_EQ(xml.find("hunter2-secret"), std::string::npos);
}

TEST(XmlReport, HostileTextStaysWellFormedAndValid) {
  ScanReport report = testing::sampleReport();
  Finding& f = report.findings[0];
  f.evidenceResponse = std::string("<script>alert(1)</script> ]]> &amp; \x01\x02\x1B[0m nul:") +
                       std::string(1, '\0') + " latin1:\xE9\xFF end";
  f.title = "Title with \x0C form feed";
  f.parameter = "a\"b'c<d>";
  report.scan.message = std::string("bad \xC0\x80 overlong");
  const std::string xml = renderXml(report);
  expectValid(xml);
  const testing::XmlDoc doc = parseXml(xml);
  ASSERT_TRUE(doc);
  const std::string response =
      xpathValue(doc.get(), "/crashtestReport/findings/finding[@id='101']/evidence/response");
  EXPECT_EQ(response,
            "<script>alert(1)</script> ]]> &amp; [0m nul: latin1:\xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/findings/finding[@id='101']/title"),
            "Title with  form feed");
  EXPECT_EQ(xpathValue(doc.get(), "/crashtestReport/findings/finding[@id='101']/parameter"),
            "a\"b'c<d>");
}

TEST(XmlReport, SchemaRejectsWrongDocuments) {
  // Proves the XSD really constrains the output, so the validity tests above can fail.
  std::string xml = renderXml(testing::sampleReport());
  std::string badSeverity = xml;
  badSeverity.replace(badSeverity.find("<severity>high</severity>"), 25,
                      "<severity>urgent</severity>");
  EXPECT_FALSE(testing::schemaErrors(badSeverity, kSchemaPath, true).empty());
  std::string missingSummary = xml;
  const auto from = missingSummary.find("<summary>");
  missingSummary.erase(from, missingSummary.find("</summary>") + 10 - from);
  EXPECT_FALSE(testing::schemaErrors(missingSummary, kSchemaPath, true).empty());
}

TEST(XmlText, SanitizesToLegalXml) {
  EXPECT_EQ(sanitizeXmlText("plain text"), "plain text");
  EXPECT_EQ(sanitizeXmlText("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
  EXPECT_EQ(sanitizeXmlText(std::string("a\0b\x01\x1F\x7F", 6)), "ab\x7F");
  EXPECT_EQ(sanitizeXmlText("Gr\xC3\xBC\xC3\x9F"
                            "e \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "Gr\xC3\xBC\xC3\x9F"
            "e \xE2\x82\xAC \xF0\x9F\x98\x80");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(sanitizeXmlText("caf\xE9"), "caf" + fffd);
  EXPECT_EQ(sanitizeXmlText("\xC0\x80"), fffd + fffd);             // overlong NUL
  EXPECT_EQ(sanitizeXmlText("\xED\xA0\x80"), fffd + fffd + fffd);  // UTF-16 surrogate
  EXPECT_EQ(sanitizeXmlText("\xE2\x82"
                            "x"),
            fffd + "x");                                                      // truncated sequence
  EXPECT_EQ(sanitizeXmlText("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // > U+10FFFF
  EXPECT_EQ(sanitizeXmlText("\xEF\xBF\xBE|\xEF\xBF\xBF"), "|");               // U+FFFE, U+FFFF
  EXPECT_EQ(sanitizeXmlText("end\xE2"), "end" + fffd);
}

}  // namespace
}  // namespace ctc::report
