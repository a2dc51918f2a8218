#include "ctc/app/secrets_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "ctc/storage/settings_repository.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/util/secret_box.hpp"

namespace ctc::app {
namespace {

constexpr const char* kFingerprintSetting = "secrets_key_fingerprint";

Error fileError(const std::string& what, const std::string& path) {
  return Error::unavailable(what + " " + path + ": " + std::strerror(errno));
}

bool writeAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// Writes a new key to `path` unless a file is already there: written to a temporary file first
/// and linked into place, so `path` never exists half-written.
Status createKeyFile(const std::string& path) {
  std::string temporary = path + ".new-" + std::to_string(::getpid());
  ::unlink(temporary.c_str());  // left over by a crash of this pid's predecessor
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fileError("cannot create the secrets key file", temporary);
  std::string key = newSecretsKey();
  bool written = writeAll(fd, key) && ::fsync(fd) == 0;
  ::close(fd);
  bool linked = written && (::link(temporary.c_str(), path.c_str()) == 0 || errno == EEXIST);
  int savedErrno = errno;
  ::unlink(temporary.c_str());
  errno = savedErrno;
  if (!linked) return fileError("cannot write the secrets key file", path);
  // The new directory entry must survive a crash as well as the bytes.
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (int dirFd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
  return okStatus();
}

Result<std::string> readKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fileError("cannot read the secrets key file", path);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != kSecretsKeyBytes)
    return Error::unavailable("the secrets key file " + path + " must hold exactly " +
                              std::to_string(kSecretsKeyBytes) + " bytes; it holds " +
                              std::to_string(key.size()));
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
    spdlog::warn("the secrets key file {} is readable by other users; chmod 600 it", path);
  return key;
}

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
    if (auto created = createKeyFile(path); !created) return created;
  }
  auto key = readKeyFile(path);
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
