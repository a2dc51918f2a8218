#pragma once
/// The wire shapes of our resources (contract §3-§5). IDs are JSON numbers.
#include <nlohmann/json.hpp>

#include "ctc/domain/scan.hpp"
#include "ctc/domain/team.hpp"
#include "ctc/storage/team_repository.hpp"

namespace ctc::http {

nlohmann::json toJson(const storage::TeamMembership& team);
/// Never includes stored credentials; the inline OpenAPI document is summarised as a flag.
nlohmann::json toJson(const Target& target);
/// {"status_code", "status", "progress", "started_at", "finished_at", "message"}
nlohmann::json statusJson(const Scan& scan);
/// Scan with its status object nested under "status".
nlohmann::json toJson(const Scan& scan);

}  // namespace ctc::http
