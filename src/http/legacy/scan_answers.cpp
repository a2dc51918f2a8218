#include "scan_answers.hpp"

#include <unordered_map>

#include "../route_helpers.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "ctc/http/serializers.hpp"

namespace ctc::http::legacy {

std::optional<int64_t> optionalProject(const PathParams& p) {
  auto it = p.find(":projectId");
  if (it == p.end()) return std::nullopt;
  auto id = parseId(it->second, "projectId");
  return id ? std::optional<int64_t>(*id) : std::nullopt;
}

Result<std::vector<int64_t>> scanIds(const PathParams& p) {
  if (p.count(":projectId")) return ids(p, {":teamId", ":scanId", ":projectId"});
  return ids(p, {":teamId", ":scanId"});
}

Result<report::ReportRequest> reportRequestOf(const ApiRequest& r, const PathParams& p) {
  std::string format = "json";
  if (auto it = p.find(":format"); it != p.end())
    format = it->second;
  else if (auto q = r.queryParam("format"))
    format = *q;
  return report::parseReportRequest(format, r.queryParam("fail_on"), r.queryParam("new_only"));
}

ApiResponse reportResponse(const Result<report::RenderedReport>& rendered) {
  if (!rendered) return failure(rendered.error());
  ApiResponse r;
  r.status = 200;
  r.contentType = rendered->contentType;
  r.body = rendered->body;
  bool pdf = rendered->contentType == "application/pdf";
  r.headers.emplace_back("Content-Disposition", std::string(pdf ? "attachment" : "inline") +
                                                    "; filename=\"" + rendered->filename + "\"");
  if (rendered->contentType.rfind("text/html", 0) == 0) {
    // Scanned pages' text is in it: nothing it contains may load or run anything.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  }
  return r;
}

ApiResponse statusAnswer(const Scan& scan) {
  struct Rendered {
    ScanStatus status;
    int progress;
    std::optional<std::string> startedAt, finishedAt, message;
    ApiResponse answer;
  };
  thread_local std::unordered_map<int64_t, Rendered> rendered;
  auto found = rendered.find(scan.id);
  if (found != rendered.end()) {
    const Rendered& r = found->second;
    if (r.status == scan.status && r.progress == scan.progress && r.startedAt == scan.startedAt &&
        r.finishedAt == scan.finishedAt && r.message == scan.message)
      return r.answer;
  }
  if (rendered.size() >= 1024) rendered.clear();  // pollers of many scans: start afresh
  ApiResponse answer = success({{"scanId", scan.id}, {"status", statusJson(scan)}});
  rendered[scan.id] =
      Rendered{scan.status, scan.progress, scan.startedAt, scan.finishedAt, scan.message, answer};
  return answer;
}

ApiResponse startedResponse(const Result<service::StartedScan>& started) {
  return respond(started, [](const service::StartedScan& s) {
    return success({{"scanId", s.scan.id}, {"status", statusJson(s.scan)}, {"created", s.created}},
                   s.created ? 201 : 200,
                   s.created ? "scan queued" : "a scan of this project is already active");
  });
}

}  // namespace ctc::http::legacy
