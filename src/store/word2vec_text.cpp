#include "store/word2vec_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/progress.h"
#include "io/output_file.h"
#include "store/chunk_reader.h"

namespace w2v {

namespace {

// Longest number field we read: word2vec.c's "%lf" of the largest float is 46 characters.
constexpr std::size_t kMaxNumberBytes = 64;
// Room for blanks (or a CR) at the end of a line, beyond its fields.
constexpr std::size_t kMaxLineSlackBytes = 64;

// Longest line (without its '\n') that rows of dim numbers may take.
std::size_t max_line_bytes(std::size_t dim) {
  return kMaxWordBytes + dim * (1 + kMaxNumberBytes) + kMaxLineSlackBytes;
}

// What went wrong in a row, for the caller to turn into a message with file, line and row.
// about_word: the word itself is at fault, so the message does not quote it as the row's name.
struct RowError {
  std::string what;
  bool about_word = false;
};

// Input text for a message: quoted, at most 40 bytes (not cutting a UTF-8 character), control
// bytes and tabs escaped.
std::string quoted(std::string_view s) {
  std::size_t cut = std::min<std::size_t>(s.size(), 40);
  for (int back = 0;
       back < 3 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80; ++back) {
    --cut;  // a UTF-8 continuation byte: the character starts earlier
  }
  std::string out = "\"";
  for (const char c : printable(s.substr(0, cut))) {
    if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + (cut < s.size() ? "...\"" : "\"");
}

const char* space_name(char c) {
  switch (c) {
    case '\t':
      return "a tab";
    case '\r':
      return "a carriage return";
    case '\v':
      return "a vertical tab";
    case '\f':
      return "a form feed";
    default:
      return "a blank";
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The decimal forms that both Python's float() and std::from_chars read:
// [+-]? (digits ['.' [digits]] | '.' digits) ([eE] [+-]? digits)?
bool is_decimal(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t n_digits = 0;
  while (i < n && is_digit(s[i])) ++i, ++n_digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && is_digit(s[i])) ++i, ++n_digits;
  }
  if (n_digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t n_exp_digits = 0;
    while (i < n && is_digit(s[i])) ++i, ++n_exp_digits;
    if (n_exp_digits == 0) return false;
  }
  return i == n;
}

// "nan", "inf", "infinity" in any case, with an optional sign: Python reads them (so gensim
// accepts them), and they deserve a better message than "not a number".
std::optional<const char*> non_finite_word(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  std::string lower(s);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "nan") return "NaN";
  if (lower == "inf" || lower == "infinity") return "infinite";
  return std::nullopt;
}

// For a decimal that std::from_chars finds beyond double's range: true if it is huge (beyond
// 1e308), false if it is tiny (below 1e-323). The decimal exponent of its first significant
// digit tells them apart.
bool is_huge_decimal(std::string_view s) {
  std::size_t i = (s.front() == '+' || s.front() == '-') ? 1 : 0;
  long long order = 0;  // decimal exponent of the first non-zero digit, before the 'e' part
  bool seen_point = false, seen_nonzero = false;
  long long n_int_digits = 0;  // integer digits from the first non-zero one
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') {
      seen_point = true;
    } else if (!seen_nonzero && s[i] == '0') {
      if (seen_point) --order;
    } else {
      if (!seen_nonzero) {
        seen_nonzero = true;
        if (seen_point) --order;
      }
      if (!seen_point) ++n_int_digits;
    }
  }
  if (n_int_digits > 0) order = n_int_digits - 1;
  long long exponent = 0;
  if (i < s.size()) {
    ++i;
    const bool negative = s[i] == '-';
    if (s[i] == '+' || s[i] == '-') ++i;
    for (; i < s.size(); ++i) exponent = std::min(exponent * 10 + (s[i] - '0'), 1000000000LL);
    if (negative) exponent = -exponent;
  }
  return order + exponent > 0;
}

// The float32 gensim makes of a decimal: Python's float() (the double nearest to the decimal),
// then numpy's cast to float32. That double rounding can differ from rounding the decimal to
// float directly (std::from_chars<float>) when a long decimal lies within 2^-53 of a midpoint
// between two floats: "1.00000005960464477625798673798840354720" (just above 1 + 2^-24) is
// 1.0f here and in gensim, 1.0000001f directly (format_text_float makes sure that what the
// writer prints reads back). Returns +-infinity past float's range, as numpy does: from
// 2^128 - 2^103, halfway to 2^128, up.
float decimal_to_float(std::string_view s) {
  const char* first = s.data() + (s.front() == '+' ? 1 : 0);
  double wide = 0.0;
  const auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), wide);
  const bool negative = s.front() == '-';
  if (ec == std::errc::result_out_of_range) {
    wide = is_huge_decimal(s) ? std::numeric_limits<double>::infinity() : 0.0;
    if (negative) wide = -wide;
  } else if (ec != std::errc() || ptr != s.data() + s.size()) {
    return std::numeric_limits<float>::quiet_NaN();  // unreachable for an is_decimal() string
  }
  constexpr double kOverflow = 0x1.ffffffp+127;
  constexpr float kMax = std::numeric_limits<float>::max();
  if (std::fabs(wide) >= kOverflow) {
    return negative ? -std::numeric_limits<float>::infinity()
                    : std::numeric_limits<float>::infinity();
  }
  if (std::fabs(wide) > static_cast<double>(kMax)) return negative ? -kMax : kMax;
  return static_cast<float>(wide);
}

// Reads field k (1-based, after the word) of a row; throws RowError unless it is a decimal that
// is a finite float.
float parse_number(std::string_view field, std::size_t k) {
  const auto name = [&] { return "field " + std::to_string(k); };
  if (field.empty()) {
    throw RowError{name() + " is empty: two spaces in a row (fields are separated by one space)"};
  }
  if (field.size() > kMaxNumberBytes) {
    throw RowError{name() + " (" + quoted(field) + ") is longer than " +
                   std::to_string(kMaxNumberBytes) + " characters; expected a number"};
  }
  if (!is_decimal(field)) {
    for (const char c : field) {
      if (is_ascii_space(c)) {
        throw RowError{name() + " (" + quoted(field) + ") contains " + space_name(c) +
                       "; fields are separated by one space"};
      }
    }
    if (const auto kind = non_finite_word(field)) {
      throw RowError{name() + " (" + quoted(field) + ") is " + *kind +
                     "; the vectors are unusable (retrain, e.g. with a smaller --alpha)"};
    }
    throw RowError{name() + " (" + quoted(field) + ") is not a number"};
  }
  const float value = decimal_to_float(field);
  if (!std::isfinite(value)) {
    throw RowError{name() + " (" + quoted(field) + ") is outside the range of a 32-bit float"};
  }
  return value;
}

// Parses one line (without its '\n') into its word and numbers (appended to data) and returns
// how many numbers it has. Throws RowError for the first problem from the left. cut: the line
// goes on beyond what is given, so a field the end cuts through is not judged unless it is
// already too long.
std::size_t parse_row(std::string_view line, bool cut, std::string& word,
                      std::vector<float>& data) {
  const bool ends_blank = !line.empty() && is_ascii_space(line.back());
  while (!line.empty() && is_ascii_space(line.back())) line.remove_suffix(1);
  const bool last_cut = cut && !ends_blank;
  const std::size_t word_end = std::min(line.find(' '), line.size());
  const std::string_view w = line.substr(0, word_end);
  if (w.empty()) throw RowError{"the line starts with a space instead of a word", true};
  if (w.size() > kMaxWordBytes) {
    throw RowError{"the word is longer than " + std::to_string(kMaxWordBytes) + " bytes", true};
  }
  for (const char c : w) {
    if (is_ascii_space(c)) {
      throw RowError{"the word " + quoted(w) + " contains " + space_name(c) +
                         "; the word and the numbers are separated by single spaces",
                     true};
    }
  }
  word.assign(w);
  std::size_t count = 0;
  for (std::size_t pos = word_end; pos < line.size();) {
    ++pos;  // the space
    const std::size_t next = std::min(line.find(' ', pos), line.size());
    const std::string_view field = line.substr(pos, next - pos);
    ++count;
    if (last_cut && next == line.size() && field.size() <= kMaxNumberBytes) break;
    data.push_back(parse_number(field, count));
    pos = next;
  }
  return count;
}

// One line of the input.
struct Line {
  std::string_view text;    // without the '\n'; the first max_bytes bytes if too_long
  std::size_t n_bytes = 0;  // text and its '\n', if it has one
  bool too_long = false;
};

// The next line, looking at most max_bytes + 1 bytes ahead; nullopt at the end of the input.
std::optional<Line> next_line(ChunkReader& in, std::size_t max_bytes) {
  std::size_t want = std::min<std::size_t>(1 << 16, max_bytes + 1);
  for (;;) {
    const std::size_t avail = in.fill(want);
    if (avail == 0) return std::nullopt;
    const char* p = in.data();
    const std::size_t look = std::min(avail, max_bytes + 1);
    if (const void* nl = std::memchr(p, '\n', look)) {
      const auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
      return Line{{p, len}, len + 1, false};
    }
    if (avail > max_bytes) return Line{{p, max_bytes}, 0, true};
    if (avail < want) return Line{{p, avail}, avail, false};  // the last line, without '\n'
    want = std::min(want * 4, max_bytes + 1);
  }
}

// Consumes the rest of the input if it is only ASCII whitespace and returns true; otherwise
// consumes up to the first other byte, adds the newlines passed to line_no and returns false.
bool skip_blank_rest(ChunkReader& in, std::uint64_t& line_no) {
  for (;;) {
    const std::size_t n = in.fill(1 << 16);
    if (n == 0) return true;
    const char* p = in.data();
    std::size_t k = 0;
    for (; k < n && is_ascii_space(p[k]); ++k) line_no += p[k] == '\n';
    in.consume(k);
    if (k < n) return false;
  }
}

// The row indices of words, to find a repeated word; hashes the words where they are stored.
class WordSet {
 public:
  explicit WordSet(const std::vector<std::string>& words) : set_(0, Hash{&words}, Equal{&words}) {}
  // Adds row i; returns the earlier row with the same word, or nullopt.
  std::optional<std::size_t> add(std::size_t i) {
    const auto [it, added] = set_.insert(i);
    if (added) return std::nullopt;
    return *it;
  }

 private:
  struct Hash {
    const std::vector<std::string>* words;
    std::size_t operator()(std::size_t i) const {
      return std::hash<std::string_view>()((*words)[i]);
    }
  };
  struct Equal {
    const std::vector<std::string>* words;
    bool operator()(std::size_t a, std::size_t b) const { return (*words)[a] == (*words)[b]; }
  };
  std::unordered_set<std::size_t, Hash, Equal> set_;
};

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

bool parse_text_float(std::string_view field, float& value) {
  if (field.empty() || field.size() > kMaxNumberBytes || !is_decimal(field)) return false;
  value = decimal_to_float(field);
  return std::isfinite(value);
}

char* format_text_float(float value, char* first, char* last) {
  char* end = std::to_chars(first, last, value).ptr;
  // The shortest decimal of a float can lie so close to the midpoint between it and a
  // neighbour that reading it through a double rounds to the neighbour: "7.038531e-26" (bits
  // 15ae43fd, the only positive float of 2^31 that does). More digits move it away.
  for (int digits = 9; digits <= 17; ++digits) {
    float back = 0.0f;
    if (parse_text_float(std::string_view(first, static_cast<std::size_t>(end - first)), back) &&
        std::memcmp(&back, &value, 4) == 0) {
      break;
    }
    end = std::to_chars(first, last, value, std::chars_format::general, digits).ptr;
  }
  return end;
}

bool is_word2vec_text_row(std::string_view line, int dim) {
  if (dim <= 0 || line.size() > max_line_bytes(static_cast<std::size_t>(dim))) return false;
  std::string word;
  std::vector<float> data;
  try {
    return parse_row(line, false, word, data) == static_cast<std::size_t>(dim);
  } catch (const RowError&) {
    return false;
  }
}

std::size_t parse_vector_numbers(std::string_view text, std::vector<float>& data,
                                 std::size_t max_numbers, std::string* error) {
  const std::size_t at = data.size();
  std::size_t i = 0, count = 0;
  const std::size_t n = text.size();
  const auto is_sep = [](char c) { return c == ' ' || c == '\t'; };
  for (;;) {
    while (i < n && is_sep(text[i])) ++i;
    if (i == n) break;
    const std::size_t start = i;
    while (i < n && !is_sep(text[i])) ++i;
    if (++count > max_numbers) return count;
    const std::string_view field = text.substr(start, i - start);
    float value = 0.0f;
    if (!parse_text_float(field, value)) {
      data.resize(at);
      if (error != nullptr) {
        *error = "value " + std::to_string(count) + " (" + quoted(field) +
                 ") is not a finite decimal number";
      }
      return 0;
    }
    data.push_back(value);
  }
  return count;
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
    // Smallest row: a 1-byte word and D times a space and a digit, then '\n' (but the last).
    const std::uint64_t min_row_bytes = 2 * dim + 2;
    std::uint64_t reserve_rows =
        std::min<std::uint64_t>(header->n_rows, kUnknownSizeReserveBytes / (4 * dim));
    if (file_size >= 0) {
      const std::uint64_t body = static_cast<std::uint64_t>(file_size) - header->n_bytes + 1;
      if (header->n_rows > body / min_row_bytes) {
        throw FormatError(name + ": the header claims " + plural(header->n_rows, "word", "words") +
                          " of " + std::to_string(dim) + " numbers, more than the file's " +
                          std::to_string(file_size) +
                          " bytes can hold; the file is truncated or its header is wrong");
      }
      reserve_rows = header->n_rows;
    }
    e.words.reserve(reserve_rows);
    e.data.reserve(reserve_rows * dim);
  }
  WordSet seen(e.words);
  std::string word;
  while (!header || row < header->n_rows) {
    const auto line = next_line(in, max_line_bytes(dim ? dim : kMaxDim));
    if (!line) break;
    ++line_no;
    const auto where = [&] { return name + ": line " + std::to_string(line_no) + ": "; };
    const std::string_view text = line->text;
    if (text.empty() ||
        (is_ascii_space(text.front()) && std::all_of(text.begin(), text.end(), is_ascii_space))) {
      // Blank lines may only end the file.
      in.consume(line->n_bytes);
      const std::string blank_where = where();
      if (skip_blank_rest(in, line_no)) break;
      throw FormatError(blank_where + "a blank line where row " + std::to_string(row + 1) +
                        " should be; remove it");
    }
    ++row;
    const std::size_t at = e.data.size();
    std::size_t count = 0;
    try {
      count = parse_row(line->text, line->too_long, word, e.data);
    } catch (const RowError& err) {
      throw FormatError(where() + "row " + std::to_string(row) +
                        (err.about_word ? "" : " (" + quoted(word) + ")") + ": " + err.what);
    }
    const auto where_row = [&] {
      return where() + "row " + std::to_string(row) + " (" + quoted(word) + "): ";
    };
    const char* says = header ? ", the header says " : ", the first row has ";
    if (line->too_long) {
      if (dim > 0 && count > dim) {
        throw FormatError(where_row() + "has more than " + plural(dim, "number", "numbers") + says +
                          std::to_string(dim));
      }
      throw FormatError(where() + "longer than " + std::to_string(max_line_bytes(dim)) +
                        " bytes, more than a row of " + std::to_string(dim ? dim : kMaxDim) +
                        " numbers takes; the file is damaged or not text vectors (for a "
                        "binary file use --format binary)");
    }
    if (dim == 0) {
      if (count == 0) {
        throw FormatError(where_row() + "a word without numbers; expected a vector row");
      }
      if (count > static_cast<std::size_t>(kMaxDim)) {
        throw FormatError(where_row() + "more than " + std::to_string(kMaxDim) + " numbers");
      }
      dim = count;
    } else if (count != dim) {
      e.data.resize(at);
      std::string msg = where_row() + "has " + plural(count, "number", "numbers");
      if (!header && row == 2 && count > 1 && dim == 1) {
        msg +=
            ", the first row has 1; line 1 looks like a word2vec header: use --format text "
            "(or auto)";
      } else {
        msg += says + std::to_string(dim);
      }
      throw FormatError(msg);
    }
    e.words.push_back(word);
    if (const auto first = seen.add(e.words.size() - 1)) {
      throw FormatError(where_row() + "the same word as row " + std::to_string(*first + 1) +
                        " (line " + std::to_string(*first + 1 + (header ? 1 : 0)) +
                        "); a word may have only one vector");
    }
    in.consume(line->n_bytes);
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
  // Only whitespace may follow the header's rows: more text means its row count is wrong.
  if (header && !skip_blank_rest(in, line_no)) {
    throw FormatError(name + ": line " + std::to_string(line_no + 1) + ": more rows than the " +
                      std::to_string(header->n_rows) +
                      " the header announces; the header's row count is wrong");
  }
  e.dim = static_cast<int>(dim);
  return e;
}

void write_word2vec_text(const Embeddings& e, OutputFile& out, bool header) {
  const std::size_t dim = static_cast<std::size_t>(e.dim);
  if (header) out.write(std::to_string(e.size()) + " " + std::to_string(e.dim) + "\n");
  std::string line;
  char num[kMaxFloatChars];
  for (std::size_t i = 0; i < e.size(); ++i) {
    line.assign(e.words[i]);
    const float* v = e.row(i);
    for (std::size_t j = 0; j < dim; ++j) {
      line.push_back(' ');
      line.append(num, format_text_float(v[j], num, num + sizeof num));
    }
    line.push_back('\n');
    out.write(line);
  }
}

}  // namespace w2v
