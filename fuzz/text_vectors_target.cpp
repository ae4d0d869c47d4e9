#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "fuzz_support.h"
#include "fuzz_targets.h"
#include "store/vectors_io.h"

namespace w2v::fuzz {

namespace {

// ASCII whitespace, as Python's bytes.strip() removes it.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view rstrip(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

bool same_bits(const Embeddings& a, const Embeddings& b) {
  return a.dim == b.dim && a.words == b.words && a.data.size() == b.data.size() &&
         std::memcmp(a.data.data(), b.data.data(), 4 * a.data.size()) == 0;
}

// A field's float32 as gensim makes it, by another route than the reader's: glibc's strtod
// (correctly rounded to double), then the cast to float.
float reference_value(std::string_view field) {
  const std::string s(field);
  const double d = std::strtod(s.c_str(), nullptr);
  const float max = std::numeric_limits<float>::max();
  if (std::fabs(d) > static_cast<double>(max)) return d < 0 ? -max : max;
  return static_cast<float>(d);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// An accepted plain file, line by line: the header's V and D (two blank-separated integers),
// then V rows of a word and D numbers after single spaces, then only whitespace.
void check_rows(std::string_view bytes, const Embeddings& e) {
  const std::vector<std::string_view> lines = split(bytes, '\n');
  std::vector<std::uint64_t> header;
  for (std::string_view token : split(rstrip(lines[0]), ' ')) {
    for (std::string_view t : split(token, '\t')) {
      if (t.empty()) continue;
      if (!std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        fail("accepted a header that is not two integers");
      }
      header.push_back(std::strtoull(std::string(t).c_str(), nullptr, 10));
    }
  }
  if (header.size() != 2) fail("accepted a header that is not two integers");
  if (header[0] != e.size() || header[1] != static_cast<std::uint64_t>(e.dim)) {
    fail("the row count or the dimension differs from the header");
  }
  if (lines.size() < e.size() + 1) fail("fewer lines than rows");
  const std::size_t dim = static_cast<std::size_t>(e.dim);
  for (std::size_t i = 0; i < e.size(); ++i) {
    const std::vector<std::string_view> parts = split(rstrip(lines[i + 1]), ' ');
    if (parts.size() != dim + 1) fail("a row without exactly D numbers after single spaces");
    if (parts[0] != e.words[i]) fail("a word differs from its line");
    for (std::size_t j = 0; j < dim; ++j) {
      const float want = reference_value(parts[j + 1]);
      if (std::memcmp(&want, e.row(i) + j, 4) != 0) fail("a value differs from strtod's");
    }
  }
  for (std::size_t i = e.size() + 1; i < lines.size(); ++i) {
    if (!rstrip(lines[i]).empty()) fail("accepted text after the header's rows");
  }
}

}  // namespace

void text_vectors_target(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  MemFile file(data, size);
  std::optional<Embeddings> text;
  std::string error;
  try {
    text = read_vectors(file.path(), VectorFormat::kText);
  } catch (const FormatError& e) {
    error = e.what();
  }
  // auto, when it detects text, must say what --format text says.
  bool auto_text = false;
  try {
    auto_text = !gzip && detect_vector_format(bytes.substr(0, kVectorSniffBytes), file.path()) ==
                             VectorFormat::kText;
  } catch (const FormatError&) {
  }
  if (auto_text) {
    try {
      const Embeddings a = read_vectors(file.path(), VectorFormat::kAuto);
      if (!text || !same_bits(a, *text)) fail("auto (as text) and --format text differ");
    } catch (const FormatError& e) {
      if (text || error != e.what()) fail("auto (as text) and --format text differ");
    }
  }
  if (!text) {
    if (error.find('\n') != std::string::npos || error.rfind(file.path() + ": ", 0) != 0) {
      fail("an error that is not one line starting with the file name");
    }
    throw FormatError(error);
  }
  const Embeddings& e = *text;
  std::set<std::string> distinct;
  for (const std::string& w : e.words) {
    if (w.empty() || std::any_of(w.begin(), w.end(), is_space)) fail("a word empty or with blanks");
    if (!distinct.insert(w).second) fail("accepted a repeated word");
  }
  if (e.dim < 1 || e.data.size() != e.size() * static_cast<std::size_t>(e.dim)) {
    fail("matrix size");
  }
  if (!std::all_of(e.data.begin(), e.data.end(), [](float v) { return std::isfinite(v); })) {
    fail("accepted a value that is not finite");
  }
  if (!gzip) check_rows(bytes, e);
  // Whatever was accepted writes and reads back exactly, in both formats; text -> text is
  // byte-identical.
  const std::string out = scratch_dir() + "/text-vectors";
  for (const VectorFormat f : {VectorFormat::kText, VectorFormat::kBinary}) {
    write_vectors(e, out, f);
    const Embeddings back = read_vectors(out, f);
    if (!same_bits(back, e)) fail("vectors round trip");
    if (f == VectorFormat::kText) {
      const std::string first = read_file(out);
      write_vectors(back, out, f);
      if (read_file(out) != first) fail("text -> text is not byte-identical");
    }
  }
}

}  // namespace w2v::fuzz
