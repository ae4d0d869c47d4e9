#include "io/temp_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>

#include "core/error.h"

namespace w2v {

std::string temp_directory(const std::string& requested) {
  if (!requested.empty()) return requested;
  const char* env = std::getenv("TMPDIR");
  if (env != nullptr && *env != '\0') return env;
  return "/tmp";
}

TempFile::TempFile(const std::string& dir) : dir_(dir) {
  std::string path = dir + "/.w2v-tmp-XXXXXX";
  fd_ = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd_ < 0) throw IoError(errno_message(dir, "create a temporary file in") + "; try --tmp-dir");
  ::unlink(path.c_str());
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string TempFile::path() const { return "/proc/self/fd/" + std::to_string(fd_); }

}  // namespace w2v
