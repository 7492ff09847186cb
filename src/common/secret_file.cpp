#include "common/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sodium.h>

namespace ariadne {

namespace {

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

Status create_secret_file(const std::string& path, const std::string& text, const std::string& field) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Error::invalid(field, path + " already exists: a key file is never overwritten");
    return Error::invalid(field, "cannot create " + path + ": " + std::strerror(errno));
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return Error::internal("cannot write " + path + ": " + std::strerror(err));
  }
  return {};
}

Result<std::string> read_secret_file(const std::string& path, const std::string& field) {
  // Not blocking on a FIFO put where the key should be; regular files are checked below.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Error::invalid(field, "cannot read " + path + ": " + std::strerror(errno));
  struct stat st {};
  std::string text(256, '\0');
  ssize_t n = ::fstat(fd, &st) == 0 ? ::read(fd, text.data(), text.size()) : -1;
  ::close(fd);
  if (n < 0) return Error::invalid(field, "cannot read " + path);
  text.resize(static_cast<std::size_t>(n));
  auto refuse = [&](std::string why) -> Error {
    sodium_memzero(text.data(), text.size());
    return Error::invalid(field, std::move(why));
  };
  if (!S_ISREG(st.st_mode)) return refuse(path + " is not a regular file");
  if (st.st_uid != ::geteuid()) {
    return refuse(path + " belongs to user id " + std::to_string(st.st_uid) + ", not to the user running ariadne (" +
                  std::to_string(::geteuid()) + ")");
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return refuse(path + " has mode " + mode_text(st.st_mode) +
                  ": group and others must not read or write it (chmod 600 " + path + ")");
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace ariadne
