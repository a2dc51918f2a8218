#pragma once
#include "ctc/storage/connection.hpp"

namespace ctc::storage {

/// Brings the schema up to the newest version, one transaction per step, tracked in
/// PRAGMA user_version. Throws SQLite::Exception on failure (Database::open maps it).
void migrate(storage::Connection& db);

}  // namespace ctc::storage
