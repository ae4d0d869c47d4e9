#include "store/word2vec_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "core/error.h"
#include "core/progress.h"
#include "io/output_file.h"
#include "store/chunk_reader.h"
#include "store/vector_check.h"

namespace w2v {

namespace {

// Longest number we expect in a text row ("-1.2345678901234567e-123" and some slack).
constexpr std::size_t kMaxNumberBytes = 64;

// What went wrong in a row, for the caller to turn into a message with file and line.
struct RowError {
  std::string what;
};

std::string shorten(std::string_view s) {
  return std::string(s.substr(0, 40)) + (s.size() > 40 ? "..." : "");
}

// Parses one number token; throws RowError for anything but a finite float.
float parse_number(std::string_view tok, std::size_t column) {
  const char* first = tok.data();
  const char* last = tok.data() + tok.size();
  if (first != last && *first == '+') ++first;
  float value = 0.0f;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range && ptr == last) {
    // Below float's range (e.g. 1e-50) reads as the nearest float; above it is an error.
    double wide = 0.0;
    auto [wptr, wec] = std::from_chars(first, last, wide);
    if (wec == std::errc() && wptr == last && std::fabs(wide) < 1.0) {
      return static_cast<float>(wide);
    }
    throw RowError{"value " + std::to_string(column) + " (" + shorten(tok) +
                   ") is outside the range of a 32-bit float"};
  }
  if (ec != std::errc() || ptr != last) {
    throw RowError{"value " + std::to_string(column) + " (\"" + shorten(tok) +
                   "\") is not a number"};
  }
  if (!std::isfinite(value)) {
    throw RowError{"value " + std::to_string(column) + " is " + non_finite_name(value) +
                   "; the vectors are unusable (retrain, e.g. with a smaller --alpha)"};
  }
  return value;
}

// Parses the numbers of text (blank-separated) onto data; returns how many were read (stops
// after max_numbers + 1 so an over-long row is seen without parsing all of it).
std::size_t parse_numbers(std::string_view text, std::vector<float>& data,
                          std::size_t max_numbers) {
  std::size_t i = 0, count = 0;
  const std::size_t n = text.size();
  for (;;) {
    while (i < n && is_blank(text[i])) ++i;
    if (i == n) break;
    const std::size_t start = i;
    while (i < n && !is_blank(text[i])) ++i;
    if (++count > max_numbers) return count;
    data.push_back(parse_number(text.substr(start, i - start), count));
  }
  return count;
}

// Splits "word v1 ... vn" and appends the numbers to data; returns how many were read.
std::size_t parse_row(std::string_view line, std::string& word, std::vector<float>& data,
                      std::size_t max_numbers) {
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n && !is_blank(line[i])) ++i;
  if (i == 0) throw RowError{"the line starts with a blank instead of a word"};
  if (i > kMaxWordBytes) {
    throw RowError{"the word is longer than " + std::to_string(kMaxWordBytes) + " bytes"};
  }
  word.assign(line.data(), i);
  return parse_numbers(line.substr(i), data, max_numbers);
}

}  // namespace

std::size_t parse_vector_numbers(std::string_view text, std::vector<float>& data,
                                 std::size_t max_numbers, std::string* error) {
  const std::size_t at = data.size();
  try {
    return parse_numbers(text, data, max_numbers);
  } catch (const RowError& e) {
    data.resize(at);
    if (error != nullptr) *error = e.what;
    return 0;
  }
}

Embeddings read_word2vec_text(ChunkReader& in, const std::optional<VectorHeader>& header,
                              std::int64_t file_size, const std::string& path,
                              ProgressReporter* progress) {
  const std::string name = display_name(path);
  Embeddings e;
  std::uint64_t line_no = header ? 1 : 0;
  std::uint64_t row = 0;
  std::size_t dim = header ? static_cast<std::size_t>(header->dim) : 0;
  if (header) {
    // Smallest row: a 1-byte word and D times a blank and a digit, then '\n' (but the last).
    const std::uint64_t min_row_bytes = 2 * dim + 2;
    std::uint64_t reserve_rows =
        std::min<std::uint64_t>(header->n_rows, kUnknownSizeReserveBytes / (4 * dim));
    if (file_size >= 0) {
      const std::uint64_t body = static_cast<std::uint64_t>(file_size) - header->n_bytes + 1;
      if (header->n_rows > body / min_row_bytes) {
        throw FormatError(name + ": the header claims " + std::to_string(header->n_rows) +
                          " words of " + std::to_string(dim) + " numbers, more than the file's " +
                          std::to_string(file_size) +
                          " bytes can hold; the file is truncated or its header is wrong");
      }
      reserve_rows = header->n_rows;
    }
    e.words.reserve(reserve_rows);
    e.data.reserve(reserve_rows * dim);
  }
  // A line holds a word and at most kMaxDim numbers; anything longer is not a vector row.
  const std::size_t max_line = kMaxWordBytes + (kMaxNumberBytes + 1) * (dim ? dim : kMaxDim) + 2;
  std::string word;
  for (;;) {
    // Find the next line in view, growing the view up to max_line bytes.
    std::size_t want = 1 << 16;
    const char* nl = nullptr;
    std::size_t avail = 0;
    for (;;) {
      avail = in.fill(want);
      nl = static_cast<const char*>(std::memchr(in.data(), '\n', avail));
      if (nl != nullptr || avail < want) break;
      if (want >= max_line) {
        throw FormatError(name + ": line " + std::to_string(line_no + 1) + " is longer than " +
                          std::to_string(max_line) +
                          " bytes without a newline; the file is not text vectors (for a "
                          "binary file use --format binary)");
      }
      want = std::min(want * 4, max_line);
    }
    if (avail == 0) break;
    const std::size_t line_len = nl ? static_cast<std::size_t>(nl - in.data()) : avail;
    std::string_view line(in.data(), line_len);
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || is_blank(line.back()))) line.remove_suffix(1);
    const std::string where = name + ": line " + std::to_string(line_no) + ": ";
    if (line.empty()) {
      // Blank lines may only end the file.
      in.consume(line_len + (nl ? 1 : 0));
      for (;;) {
        const std::size_t n = in.fill(1 << 16);
        if (n == 0) break;
        const char* p = in.data();
        std::size_t k = 0;
        while (k < n && (p[k] == '\n' || p[k] == '\r' || is_blank(p[k]))) ++k;
        if (k < n) {
          throw FormatError(where + "empty line inside the vectors; remove it");
        }
        in.consume(k);
      }
      break;
    }
    if (header && row == header->n_rows) {
      throw FormatError(where + "more rows than the " + std::to_string(header->n_rows) +
                        " the header announces; the header's row count is wrong");
    }
    ++row;
    const std::size_t at = e.data.size();
    std::size_t count = 0;
    try {
      count = parse_row(line, word, e.data, dim ? dim : kMaxDim);
    } catch (const RowError& err) {
      throw FormatError(where + "row " + std::to_string(row) + ": " + err.what);
    }
    if (dim == 0) {
      if (count == 0) throw FormatError(where + "a word without numbers; expected a vector row");
      if (count > static_cast<std::size_t>(kMaxDim)) {
        throw FormatError(where + "more than " + std::to_string(kMaxDim) + " numbers in a row");
      }
      dim = count;
    } else if (count != dim) {
      e.data.resize(at);
      std::string msg =
          where + "row " + std::to_string(row) + " (\"" + shorten(word) + "\") has " +
          (count < dim ? "too few" : "too many") + " numbers: " +
          (count > dim ? "more than " + std::to_string(dim)
                       : std::to_string(count) + " instead of " + std::to_string(dim));
      if (!header && row == 2 && count > 1 && dim == 1) {
        msg += "; line 1 looks like a word2vec header: use --format text (or auto)";
      } else {
        msg += header ? "; the header says " + std::to_string(dim)
                      : "; the first row has " + std::to_string(dim);
      }
      throw FormatError(msg);
    }
    e.words.push_back(word);
    in.consume(line_len + (nl ? 1 : 0));
    if (progress != nullptr && row % 256 == 0) progress->update(row);
  }
  if (row == 0) {
    throw FormatError(name + (header ? ": no vector rows after the header"
                                     : ": the file is empty; expected word vectors"));
  }
  if (header && row != header->n_rows) {
    throw FormatError(name + ": the file ends after " + std::to_string(row) +
                      " rows, but the header announces " + std::to_string(header->n_rows) +
                      "; the file is truncated or its header is wrong");
  }
  e.dim = static_cast<int>(dim);
  return e;
}

void write_word2vec_text(const Embeddings& e, OutputFile& out, bool header) {
  const std::size_t dim = static_cast<std::size_t>(e.dim);
  if (header) out.write(std::to_string(e.size()) + " " + std::to_string(e.dim) + "\n");
  std::string line;
  char num[32];
  for (std::size_t i = 0; i < e.size(); ++i) {
    line.assign(e.words[i]);
    const float* v = e.row(i);
    for (std::size_t j = 0; j < dim; ++j) {
      line.push_back(' ');
      const auto res = std::to_chars(num, num + sizeof num, v[j]);
      line.append(num, res.ptr);
    }
    line.push_back('\n');
    out.write(line);
  }
}

}  // namespace w2v
