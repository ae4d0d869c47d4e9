#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
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
  // Bytes of the input files consumed so far (compressed bytes for gzip), for progress.
  std::uint64_t input_bytes_done() const;
  // Sum of the input files' sizes, or 0 when one of them has no known size (stdin, a pipe).
  std::uint64_t input_bytes_total() const { return input_bytes_total_; }

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
  std::uint64_t input_bytes_total_ = 0;
  std::uint64_t input_bytes_closed_ = 0;  // raw bytes of the files already finished
};

// Runs the reader on the calling thread and fn(worker, chunk) on n_workers others, with a bounded
// number of chunks in flight (memory stays flat). Chunks reach workers in any order; chunk.seq
// gives corpus order. after_read, if given, runs on the calling thread after each chunk is read
// (progress reports). The first exception from the reader or a worker stops everything and is
// rethrown here.
void for_each_chunk_parallel(CorpusReader& reader, int n_workers,
                             const std::function<void(int worker, CorpusChunk& chunk)>& fn,
                             const std::function<void()>& after_read = {});

// for_each_chunk_parallel with results written in corpus order: process(worker, chunk) runs on
// the workers in any order and returns a Result; write(Result&) runs on the results in chunk.seq
// order, one call at a time, on whichever worker holds the next one. A worker more than
// 4 * n_workers chunks ahead of the writer waits, so memory stays bounded even if one worker
// stalls; a failure in any worker wakes the waiting ones, and the first exception is rethrown.
template <class Result>
void for_each_chunk_ordered(CorpusReader& reader, int n_workers,
                            const std::function<Result(int worker, CorpusChunk& chunk)>& process,
                            const std::function<void(Result& result)>& write,
                            const std::function<void()>& after_read = {}) {
  const std::size_t max_pending = static_cast<std::size_t>(4 * std::max(1, n_workers));
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::uint64_t, Result> pending;
  std::uint64_t next_seq = 0;
  bool failed = false;
  const auto fail_and_wake = [&] {
    {
      std::lock_guard<std::mutex> guard(mu);
      failed = true;
    }
    cv.notify_all();
  };
  for_each_chunk_parallel(
      reader, n_workers,
      [&](int worker, CorpusChunk& chunk) {
        Result result;
        try {
          result = process(worker, chunk);
        } catch (...) {
          fail_and_wake();
          throw;
        }
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock,
                [&] { return failed || chunk.seq == next_seq || pending.size() < max_pending; });
        if (failed) return;
        pending.emplace(chunk.seq, std::move(result));
        try {
          for (auto it = pending.begin(); it != pending.end() && it->first == next_seq;
               it = pending.erase(it), ++next_seq) {
            write(it->second);
          }
        } catch (...) {
          failed = true;
          cv.notify_all();
          throw;
        }
        cv.notify_all();
      },
      after_read);
}

}  // namespace w2v
