#pragma once
/// The deployment's secrets key: a random key in a file of its own (not in the database), with
/// which the secrets the server must read back (project credentials) are sealed at rest.
#include <string>

#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::app {

/// Reads the secrets key from `keyFile` (empty: secrets.key beside the database), or creates it
/// there (mode 0600) for a database that has never had one, seals and opens with it from now on,
/// and seals the project credentials still stored in clear (one transaction). The file holds
/// exactly kSecretsKeyBytes (32) raw random bytes. The database keeps the key's fingerprint, so a
/// missing or foreign key file is an error here (naming the file) rather than credentials that
/// cannot be read later. Call before threads start, after the database is open.
Status loadSecretsKey(storage::Database& db, const std::string& keyFile);

}  // namespace ctc::app
