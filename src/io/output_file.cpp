#include "io/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.h"

namespace w2v {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
}  // namespace

OutputFile::OutputFile(const std::string& path) : path_(path) {
  buf_.reserve(kBufferBytes);
  if (path.empty()) throw UsageError("output path is empty");
  if (path == "-") {
    fd_ = STDOUT_FILENO;
    return;
  }
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    throw IoError(path + ": is a directory; give a file name for the output");
  }
  if (exists && !S_ISREG(st.st_mode)) {
    // A device, FIFO or similar: write in place, never rename over it.
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw IoError(errno_message(path, "open for writing"));
    owns_fd_ = true;
    return;
  }
  if (!path.empty() && path.back() == '/') {
    throw IoError(path + ": is a directory name; give a file name for the output");
  }
  std::string templ = directory_of(path) + "/." + base_of(path) + ".tmp.XXXXXX";
  fd_ = ::mkostemp(templ.data(), O_CLOEXEC);
  if (fd_ < 0) {
    const int err = errno;
    throw IoError(path + ": cannot create a file in " + directory_of(path) + ": " +
                  std::strerror(err));
  }
  owns_fd_ = true;
  temp_path_ = templ;
  // mkstemp creates mode 0600; give the file the mode a plain create would (0666 & ~umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, static_cast<mode_t>(0666 & ~mask));
}

OutputFile::~OutputFile() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void OutputFile::write_fd(const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t put_n = ::write(fd_, data, n);
    if (put_n < 0) {
      if (errno == EINTR) continue;
      throw IoError(errno_message(path_, "write"));
    }
    data += put_n;
    n -= static_cast<std::size_t>(put_n);
  }
}

void OutputFile::flush_buffer() {
  if (!buf_.empty()) write_fd(buf_.data(), buf_.size());
  buf_.clear();
}

void OutputFile::write(const void* data, std::size_t n) {
  const char* p = static_cast<const char*>(data);
  if (buf_.size() + n > buf_.capacity()) {
    flush_buffer();
    if (n >= buf_.capacity()) {
      write_fd(p, n);
      return;
    }
  }
  buf_.insert(buf_.end(), p, p + n);
}

void OutputFile::commit() {
  if (committed_) return;
  flush_buffer();
  if (!temp_path_.empty()) {
    if (::fsync(fd_) != 0) throw IoError(errno_message(path_, "write (fsync)"));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw IoError(errno_message(path_, "write (close)"));
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      throw IoError(errno_message(path_, "rename the finished temporary file to"));
    }
    // Make the rename itself durable (best effort: some file systems refuse to sync a directory).
    const int dir_fd = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::fsync(dir_fd);
      ::close(dir_fd);
    }
  } else if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw IoError(errno_message(path_, "write (close)"));
  }
  committed_ = true;
}

}  // namespace w2v
