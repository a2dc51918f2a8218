#pragma once
/// Checks that only look at a response the crawler already fetched: security headers, cookies,
/// version disclosure, directory listings.
#include "ctc/scanner/check_times.hpp"
#include "ctc/scanner/crawl/html_links.hpp"
#include "ctc/scanner/fetch/http_types.hpp"
#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

/// Runs every page check on a crawled response. `html` is the parsed page when it is HTML
/// (nullptr otherwise). Header and listing checks apply to 2xx responses only. Each check's time
/// is added to `times` (when given).
void runPageChecks(const FetchResult& page, const HtmlLinks* html, FindingCollector& out,
                   CheckTimes* times = nullptr);

/// "HTTP 200; Content-Type: text/html; Server: x" style summary of a response for evidence,
/// at most about 600 characters.
std::string summarizeResponse(const HttpResponse& response);

}  // namespace ctc::scanner
