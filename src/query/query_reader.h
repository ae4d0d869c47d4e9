#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace w2v {

// Reads query lines from a file descriptor (stdin for the query tools) in batches: a batch is
// every complete line already received, so a piped file of 1000 queries arrives as one batch
// (one matrix product), while an interactive user gets each answer as soon as the line is
// typed. Blocks only when no complete line is buffered. The '\n' and a '\r' before it are
// removed; a last line without '\n' counts.
class QueryReader {
 public:
  explicit QueryReader(int fd) : fd_(fd) {}
  // Fills lines with the next batch (at least one line) and returns true, or returns false at
  // the end of input. Throws IoError on a read error and FormatError for a line over 1 MiB.
  bool next_batch(std::vector<std::string>& lines);
  // 1-based number of the first line of the last batch.
  std::uint64_t first_line() const { return first_line_; }

 private:
  int fd_;
  std::string buf_;
  bool eof_ = false;
  std::uint64_t lines_read_ = 0;
  std::uint64_t first_line_ = 0;
};

}  // namespace w2v
