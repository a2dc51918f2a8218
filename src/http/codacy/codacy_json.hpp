#pragma once
/// The wire shapes of Codacy's API v3 DAST and security-item endpoints over our targets, scans
/// and findings (api/COMPATIBILITY.md "Codacy DAST").
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ctc/domain/report.hpp"
#include "ctc/domain/scan.hpp"
#include "ctc/domain/team.hpp"
#include "ctc/http/api_types.hpp"
#include "ctc/util/result.hpp"

namespace ctc::http::codacy {

/// {"error": "NotFound", "message": ..., "actions": []} with the status of the error's kind.
ApiResponse codacyFailure(const Error& error);
/// {"data": data} (Codacy's single-object and action answers).
ApiResponse codacyData(nlohmann::json data, int status = 200);

/// A scan's analysisId (a UUID that encodes the scan id), and back.
std::string analysisId(int64_t scanId);

/// DastTarget: id, url, status[] (its scans, newest first: queued | running | successful |
/// failed, transitionedAt, transitionReason, analysisId), targetType, apiDefinitionUrl,
/// apiAuthHeaderNames (names only).
nlohmann::json targetJson(const Target& target, const std::vector<Scan>& scans);

/// One SrmItem (a grouped finding of the latest scan of a target), with `now` deciding
/// OnTrack / DueSoon / Overdue.
struct SecurityItem {
  std::string id;  ///< stable across scans of the same target
  nlohmann::json json;
};
std::vector<SecurityItem> securityItems(const ScanReport& report, const std::string& now);

/// A page of `all` from `?cursor=&limit=` (cursor: the offset as text; limit 1..1000, default
/// 100): {"data": [...], "pagination": {"cursor" (absent on the last page), "limit", "total"}}.
/// BadRequest for a bad cursor or limit.
Result<nlohmann::json> page(const nlohmann::json& all, const ApiRequest& request);
nlohmann::json page(const nlohmann::json& all, int64_t offset, int64_t limit);

}  // namespace ctc::http::codacy
