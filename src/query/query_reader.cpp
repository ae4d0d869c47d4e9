#include "query/query_reader.h"

#include <unistd.h>

#include <cerrno>

#include "core/error.h"

namespace w2v {

namespace {
constexpr std::size_t kReadBytes = 1 << 16;
constexpr std::size_t kMaxLineBytes = 1 << 20;
}  // namespace

bool QueryReader::next_batch(std::vector<std::string>& lines) {
  lines.clear();
  first_line_ = lines_read_ + 1;
  for (;;) {
    std::size_t pos = 0;
    for (std::size_t nl; (nl = buf_.find('\n', pos)) != std::string::npos; pos = nl + 1) {
      std::size_t end = nl;
      if (end > pos && buf_[end - 1] == '\r') --end;
      lines.emplace_back(buf_, pos, end - pos);
    }
    buf_.erase(0, pos);
    if (eof_ && !buf_.empty()) {
      if (buf_.back() == '\r') buf_.pop_back();
      lines.push_back(std::move(buf_));
      buf_.clear();
    }
    if (!lines.empty()) {
      lines_read_ += lines.size();
      return true;
    }
    if (eof_) return false;
    if (buf_.size() > kMaxLineBytes) {
      throw FormatError("<stdin>: line " + std::to_string(lines_read_ + 1) +
                        " is longer than 1 MiB; a query is a few words per line");
    }
    const std::size_t old = buf_.size();
    buf_.resize(old + kReadBytes);
    ssize_t got;
    do {
      got = ::read(fd_, buf_.data() + old, kReadBytes);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
      buf_.resize(old);
      throw IoError(errno_message("-", "read"));
    }
    buf_.resize(old + static_cast<std::size_t>(got));
    if (got == 0) eof_ = true;
  }
}

}  // namespace w2v
