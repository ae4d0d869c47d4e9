#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace w2v {

// A byte stream from a file or "-" (stdin), transparently decompressed when the content starts with
// the gzip magic bytes (1f 8b), whatever its name. Concatenated gzip members are read one after the
// other, as gzip -d does. Errors name the file and, for corrupt or truncated gzip, the compressed
// byte offset where decoding failed. zlib stays behind this interface.
class InputFile {
 public:
  // Opens path ("-" is standard input). Throws IoError if it cannot be opened or is a directory.
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads up to n decompressed bytes into buf; returns 0 only at the end of the stream.
  // Throws IoError on a read error and FormatError on corrupt, truncated or trailing gzip data.
  std::size_t read(char* buf, std::size_t n);

  bool is_gzip() const;
  const std::string& path() const;
  // Size in bytes of the underlying file, or -1 when unknown (stdin, pipe).
  std::int64_t file_size() const;
  // Bytes of the underlying file consumed so far (compressed bytes for gzip).
  std::uint64_t raw_offset() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads lines of any length from an InputFile. The '\n' is removed; a '\r' before it is kept
// (callers that accept CRLF strip it). The last line need not end with '\n'.
class LineReader {
 public:
  // max_line_bytes > 0 bounds memory: a longer line throws FormatError naming the file and line.
  explicit LineReader(InputFile& in, std::size_t max_line_bytes = 0);
  // Fills line with the next line and returns true, or returns false at the end of input.
  bool next(std::string& line);
  // 1-based number of the line last returned by next().
  std::uint64_t line_number() const { return line_number_; }

 private:
  void check_length(const std::string& line) const;

  InputFile& in_;
  std::size_t max_line_bytes_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::uint64_t line_number_ = 0;
};

// Reads a whole (possibly gzip) file into memory; for small inputs such as evaluation sets.
std::string read_whole_file(const std::string& path);

}  // namespace w2v
