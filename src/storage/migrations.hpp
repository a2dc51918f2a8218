#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

namespace ctc::storage {

/// Brings the schema up to the newest version, one transaction per step, tracked in
/// PRAGMA user_version. Throws SQLite::Exception on failure (Database::open maps it).
void migrate(SQLite::Database& db);

}  // namespace ctc::storage
