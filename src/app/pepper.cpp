#include "ctc/app/pepper.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "ctc/storage/settings_repository.hpp"
#include "ctc/util/secrets.hpp"

namespace ctc::app {
namespace {

constexpr const char* kFingerprintSetting = "pepper_fingerprint";

Error fileError(const std::string& what, const std::string& path) {
  return Error::unavailable(what + " " + path + ": " + std::strerror(errno));
}

/// Writes a new pepper to `path` unless a file is already there: written to a temporary file
/// first and linked into place, so `path` never exists half-written.
Status createPepperFile(const std::string& path) {
  std::string temporary = path + ".new-" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fileError("cannot create the pepper file", temporary);
  std::string pepper = newPepper();
  bool written = ::write(fd, pepper.data(), pepper.size()) == static_cast<ssize_t>(pepper.size()) &&
                 ::fsync(fd) == 0;
  ::close(fd);
  bool linked = written && (::link(temporary.c_str(), path.c_str()) == 0 || errno == EEXIST);
  int savedErrno = errno;
  ::unlink(temporary.c_str());
  errno = savedErrno;
  if (!linked) return fileError("cannot write the pepper file", path);
  return okStatus();
}

Result<std::string> readPepperFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fileError("cannot read the pepper file", path);
  std::string pepper((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (pepper.size() != kPepperBytes)
    return Error::unavailable("the pepper file " + path + " must hold exactly " +
                              std::to_string(kPepperBytes) + " bytes; it holds " +
                              std::to_string(pepper.size()));
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
    spdlog::warn("the pepper file {} is readable by other users; chmod 600 it", path);
  return pepper;
}

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
    if (auto created = createPepperFile(path); !created) return created;
  }
  auto pepper = readPepperFile(path);
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
