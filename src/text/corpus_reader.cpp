#include "text/corpus_reader.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "io/input_file.h"

namespace w2v {

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  if (inputs.empty())
    throw UsageError("no input given; pass --input PATH (a file, a directory or -)");
  std::vector<std::string> out;
  for (const std::string& path : inputs) {
    if (path == "-") {
      out.push_back(path);
      continue;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw IoError(errno_message(path, "open"));
    if (!S_ISDIR(st.st_mode)) {
      out.push_back(path);
      continue;
    }
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) throw IoError(errno_message(path, "list directory"));
    std::vector<std::string> names;
    while (const dirent* ent = ::readdir(dir)) {
      const std::string name = ent->d_name;
      if (name.empty() || name[0] == '.') continue;
      const std::string full = (path.back() == '/' ? path : path + "/") + name;
      struct stat fst {};
      if (::stat(full.c_str(), &fst) == 0 && S_ISREG(fst.st_mode)) names.push_back(full);
    }
    ::closedir(dir);
    if (names.empty()) {
      throw IoError(path +
                    ": directory has no regular files to read (files starting with '.' "
                    "are skipped); give a file or a directory with text files");
    }
    std::sort(names.begin(), names.end());
    out.insert(out.end(), names.begin(), names.end());
  }
  return out;
}

struct CorpusReader::Source {
  explicit Source(const std::string& path) : file(path) {}
  InputFile file;
};

CorpusReader::CorpusReader(std::vector<std::string> paths, std::size_t chunk_bytes)
    : paths_(std::move(paths)), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1 << 12)) {
  for (const std::string& path : paths_) {
    struct stat st {};
    if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      input_bytes_total_ = 0;
      break;
    }
    input_bytes_total_ += static_cast<std::uint64_t>(st.st_size);
  }
}

std::uint64_t CorpusReader::input_bytes_done() const {
  return input_bytes_closed_ + (source_ ? source_->file.raw_offset() : 0);
}

CorpusReader::~CorpusReader() = default;

bool CorpusReader::open_next_file() {
  source_.reset();
  if (next_file_ >= paths_.size()) return false;
  source_ = std::make_unique<Source>(paths_[next_file_]);
  ++next_file_;
  carry_.clear();
  carry_open_ = false;
  skipping_ = false;
  return true;
}

bool CorpusReader::next(CorpusChunk& chunk) {
  // Fill the chunk with carried bytes plus fresh ones, then cut after the last whitespace byte and
  // carry the rest (part of a token) to the next chunk. At the end of a file the whole remainder
  // goes out with ends_input set.
  for (;;) {
    if (!source_ && !open_next_file()) return false;
    std::vector<char>& buf = chunk.bytes;
    buf.resize(chunk_bytes_);
    std::size_t used = carry_.size();
    if (used > 0) std::memcpy(buf.data(), carry_.data(), used);
    const bool open_at_start = carry_open_;
    carry_.clear();
    bool at_eof = false;
    while (used < buf.size()) {
      const std::size_t got = source_->file.read(buf.data() + used, buf.size() - used);
      if (got == 0) {
        at_eof = true;
        break;
      }
      bytes_read_ += got;
      if (skipping_) {
        // Drop the rest of an over-long token up to the next whitespace byte.
        std::size_t k = 0;
        while (k < got && !is_space(static_cast<unsigned char>(buf[used + k]))) ++k;
        dropped_bytes_ += k;
        std::memmove(buf.data() + used, buf.data() + used + k, got - k);
        if (k < got) skipping_ = false;
        used += got - k;
        continue;
      }
      used += got;
    }
    chunk.sentence_open = open_at_start;
    chunk.file_index = next_file_ - 1;
    if (at_eof) {
      buf.resize(used);
      input_bytes_closed_ += source_->file.raw_offset();
      source_.reset();
      // Nothing left: go to the next file, unless a sentence is still open (the file ended right
      // after a full chunk); then an empty chunk goes out to close it.
      if (used == 0 && !open_at_start) continue;
      chunk.ends_input = true;
      chunk.seq = seq_++;
      return true;
    }
    chunk.ends_input = false;
    std::size_t cut = used;
    while (cut > 0 && !is_space(static_cast<unsigned char>(buf[cut - 1]))) --cut;
    if (cut == 0) {
      // No whitespace in a whole chunk: one token longer than any limit. Send it as it is (the
      // tokenizer cuts it and counts it) and drop the rest of it as it arrives.
      skipping_ = true;
      carry_open_ = true;
      buf.resize(used);
      chunk.seq = seq_++;
      return true;
    }
    carry_.assign(buf.begin() + static_cast<std::ptrdiff_t>(cut),
                  buf.begin() + static_cast<std::ptrdiff_t>(used));
    // Does a sentence with tokens run past the cut? Look back to the last LF or token byte.
    bool open = open_at_start;
    for (std::size_t k = cut; k > 0; --k) {
      const unsigned char c = static_cast<unsigned char>(buf[k - 1]);
      if (c == '\n') {
        open = false;
        break;
      }
      if (!is_space(c)) {
        open = true;
        break;
      }
    }
    carry_open_ = open;
    buf.resize(cut);
    chunk.seq = seq_++;
    return true;
  }
}

void for_each_chunk_parallel(CorpusReader& reader, int n_workers,
                             const std::function<void(int worker, CorpusChunk& chunk)>& fn,
                             const std::function<void()>& after_read) {
  n_workers = std::max(1, n_workers);
  // A bounded pool: at most 2 chunks per worker plus one being read are alive at any time.
  const std::size_t n_buffers = static_cast<std::size_t>(2 * n_workers + 1);
  std::mutex mu;
  std::condition_variable cv_full, cv_free;
  std::deque<std::unique_ptr<CorpusChunk>> full, free_list;
  for (std::size_t i = 0; i < n_buffers; ++i) free_list.push_back(std::make_unique<CorpusChunk>());
  bool done = false;
  std::atomic<bool> stop{false};
  std::exception_ptr error;

  auto fail = [&](std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(mu);
    if (!error) error = e;
    stop = true;
    cv_full.notify_all();
    cv_free.notify_all();
  };

  auto worker = [&](int id) {
    for (;;) {
      std::unique_ptr<CorpusChunk> chunk;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv_full.wait(lock, [&] { return !full.empty() || done || stop; });
        if (stop || full.empty()) return;
        chunk = std::move(full.front());
        full.pop_front();
      }
      try {
        fn(id, *chunk);
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        free_list.push_back(std::move(chunk));
      }
      cv_free.notify_one();
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n_workers));
  for (int i = 0; i < n_workers; ++i) threads.emplace_back(worker, i);

  try {
    for (;;) {
      std::unique_ptr<CorpusChunk> chunk;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv_free.wait(lock, [&] { return !free_list.empty() || stop; });
        if (stop) break;
        chunk = std::move(free_list.front());
        free_list.pop_front();
      }
      if (!reader.next(*chunk)) break;
      {
        std::lock_guard<std::mutex> lock(mu);
        full.push_back(std::move(chunk));
      }
      cv_full.notify_one();
      if (after_read) after_read();
    }
  } catch (...) {
    fail(std::current_exception());
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  cv_full.notify_all();
  for (std::thread& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace w2v
