#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ctc/report/curl_command.hpp"
#include "ctc/report/finding_groups.hpp"
#include "ctc/report/report_writer.hpp"
#include "report_common.hpp"
#include "xml_writer.hpp"

namespace ctc::report {
namespace {

struct TestCase {
  std::string name;
  const Finding* finding = nullptr;  ///< null: the check ran and passed
  bool failed = true;                ///< with a finding: false when the gate lets it pass
  std::string text;                  ///< the failure text, or the passing finding's summary
  double seconds = 0;
};

struct TestSuite {
  std::string family;
  std::vector<TestCase> cases;
  int failures = 0;

  double seconds() const {
    double sum = 0;
    for (const auto& c : cases) sum += c.seconds;
    return sum;
  }
};

/// A check's time, divided equally among its test cases (one per finding, or one pass).
std::map<std::string, double> caseSeconds(const ScanReport& report,
                                          const std::map<std::string, std::size_t>& casesOf) {
  std::map<std::string, double> out;
  for (const CheckRun& check : report.checksRun) {
    const auto n = casesOf.find(check.checkId);
    out.emplace(check.checkId,
                check.seconds / static_cast<double>(n == casesOf.end() ? 1 : n->second));
  }
  return out;
}

double secondsOf(const std::map<std::string, double>& seconds, const std::string& checkId) {
  const auto it = seconds.find(checkId);
  return it == seconds.end() ? 0 : it->second;
}

/// Suites in the order their families first appear.
class SuiteList {
 public:
  TestSuite& operator[](const std::string& family) {
    auto [it, inserted] = index_.try_emplace(family, suites_.size());
    if (inserted) suites_.push_back(TestSuite{family, {}, 0});
    return suites_[it->second];
  }
  std::vector<TestSuite> take() { return std::move(suites_); }

 private:
  std::vector<TestSuite> suites_;
  std::map<std::string, std::size_t> index_;
};

std::string familyOf(const std::string& family, const std::string& checkId) {
  if (!family.empty()) return family;
  const auto dot = checkId.find('.');
  if (dot != std::string::npos && dot > 0) return checkId.substr(0, dot);
  return "other";
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string caseName(const Finding& f) {
  std::string name = f.checkId + " " + f.method + " " + f.url;
  if (!f.parameter.empty()) name += " " + f.parameter;
  return name;
}

// Suites in the order families first appear in checksRun; inside a suite, checks in catalogue
// order, each either once as a pass or once per finding. Findings of checks missing from
// checksRun are still reported, after the others of their family.
std::vector<TestSuite> buildSuites(const ScanReport& report) {
  SuiteList suiteFor;
  std::map<std::string, std::vector<const Finding*>> findingsByCheck;
  std::map<std::string, std::size_t> casesOf;
  for (const Finding& f : report.findings) {
    findingsByCheck[f.checkId].push_back(&f);
    ++casesOf[f.checkId];
  }
  const auto seconds = caseSeconds(report, casesOf);

  std::set<std::string> seen;
  for (const CheckRun& check : report.checksRun) {
    if (!seen.insert(check.checkId).second) continue;
    TestSuite& suite = suiteFor[familyOf(check.family, check.checkId)];
    const auto found = findingsByCheck.find(check.checkId);
    const double each = secondsOf(seconds, check.checkId);
    if (found == findingsByCheck.end()) {
      suite.cases.push_back(TestCase{check.checkId, nullptr, true, {}, each});
      continue;
    }
    for (const Finding* f : found->second) {
      suite.cases.push_back(TestCase{caseName(*f), f, true, {}, each});
      ++suite.failures;
    }
  }
  for (const Finding& f : report.findings) {
    if (seen.count(f.checkId) != 0) continue;
    TestSuite& suite = suiteFor[familyOf(f.family, f.checkId)];
    suite.cases.push_back(TestCase{caseName(f), &f});
    ++suite.failures;
  }
  return suiteFor.take();
}

std::string failureText(const Finding& f);

std::string caseName(const GroupedFinding& g) {
  std::string name = caseName(g.finding);
  if (g.instances.size() > 1) name += " (+" + std::to_string(g.instances.size() - 1) + " more)";
  return name;
}

/// Every place of a grouped finding, each with its evidence and curl.
std::string groupText(const GroupedFinding& g) {
  std::string text = failureText(g.finding);
  if (g.change)
    text +=
        std::string("Change: ") + (*g.change == FindingChange::New ? "new" : "unchanged") + "\n";
  for (std::size_t i = 1; i < g.instances.size(); ++i) {
    const auto& instance = g.instances[i];
    text += "Also at: " + instance.method + " " + instance.url +
            (instance.parameter.empty() ? "" : " (" + instance.parameter + ")") + "\n";
    if (auto curl = curlCommand(instance.evidenceRequest); !curl.empty())
      text += "  Reproduce: " + curl + "\n";
  }
  return text;
}

bool gateFails(const GroupedFinding& g, const ReportRequest& gate) {
  if (static_cast<int>(g.finding.severity) < static_cast<int>(*gate.failOn)) return false;
  return !gate.newOnly || g.change != FindingChange::Unchanged;
}

// The gate: per family, one test case per grouped finding (failed or not by the gate), and one
// passing case per check that found nothing.
std::vector<TestSuite> buildGatedSuites(const ScanReport& report,
                                        const std::vector<GroupedFinding>& groups,
                                        const ReportRequest& gate) {
  SuiteList suiteFor;
  std::map<std::string, std::size_t> casesOf;
  for (const auto& g : groups) ++casesOf[g.finding.checkId];
  const auto seconds = caseSeconds(report, casesOf);
  std::set<std::string> seen;
  for (const CheckRun& check : report.checksRun) {
    if (!seen.insert(check.checkId).second) continue;
    TestSuite& suite = suiteFor[familyOf(check.family, check.checkId)];
    if (!casesOf.count(check.checkId))
      suite.cases.push_back(
          TestCase{check.checkId, nullptr, true, {}, secondsOf(seconds, check.checkId)});
  }
  for (const auto& g : groups) {
    TestSuite& suite = suiteFor[familyOf(g.finding.family, g.finding.checkId)];
    bool failed = gateFails(g, gate);
    suite.cases.push_back(TestCase{caseName(g), &g.finding, failed, groupText(g),
                                   secondsOf(seconds, g.finding.checkId)});
    suite.failures += failed;
  }
  return suiteFor.take();
}

std::string failureText(const Finding& f) {
  std::string text;
  const auto line = [&](std::string_view label, std::string_view value) {
    text.append(label).append(": ").append(value).append("\n");
  };
  line("Severity", upper(toString(f.severity)));
  if (const auto cvss = cvssScore(f.cvss)) line("CVSS", formatCvss(*cvss));
  if (const auto cwe = cweId(f.cwe)) line("CWE", *cwe);
  line("OWASP", f.owasp);
  line("Check", f.checkId);
  line("URL", f.method + " " + f.url);
  if (!f.parameter.empty()) line("Parameter", f.parameter);
  if (!f.operation.empty()) line("Operation", f.operation + " (" + f.specification + ")");
  if (f.authenticated) line("Logged in", "yes (an anonymous request does not reach this page)");
  line("Evidence request", f.evidenceRequest);
  if (auto curl = curlCommand(f.evidenceRequest); !curl.empty()) line("Reproduce", curl);
  line("Evidence response", f.evidenceResponse);
  line("Description", f.description);
  line("Recommendation", f.recommendation);
  for (const std::string& reference : f.references) line("Reference", reference);
  return text;
}

/// Seconds with millisecond precision, as JUnit readers parse them.
std::string junitSeconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

// The whole scan's wall time (checks overlap, so it can be less than the suites' sum).
double scanSeconds(const Scan& scan) {
  return static_cast<double>(scanDurationSeconds(scan).value_or(0));
}

void writeCase(XmlWriter& w, const std::string& classname, const TestCase& c) {
  w.startElement("testcase");
  w.attribute("name", c.name);
  w.attribute("classname", classname);
  w.attribute("time", junitSeconds(c.seconds));
  if (c.finding != nullptr && c.failed) {
    w.startElement("failure");
    w.attribute("message", c.finding->title);
    w.attribute("type", upper(toString(c.finding->severity)));
    w.text(c.text.empty() ? failureText(*c.finding) : c.text);
    w.endElement();
  } else if (c.finding != nullptr) {
    // Below the gate: passing, and still readable in the CI's test view.
    w.element("system-out", c.finding->title + " (" + std::string(toString(c.finding->severity)) +
                                ", below the gate)\n" + c.text);
  }
  w.endElement();
}

void writeSuiteStart(XmlWriter& w, const std::string& name, std::size_t tests, int failures,
                     int errors, double seconds) {
  w.startElement("testsuite");
  w.attribute("name", name);
  w.attribute("tests", std::to_string(tests));
  w.attribute("failures", std::to_string(failures));
  w.attribute("errors", std::to_string(errors));
  w.attribute("skipped", "0");
  w.attribute("time", junitSeconds(seconds));
}

}  // namespace

std::string renderJunit(const ScanReport& report, const ReportRequest& request) {
  // Kept alive here: gated test cases point into it.
  const GroupedReport grouped = request.failOn ? groupReport(report) : GroupedReport{};
  const std::vector<TestSuite> suites =
      request.failOn ? buildGatedSuites(report, grouped.findings, request) : buildSuites(report);
  const bool scanFailed = report.scan.status == ScanStatus::Failed;
  std::size_t tests = scanFailed ? 1 : 0;
  int failures = 0;
  for (const TestSuite& suite : suites) {
    tests += suite.cases.size();
    failures += suite.failures;
  }

  XmlWriter w;
  w.startElement("testsuites");
  w.attribute("name", "crashtest-compat scan " + std::to_string(report.scan.id));
  w.attribute("tests", std::to_string(tests));
  w.attribute("failures", std::to_string(failures));
  w.attribute("errors", scanFailed ? "1" : "0");
  w.attribute("time", junitSeconds(scanSeconds(report.scan)));

  if (scanFailed) {
    // Without this a scan that never reached the target would look like a clean pass in CI.
    const std::string message =
        report.scan.message ? "scan failed: " + *report.scan.message : std::string("scan failed");
    writeSuiteStart(w, "crashtest.scan", 1, 0, 1, scanSeconds(report.scan));
    w.startElement("testcase");
    w.attribute("name", "scan");
    w.attribute("classname", "crashtest.scan");
    w.attribute("time", junitSeconds(scanSeconds(report.scan)));
    w.startElement("error");
    w.attribute("message", message);
    w.attribute("type", "SCAN_FAILED");
    w.endElement();
    w.endElement();
    w.endElement();
  }
  for (const TestSuite& suite : suites) {
    const std::string classname = "crashtest." + suite.family;
    writeSuiteStart(w, classname, suite.cases.size(), suite.failures, 0, suite.seconds());
    for (const TestCase& c : suite.cases) writeCase(w, classname, c);
    w.endElement();
  }
  w.endElement();
  return w.finish();
}

}  // namespace ctc::report
