#include "store/chunk_reader.h"

#include <algorithm>
#include <cstring>

#include "io/input_file.h"

namespace w2v {

namespace {
constexpr std::size_t kChunkBytes = 4 << 20;
}

ChunkReader::ChunkReader(InputFile& in) : in_(in), block_bytes_(kChunkBytes) {
  // A small plain file needs no 4 MiB buffer (gzip sizes are unknown until read).
  if (!in.is_gzip() && in.file_size() >= 0) {
    block_bytes_ =
        std::clamp<std::size_t>(static_cast<std::size_t>(in.file_size()) + 1, 4096, kChunkBytes);
  }
}

std::size_t ChunkReader::fill(std::size_t n) {
  if (end_ - begin_ >= n || eof_) return end_ - begin_;
  // Move the unread bytes to the front, then read big blocks behind them.
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const std::size_t want = std::max(n, block_bytes_);
  if (capacity_ < want) {
    std::unique_ptr<char[]> bigger(new char[want]);
    if (end_ > 0) std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    capacity_ = want;
  }
  while (end_ < n && !eof_) {
    const std::size_t got = in_.read(buf_.get() + end_, capacity_ - end_);
    if (got == 0) eof_ = true;
    end_ += got;
  }
  return end_ - begin_;
}

}  // namespace w2v
