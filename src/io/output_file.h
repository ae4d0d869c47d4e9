#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace w2v {

enum class Compression { kNone, kGzip };

// kGzip when path ends in ".gz", else kNone: "phrased.txt.gz" -> kGzip.
Compression compression_for_path(std::string_view path);

// Appends data as one complete gzip member (header, deflate stream at zlib's fastest level,
// CRC-32 and length) to out; more than 64 MiB of data become several members. Members concatenate:
// gzip -d and InputFile read a file of several members as one stream, so parallel workers can
// compress pieces of one output independently.
void append_gzip_member(std::string& out, const char* data, std::size_t n);

// A checked, buffered, atomic writer. For a regular file (or a path that does not exist yet) the
// bytes go to a temporary file in the same directory, which commit() flushes, syncs and renames
// over the path; if commit() is never reached (an error, an exception) the temporary file is
// removed and the path is untouched. "-" (stdout) and paths that are not regular files, such as
// /dev/stdout or /dev/full, are written in place and never renamed over. Every failed write or
// close throws IoError naming the final path. With Compression::kGzip the bytes written are
// compressed, as gzip members of about 1 MiB each.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path, Compression compression = Compression::kNone);
  // Writes in place to fd, which the caller opened and closes (a temporary file); name is for
  // messages.
  OutputFile(int fd, std::string name, Compression compression = Compression::kNone);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const void* data, std::size_t n);
  void write(std::string_view s) { write(s.data(), s.size()); }
  void put(char c) {
    if (buf_.size() == buf_.capacity()) flush_buffer();
    buf_.push_back(c);
  }
  // kGzip only: writes member, a complete gzip member made by append_gzip_member, after the
  // bytes written so far.
  void write_gzip_member(std::string_view member);
  // Makes the output visible under its final path. Throws IoError on failure (no file is left).
  void commit();

  const std::string& path() const { return path_; }
  Compression compression() const { return compression_; }

 private:
  void flush_buffer();
  // Writes n bytes of content: to the file as they are, or as a gzip member.
  void emit(const char* data, std::size_t n);
  void write_fd(const char* data, std::size_t n);

  std::string path_;
  std::string temp_path_;  // empty when writing in place
  int fd_ = -1;
  bool owns_fd_ = false;
  bool committed_ = false;
  Compression compression_ = Compression::kNone;
  bool wrote_member_ = false;  // kGzip: at least one member is out
  std::uint64_t written_ = 0;  // bytes written to fd_
  std::uint64_t synced_ = 0;   // bytes whose disk write was started early
  std::vector<char> buf_;
  std::string member_;  // kGzip: scratch for the compressed bytes
};

}  // namespace w2v
