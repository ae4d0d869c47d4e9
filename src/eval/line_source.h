#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/input_file.h"

namespace w2v {

// Evaluation files hold short lines; a longer one means the wrong file (or a hostile one), and
// the limit keeps memory flat whatever the input.
constexpr std::size_t kMaxEvalLineBytes = 1 << 20;

// Line sources for the evaluation parsers: each call fills (line, line_no) and returns true, or
// returns false at the end. The view is valid until the next call.
class TextLines {
 public:
  explicit TextLines(std::string_view text) : text_(text) {}
  bool operator()(std::string_view& line, std::uint64_t& line_no) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    line_no = ++n_;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint64_t n_ = 0;
};

class StreamLines {
 public:
  explicit StreamLines(InputFile& in) : lines_(in, kMaxEvalLineBytes) {}
  bool operator()(std::string_view& line, std::uint64_t& line_no) {
    if (!lines_.next(buf_)) return false;
    line = buf_;
    line_no = lines_.line_number();
    return true;
  }

 private:
  LineReader lines_;
  std::string buf_;
};

}  // namespace w2v
