#include "ctc/service/credentials.hpp"

#include "ctc/util/secrets.hpp"

namespace ctc::service {

Result<std::optional<storage::StoredCredential>> findCredential(storage::Database& db,
                                                                storage::CredentialTable table,
                                                                std::string_view credential,
                                                                const std::string& hash) {
  bool legacy = false;
  auto found =
      db.read([&](storage::Connection& c) -> Result<std::optional<storage::StoredCredential>> {
        for (auto& row : storage::findActiveCredentials(c, table, credentialPrefix(credential))) {
          auto match = matchCredential(credential, hash, row.hash);
          if (match == CredentialMatch::No) continue;
          legacy = match == CredentialMatch::Legacy;
          return std::optional(std::move(row));
        }
        return std::optional<storage::StoredCredential>();
      });
  if (found && *found && legacy) {
    // Best effort: if it fails, the legacy hash still matches next time.
    (void)db.write([&](storage::Connection& c) -> Status {
      storage::replaceCredentialHash(c, table, (*found)->id, hash);
      return okStatus();
    });
  }
  return found;
}

}  // namespace ctc::service
