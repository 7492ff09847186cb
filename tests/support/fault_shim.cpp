// A fault shim for tests, loaded into a real `ariadne serve` with LD_PRELOAD:
// while the file named by ARIADNE_FAULT_CONTROL exists, calls on the SQLite
// database named by ARIADNE_FAULT_DB (the file, its -wal and -journal; not
// the -shm, which readers share through memory) fail as a failing disk makes
// them fail. The control file's first word picks the fault:
//   ENOSPC  writes fail with ENOSPC (disk full)
//   EIO     writes and syncs fail with EIO
//   FSYNC   writes succeed, fsync and fdatasync fail with EIO
//   EACCES  opening the database file for writing fails with EACCES, as for
//           a file the service user may only read (checked at open)
// Everything else passes through.
#undef _FORTIFY_SOURCE  // this file defines open() itself
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstdlib>

extern "C" {

enum fault { NONE, NOSPACE, IO, SYNC, NOACCESS };

static fault active_fault(void) {
  const char* control = getenv("ARIADNE_FAULT_CONTROL");
  if (!control || access(control, F_OK) != 0) return NONE;
  static int (*real_open)(const char*, int, ...);
  static ssize_t (*real_read)(int, void*, size_t);
  if (!real_open) real_open = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, "open");
  if (!real_read) real_read = (ssize_t(*)(int, void*, size_t))dlsym(RTLD_NEXT, "read");
  char word[16] = {0};
  int fd = real_open(control, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NONE;
  ssize_t n = real_read(fd, word, sizeof word - 1);
  close(fd);
  if (n <= 0) return NONE;
  if (strncmp(word, "ENOSPC", 6) == 0) return NOSPACE;
  if (strncmp(word, "EIO", 3) == 0) return IO;
  if (strncmp(word, "FSYNC", 5) == 0) return SYNC;
  if (strncmp(word, "EACCES", 6) == 0) return NOACCESS;
  return NONE;
}

// Whether `path` is the database file (or, unless main_only, its -wal or -journal).
static int database_path(const char* path, int main_only) {
  const char* db = getenv("ARIADNE_FAULT_DB");
  if (!db || !path) return 0;
  size_t len = strlen(db);
  if (strncmp(path, db, len) != 0) return 0;
  const char* rest = path + len;
  if (*rest == '\0') return 1;
  return !main_only && (strcmp(rest, "-wal") == 0 || strcmp(rest, "-journal") == 0);
}

static int database_fd(int fd) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return 0;
  path[n] = '\0';
  return database_path(path, 0);
}

// The errno a write (or, with `sync`, a sync) on fd fails with; 0 to pass it through.
static int failure(int fd, int sync) {
  fault f = active_fault();
  if (f == NONE || f == NOACCESS || !database_fd(fd)) return 0;
  if (sync) return f == IO || f == SYNC ? EIO : 0;
  return f == NOSPACE ? ENOSPC : f == IO ? EIO : 0;
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

ssize_t write(int fd, const void* buf, size_t count) {
  int e = failure(fd, 0);
  if (e) return errno = e, -1;
  return REAL("write", ssize_t(*)(int, const void*, size_t))(fd, buf, count);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  int e = failure(fd, 0);
  if (e) return errno = e, -1;
  return REAL("pwrite", ssize_t(*)(int, const void*, size_t, off_t))(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
  int e = failure(fd, 0);
  if (e) return errno = e, -1;
  return REAL("pwrite64", ssize_t(*)(int, const void*, size_t, off64_t))(fd, buf, count, offset);
}

int fsync(int fd) {
  int e = failure(fd, 1);
  if (e) return errno = e, -1;
  return REAL("fsync", int (*)(int))(fd);
}

int fdatasync(int fd) {
  int e = failure(fd, 1);
  if (e) return errno = e, -1;
  return REAL("fdatasync", int (*)(int))(fd);
}

// Opens as `symbol` does, unless the database file is opened for writing while EACCES is on.
static int checked_open(const char* symbol, const char* path, int flags, mode_t mode) {
  if ((flags & O_ACCMODE) != O_RDONLY && database_path(path, 1) && active_fault() == NOACCESS) {
    return errno = EACCES, -1;
  }
  return REAL(symbol, int (*)(const char*, int, ...))(path, flags, mode);
}

// The mode argument is there only with O_CREAT or O_TMPFILE.
int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return checked_open("open", path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return checked_open("open64", path, flags, mode);
}

}  // extern "C"
