#include "ctc/app/pepper.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>

#include "ctc/app/key_file.hpp"
#include "ctc/storage/settings_repository.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::app {
namespace {

constexpr const char* kFingerprintSetting = "pepper_fingerprint";

}  // namespace

Status loadPepper(storage::Database& db, const std::string& pepperFile) {
  const std::string path =
      pepperFile.empty() ? (std::filesystem::path(db.path()).parent_path() / "pepper.key").string()
                         : pepperFile;
  auto fingerprint = db.read([](storage::Connection& c) -> Result<std::optional<std::string>> {
    return storage::findSetting(c, kFingerprintSetting);
  });
  if (!fingerprint) return fingerprint.error();
  if (::access(path.c_str(), F_OK) != 0) {
    if (*fingerprint)
      return Error::unavailable(
          "the pepper file " + path +
          " is missing, but this database's API keys and webhook secrets were hashed with it: "
          "restore it from your backup (or point --pepper-file at it); without it no credential "
          "can be checked");
    if (auto created = createKeyFile(path, newPepper(), "pepper file"); !created) return created;
  }
  auto pepper = readKeyFile(path, kPepperBytes, "pepper file");
  if (!pepper) return pepper.error();
  std::string own = pepperFingerprint(*pepper);
  if (*fingerprint && **fingerprint != own)
    return Error::unavailable("the pepper file " + path +
                              " belongs to another database: its API keys and webhook secrets "
                              "would not match; use the pepper file created with this database");
  if (!*fingerprint) {
    auto stored = db.write([&](storage::Connection& c) -> Status {
      storage::putSetting(c, kFingerprintSetting, own);
      return okStatus();
    });
    if (!stored) return stored;
  }
  usePepper(*pepper);
  return okStatus();
}

}  // namespace ctc::app
