#pragma once
/// Targets ("projects" in the vendor's UI), always scoped by team. credentials_json is stored
/// sealed with the process's secrets key (ctc/util/secret_box.hpp): every write seals, every read
/// opens, and a stored value that does not open fails the read with SQLite::Exception
/// (SQLITE_CORRUPT; Database::read/write turn it into an Internal error).
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
/// Seals every credentials_json still stored in clear (written before sealing existed); returns
/// how many. Run once the secrets key is loaded, inside the caller's transaction.
int sealPlaintextCredentials(storage::Connection& db);

}  // namespace ctc::storage
