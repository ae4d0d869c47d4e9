#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace w2v {

// Expands the user's inputs: a file as it is, "-" for stdin, a directory as its regular files
// (not recursive, names starting with '.' skipped) sorted by name. Throws IoError for a missing
// path, a directory with no files, or an empty list.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

// A piece of corpus text that ends on whitespace or at the end of a file, so that no token
// straddles two chunks.
struct CorpusChunk {
  std::vector<char> bytes;     // the text; size() is the chunk's length
  bool sentence_open = false;  // the line running into this chunk already has tokens
  bool ends_input = false;     // the chunk is the last of its file (the file ends a sentence)
  std::uint64_t seq = 0;       // 0, 1, 2, ... in corpus order
  std::size_t file_index = 0;  // index into the expanded input list
};

// Reads the expanded inputs one after the other (plain or gzip) and cuts them into chunks of
// about chunk_bytes. Memory does not grow with the corpus or with line length: a line of any
// length is cut at whitespace, and a token longer than the chunk (which the tokenizer will cut
// anyway) has its excess dropped here and counted in dropped_bytes().
class CorpusReader {
 public:
  CorpusReader(std::vector<std::string> paths, std::size_t chunk_bytes = 1 << 20);
  ~CorpusReader();

  // Fills chunk with the next piece of text; returns false at the end of the last input.
  bool next(CorpusChunk& chunk);

  const std::vector<std::string>& paths() const { return paths_; }
  std::uint64_t bytes_read() const { return bytes_read_; }
  std::uint64_t dropped_bytes() const { return dropped_bytes_; }

 private:
  bool open_next_file();

  struct Source;
  std::vector<std::string> paths_;
  std::size_t chunk_bytes_;
  std::size_t next_file_ = 0;
  std::unique_ptr<Source> source_;
  std::vector<char> carry_;
  bool carry_open_ = false;  // a sentence with tokens runs into carry_
  bool skipping_ = false;    // dropping the rest of an over-long token
  std::uint64_t seq_ = 0;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t dropped_bytes_ = 0;
};

// Runs the reader on one thread and fn(worker, chunk) on n_workers others, with a bounded number
// of chunks in flight (memory stays flat). Chunks reach workers in any order; chunk.seq gives
// corpus order. The first exception from the reader or a worker stops everything and is
// rethrown here.
void for_each_chunk_parallel(CorpusReader& reader, int n_workers,
                             const std::function<void(int worker, CorpusChunk& chunk)>& fn);

}  // namespace w2v
