#pragma once
/// The deployment's credential pepper: a random key in a file of its own (not in the database),
/// with which API keys and webhook secrets are hashed.
#include <string>

#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::app {

/// Reads the pepper from `pepperFile` (empty: pepper.key beside the database), or creates it
/// there (mode 0600) for a database that has never had one, and hashes credentials with it from
/// now on. The database keeps the pepper's fingerprint, so a missing or foreign pepper file is an
/// error here rather than every key failing later. Call before threads start.
Status loadPepper(storage::Database& db, const std::string& pepperFile);

}  // namespace ctc::app
