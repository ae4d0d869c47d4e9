#include "store/chunk_reader.h"

#include <algorithm>
#include <cstring>

#include "io/input_file.h"

namespace w2v {

namespace {
constexpr std::size_t kChunkBytes = 4 << 20;
}

ChunkReader::ChunkReader(InputFile& in) : in_(in) {}

std::size_t ChunkReader::fill(std::size_t n) {
  if (end_ - begin_ >= n || eof_) return end_ - begin_;
  // Move the unread bytes to the front, then read big blocks behind them.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const std::size_t want = std::max(n, kChunkBytes);
  if (buf_.size() < want) buf_.resize(want);
  while (end_ < n && !eof_) {
    const std::size_t got = in_.read(buf_.data() + end_, buf_.size() - end_);
    if (got == 0) eof_ = true;
    end_ += got;
  }
  return end_ - begin_;
}

}  // namespace w2v
