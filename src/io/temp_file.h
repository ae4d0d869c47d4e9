#pragma once

#include <string>

namespace w2v {

// The directory for temporary files: `requested` if not empty, else $TMPDIR, else /tmp.
std::string temp_directory(const std::string& requested);

// A temporary file in a directory, unlinked as soon as it is created, so that nothing is left
// behind even after kill -9: it lives as long as this object holds its descriptor. path() names
// it for opening again ("/proc/self/fd/N", Linux), e.g. by InputFile.
class TempFile {
 public:
  // Throws IoError naming dir if the file cannot be created there ("...; try --tmp-dir").
  explicit TempFile(const std::string& dir);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  std::string path() const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  int fd_ = -1;
};

}  // namespace w2v
