#include "store/vector_header.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/error.h"
#include "store/chunk_reader.h"

namespace w2v {

namespace {

bool parse_u64(std::string_view& s, std::uint64_t& value) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  if (s.empty() || s.front() < '0' || s.front() > '9') return false;  // no sign
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc()) return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return true;
}

// Line 1 of head without its '\n', or nullopt when it does not end within kMaxHeaderBytes (a
// shorter head is the whole file, so its end ends the line).
std::optional<std::string_view> first_line(std::string_view head) {
  const std::string_view window = head.substr(0, kMaxHeaderBytes);
  const std::size_t nl = window.find('\n');
  if (nl != std::string_view::npos) return head.substr(0, nl);
  if (head.size() < kMaxHeaderBytes) return head;  // the whole file is one short line
  return std::nullopt;
}

bool is_integer(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<VectorHeader> parse_vector_header(std::string_view head, const std::string& path) {
  const auto found = first_line(head);
  if (!found) return std::nullopt;
  std::string_view line = *found;
  const std::size_t n_bytes = line.size() < head.size() ? line.size() + 1 : line.size();
  while (!line.empty() && is_ascii_space(line.back())) line.remove_suffix(1);
  std::uint64_t n_rows = 0, dim = 0;
  if (!parse_u64(line, n_rows) || line.empty() || !is_blank(line.front())) return std::nullopt;
  if (!parse_u64(line, dim) || !line.empty()) return std::nullopt;
  const std::string where = display_name(path) + ": line 1: ";
  if (dim == 0) throw FormatError(where + "the header says dimension 0; the file has no vectors");
  if (dim > static_cast<std::uint64_t>(kMaxDim)) {
    throw FormatError(where + "the header says dimension " + std::to_string(dim) +
                      ", more than the " + std::to_string(kMaxDim) +
                      " we accept; the file is damaged or not a word2vec file");
  }
  if (n_rows == 0) throw FormatError(where + "the header says 0 words; the file has no vectors");
  return VectorHeader{n_rows, static_cast<int>(dim), n_bytes};
}

std::string vector_header_error(std::string_view head, const std::string& path) {
  const std::string_view line = head.substr(0, std::min(head.find('\n'), std::size_t{60}));
  const bool is_text = std::all_of(line.begin(), line.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\r';
  });
  std::string msg = display_name(path) + ": line 1: expected the header \"<words> <dimension>\"";
  if (!is_text) {
    return msg +
           "; the file is not word2vec vectors (for GloVe rows without a header use "
           "--format glove)";
  }
  msg += ", found \"" + printable(line) + "\"";
  // Blank-separated integers only: a damaged header, not a GloVe row ("3 2 1" read as GloVe
  // would make "3" a word).
  std::size_t n_fields = 0;
  bool all_integers = true;
  for (std::size_t i = 0; i < line.size();) {
    while (i < line.size() && is_ascii_space(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && !is_ascii_space(line[j])) ++j;
    if (j > i) {
      ++n_fields;
      all_integers = all_integers && is_integer(line.substr(i, j - i));
    }
    i = j;
  }
  if (all_integers && n_fields > 0) {
    return msg + " (" + std::to_string(n_fields) + (n_fields == 1 ? " number" : " numbers") +
           "); the header is damaged";
  }
  return msg +
         "; if this is a GloVe file (rows without a header) use --format glove, otherwise the "
         "file is not word2vec vectors";
}

VectorHeader read_vector_header(ChunkReader& in, const std::string& path) {
  in.fill(kMaxHeaderBytes);
  if (in.available() == 0) {
    throw FormatError(display_name(path) + ": the file is empty; expected word vectors");
  }
  const std::string_view head(in.data(), in.available());
  const auto header = parse_vector_header(head, path);
  if (!header) throw FormatError(vector_header_error(head, path));
  in.consume(header->n_bytes);
  return *header;
}

}  // namespace w2v
