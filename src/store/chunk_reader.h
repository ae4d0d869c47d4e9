#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace w2v {

class InputFile;

// Big-block buffered reading for the vector readers: the reader asks for "at least n bytes in
// view", parses them in place and consumes what it used. Reads are large (4 MiB) so a binary
// file loads at disk speed; the buffer grows only as far as one request needs, and requests are
// bounded by the callers (a row, or a line of at most a stated length).
class ChunkReader {
 public:
  explicit ChunkReader(InputFile& in);

  // Makes at least n bytes available unless the input ends first; returns available().
  std::size_t fill(std::size_t n);
  const char* data() const { return buf_.get() + begin_; }
  std::size_t available() const { return end_ - begin_; }
  void consume(std::size_t n) {
    begin_ += n;
    consumed_ += n;
  }
  // True when nothing is buffered and the input has ended.
  bool at_end() {
    fill(1);
    return available() == 0;
  }
  // Bytes consumed since the start (decompressed bytes for gzip input).
  std::uint64_t offset() const { return consumed_; }

 private:
  InputFile& in_;
  std::unique_ptr<char[]> buf_;  // not zero-filled: only [begin_, end_) is ever read
  std::size_t capacity_ = 0;
  std::size_t block_bytes_;  // read size: 4 MiB, or less for a small plain file
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::uint64_t consumed_ = 0;
  bool eof_ = false;
};

}  // namespace w2v
