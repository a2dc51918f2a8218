#pragma once
/// Finding the stored API key or webhook secret a caller presented.
#include <optional>
#include <string>
#include <string_view>

#include "ctc/storage/credential_repository.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

/// The unrevoked credential of `table` equal to `credential` (looked up by prefix, hashes
/// compared in constant time), nullopt when there is none. `hash` is hashCredential(credential).
/// A match still stored under the hash scheme from before the pepper gets the current hash.
Result<std::optional<storage::StoredCredential>> findCredential(storage::Database& db,
                                                                storage::CredentialTable table,
                                                                std::string_view credential,
                                                                const std::string& hash);

}  // namespace ctc::service
