#pragma once
/// What the legacy scan and webhook routes share: scan ids from the path, the report wanted by
/// path or query, and the answers for a started scan and a rendered report.
#include <optional>

#include "ctc/http/api_types.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/service/scan_service.hpp"
#include "ctc/util/result.hpp"

namespace ctc::http::legacy {

/// The project id of a nested scan route (validated by scanIds), or nullopt on flat routes.
std::optional<int64_t> optionalProject(const PathParams& p);
/// teamId and scanId of a scan route; a nested route's projectId must be valid too.
Result<std::vector<int64_t>> scanIds(const PathParams& p);
/// The format from the path or `?format=`, and the JUnit gate from `?fail_on=&new_only=`.
Result<report::ReportRequest> reportRequestOf(const ApiRequest& r, const PathParams& p);
/// The report's bytes with its type and file name; HTML under a CSP that loads nothing.
ApiResponse reportResponse(const Result<report::RenderedReport>& rendered);
/// The status poll's answer: `{scanId, status}`. Rendered once per change of the scan on each
/// HTTP thread (CI scripts poll it many times a second, and it rarely changes between polls).
ApiResponse statusAnswer(const Scan& scan);
/// 201 "scan queued", or 200 with the scan already active (the idempotent start).
ApiResponse startedResponse(const Result<service::StartedScan>& started);

}  // namespace ctc::http::legacy
