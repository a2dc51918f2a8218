#pragma once
/// Targets ("projects" in the vendor's UI), always scoped by team.
#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <vector>

#include "ctc/domain/team.hpp"

namespace ctc::storage {

/// Inserts target (id and createdAt are assigned) and returns it.
Target insertTarget(SQLite::Database& db, Target target);
std::optional<Target> findTarget(SQLite::Database& db, int64_t targetId);
std::vector<Target> listTargets(SQLite::Database& db, int64_t teamId);
/// Deletes the target with its scans, findings and webhooks; false if it did not exist.
bool deleteTarget(SQLite::Database& db, int64_t targetId);
/// Overwrites the stored credentials and/or OpenAPI document (webhook start with a body).
void updateTargetInputs(SQLite::Database& db, int64_t targetId,
                        const std::optional<std::string>& credentialsJson,
                        const std::optional<std::string>& swagger);

}  // namespace ctc::storage
