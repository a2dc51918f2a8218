#include "ctc/app/key_file.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace ctc::app {
namespace {

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

}  // namespace

Status createKeyFile(const std::string& path, const std::string& newKey, const std::string& what) {
  std::string temporary = path + ".new-" + std::to_string(::getpid());
  ::unlink(temporary.c_str());  // left over by a crash of this pid's predecessor
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fileError("cannot create the " + what, temporary);
  bool written = writeAll(fd, newKey) && ::fsync(fd) == 0;
  ::close(fd);
  bool linked = written && (::link(temporary.c_str(), path.c_str()) == 0 || errno == EEXIST);
  int savedErrno = errno;
  ::unlink(temporary.c_str());
  errno = savedErrno;
  if (!linked) return fileError("cannot write the " + what, path);
  // The new directory entry must survive a crash as well as the bytes.
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (int dirFd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
  return okStatus();
}

Result<std::string> readKeyFile(const std::string& path, std::size_t bytes,
                                const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fileError("cannot read the " + what, path);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != bytes)
    return Error::unavailable("the " + what + " " + path + " must hold exactly " +
                              std::to_string(bytes) + " bytes; it holds " +
                              std::to_string(key.size()));
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
    spdlog::warn("the {} {} is readable by other users; chmod 600 it", what, path);
  return key;
}

}  // namespace ctc::app
