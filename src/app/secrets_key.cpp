#include "ctc/app/secrets_key.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>

#include "ctc/app/key_file.hpp"
#include "ctc/storage/settings_repository.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/util/secret_box.hpp"

namespace ctc::app {
namespace {

constexpr const char* kFingerprintSetting = "secrets_key_fingerprint";

}  // namespace

Status loadSecretsKey(storage::Database& db, const std::string& keyFile) {
  const std::string path =
      keyFile.empty() ? (std::filesystem::path(db.path()).parent_path() / "secrets.key").string()
                      : keyFile;
  auto fingerprint = db.read([](storage::Connection& c) -> Result<std::optional<std::string>> {
    return storage::findSetting(c, kFingerprintSetting);
  });
  if (!fingerprint) return fingerprint.error();
  if (::access(path.c_str(), F_OK) != 0) {
    if (*fingerprint)
      return Error::unavailable(
          "the secrets key file " + path +
          " is missing, but this database's project credentials were sealed with it: restore it "
          "from your backup (or point --secrets-key-file at it); without it they cannot be read");
    if (auto created = createKeyFile(path, newSecretsKey(), "secrets key file"); !created)
      return created;
  }
  auto key = readKeyFile(path, kSecretsKeyBytes, "secrets key file");
  if (!key) return key.error();
  std::string own = secretsKeyFingerprint(*key);
  if (*fingerprint && **fingerprint != own)
    return Error::unavailable("the secrets key file " + path +
                              " belongs to another database: its project credentials cannot be "
                              "decrypted with it; use the secrets key file created with this "
                              "database");
  useSecretsKey(*key);
  sodium_memzero(key->data(), key->size());
  const bool firstKey = !*fingerprint;
  auto sealed = db.write([&](storage::Connection& c) -> Result<int> {
    if (firstKey) storage::putSetting(c, kFingerprintSetting, own);
    return storage::sealPlaintextCredentials(c);
  });
  if (!sealed) return sealed.error();
  if (*sealed > 0) spdlog::info("sealed the stored credentials of {} projects", *sealed);
  return okStatus();
}

}  // namespace ctc::app
