#pragma once
/// Targets ("projects" in the vendor's UI), always scoped by team.
#include <optional>
#include <vector>

#include "ctc/domain/team.hpp"
#include "ctc/storage/connection.hpp"

namespace ctc::storage {

/// Inserts target (id and createdAt are assigned) and returns it.
Target insertTarget(storage::Connection& db, Target target);
std::optional<Target> findTarget(storage::Connection& db, int64_t targetId);
std::vector<Target> listTargets(storage::Connection& db, int64_t teamId);
/// Deletes the target with its scans, findings and webhooks; false if it did not exist.
bool deleteTarget(storage::Connection& db, int64_t targetId);
/// Replaces the target's scan settings as a whole; false if the target does not exist.
bool updateScanSettings(storage::Connection& db, int64_t targetId, const ScanSettings& settings);
/// Overwrites the stored credentials and/or OpenAPI document (webhook start with a body).
void updateTargetInputs(storage::Connection& db, int64_t targetId,
                        const std::optional<std::string>& credentialsJson,
                        const std::optional<std::string>& swagger);

}  // namespace ctc::storage
