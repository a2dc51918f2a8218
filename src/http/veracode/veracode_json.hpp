#pragma once
/// The wire shapes of Veracode's Dynamic Analysis (configservice v1) and Findings (appsec v2)
/// APIs over our analyses, targets, scans and findings: HAL (_embedded, _links, page) as
/// Veracode sends them. api/COMPATIBILITY.md "Veracode Dynamic Analysis".
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ctc/domain/report.hpp"
#include "ctc/http/api_types.hpp"
#include "ctc/service/analysis_service.hpp"
#include "ctc/util/result.hpp"

namespace ctc::http::veracode {

/// {"_embedded": {"errors": [{"id", "code", "status", "detail", "meta"}]}}, the status of the
/// error's kind; 401s say why the signature was refused.
ApiResponse veracodeFailure(const Error& error);

/// "http://{Host}" of the request, for _links and Location.
std::string origin(const ApiRequest& request);

nlohmann::json analysisSummaryJson(const service::AnalysisView& a, const std::string& origin);
nlohmann::json analysisJson(const service::AnalysisView& a, const std::string& origin);
nlohmann::json detailedScanJson(const service::AnalysisView& a, const service::AnalysisTarget& t,
                                const std::string& origin);
/// One Findings API finding per grouped finding of the report.
std::vector<nlohmann::json> findingsJson(const ScanReport& report, int64_t analysisId);

/// HAL page of `items` under _embedded[name] from ?page= (0-based) &size= (1..500, default 20).
Result<nlohmann::json> halPage(const std::string& name, const std::vector<nlohmann::json>& items,
                               const ApiRequest& request, const std::string& selfHref);

/// An uploaded description: spec_id, spec_name, file_name, endpoint_count, dates, _links.
nlohmann::json apiSpecificationJson(const storage::ApiDocument& doc, const std::string& origin);

/// GET /code_groups/errorcode: the login errors our scans report.
nlohmann::json errorCodesJson();

}  // namespace ctc::http::veracode
