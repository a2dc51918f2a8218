#pragma once
/// The wire shapes of our resources (contract §3-§5). IDs are JSON numbers.
#include <nlohmann/json.hpp>

#include "ctc/domain/scan.hpp"
#include "ctc/domain/specification.hpp"
#include "ctc/domain/team.hpp"
#include "ctc/storage/team_repository.hpp"

namespace ctc::http {

nlohmann::json toJson(const storage::TeamMembership& team);
/// Never includes stored credentials; the inline OpenAPI document is summarised as a flag.
/// "scan_settings" is toJson(target.scanSettings).
nlohmann::json toJson(const Target& target);
/// Without the document.
nlohmann::json toJson(const Specification& specification);
/// {"requests_per_second": number or null (the server's rate), "include_paths": [...],
///  "exclude_paths": [...], "allow_destructive_methods": bool}: every key, always.
nlohmann::json toJson(const ScanSettings& settings);
/// {"status_code", "status", "progress", "started_at", "finished_at", "message"}
nlohmann::json statusJson(const Scan& scan);
/// Scan with its status object nested under "status".
nlohmann::json toJson(const Scan& scan);

}  // namespace ctc::http
