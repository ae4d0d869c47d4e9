#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace w2v {

// A checked, buffered, atomic writer. For a regular file (or a path that does not exist yet) the
// bytes go to a temporary file in the same directory, which commit() flushes, syncs and renames
// over the path; if commit() is never reached (an error, an exception) the temporary file is
// removed and the path is untouched. "-" (stdout) and paths that are not regular files, such as
// /dev/stdout or /dev/full, are written in place and never renamed over. Every failed write or
// close throws IoError naming the final path.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const void* data, std::size_t n);
  void write(std::string_view s) { write(s.data(), s.size()); }
  void put(char c) {
    if (buf_.size() == buf_.capacity()) flush_buffer();
    buf_.push_back(c);
  }
  // Makes the output visible under its final path. Throws IoError on failure (no file is left).
  void commit();

  const std::string& path() const { return path_; }

 private:
  void flush_buffer();
  void write_fd(const char* data, std::size_t n);

  std::string path_;
  std::string temp_path_;  // empty when writing in place
  int fd_ = -1;
  bool owns_fd_ = false;
  bool committed_ = false;
  std::vector<char> buf_;
};

}  // namespace w2v
