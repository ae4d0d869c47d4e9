#include "store/projector_tsv.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <filesystem>

#include "core/error.h"
#include "core/progress.h"
#include "io/input_file.h"
#include "io/output_file.h"
#include "store/vector_header.h"
#include "store/word2vec_text.h"

namespace w2v {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

// A row of numbers has at most this many bytes (kMaxDim numbers of 64 bytes and a tab).
constexpr std::size_t kMaxRowBytes = static_cast<std::size_t>(kMaxDim) * 65 + 2;

}  // namespace

ProjectorPaths projector_paths(const std::string& path) {
  for (const std::string suffix : {"vectors.tsv", "tensor.tsv"}) {
    if (ends_with(path, suffix) && !is_directory(path)) {
      return {path, path.substr(0, path.size() - suffix.size()) + "metadata.tsv"};
    }
  }
  const std::string dir = !path.empty() && path.back() == '/' ? path : path + "/";
  return {dir + "vectors.tsv", dir + "metadata.tsv"};
}

bool looks_like_projector(const std::string& path) {
  if (path == "-") return false;
  const bool named = ends_with(path, "vectors.tsv") || ends_with(path, "tensor.tsv");
  if (!named && !is_directory(path)) return false;
  const ProjectorPaths p = projector_paths(path);
  return is_file(p.vectors) && is_file(p.metadata);
}

Embeddings read_projector(const std::string& path, ProgressReporter* progress) {
  const ProjectorPaths p = projector_paths(path);
  Embeddings e;
  {
    InputFile file(p.metadata);
    LineReader lines(file, 1 << 20);
    std::string line;
    while (lines.next(line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::size_t tab = line.find('\t');
      if (tab != std::string::npos) {
        // Several columns: the first line is the header, the first column the word.
        if (lines.line_number() == 1) continue;
        line.resize(tab);
      }
      const std::string where = p.metadata + ": line " + std::to_string(lines.line_number());
      if (line.empty()) {
        throw FormatError(where + ": empty word; every row of " + p.vectors + " needs one");
      }
      if (line.size() > kMaxWordBytes) {
        throw FormatError(where + ": the word is longer than " + std::to_string(kMaxWordBytes) +
                          " bytes");
      }
      e.words.push_back(line);
    }
  }
  if (e.words.empty()) {
    throw FormatError(p.metadata + ": no words; expected one word per line");
  }
  InputFile file(p.vectors);
  LineReader lines(file, kMaxRowBytes);
  std::string line, error;
  std::size_t dim = 0;
  while (lines.next(line)) {
    const std::uint64_t no = lines.line_number();
    const std::string where = p.vectors + ": line " + std::to_string(no) + ": ";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      throw FormatError(where + "empty line; every line holds one vector");
    }
    if (no > e.words.size()) {
      throw FormatError(where + "more rows than the " + std::to_string(e.words.size()) +
                        " words of " + p.metadata);
    }
    const std::size_t max = dim ? dim : static_cast<std::size_t>(kMaxDim);
    const std::size_t at = e.data.size();
    const std::size_t n = parse_vector_numbers(line, e.data, max, &error);
    if (n == 0) throw FormatError(where + error);
    if (dim == 0) {
      if (n > max) throw FormatError(where + "more than " + std::to_string(max) + " numbers");
      dim = n;
    } else if (n != dim) {
      e.data.resize(at);
      throw FormatError(where + "row " + std::to_string(no) + " (\"" + e.words[no - 1] +
                        "\") has " +
                        (n < dim ? std::to_string(n) : "more than " + std::to_string(dim)) +
                        " numbers; the first row has " + std::to_string(dim));
    }
    if (progress != nullptr && no % 256 == 0) progress->update(no);
  }
  const std::size_t rows = dim ? e.data.size() / dim : 0;
  if (rows != e.words.size()) {
    throw FormatError(p.vectors + ": " + std::to_string(rows) + " rows, but " + p.metadata +
                      " has " + std::to_string(e.words.size()) +
                      " words; the two files must have one line per word");
  }
  e.dim = static_cast<int>(dim);
  return e;
}

void write_projector(const Embeddings& e, const std::string& path) {
  const ProjectorPaths p = projector_paths(path);
  const std::string dir = std::filesystem::path(p.vectors).parent_path().string();
  if (!dir.empty() && !is_directory(dir)) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw IoError(dir + ": cannot create the directory: " + ec.message());
  }
  const std::size_t dim = static_cast<std::size_t>(e.dim);
  {
    OutputFile out(p.vectors);
    std::string line;
    char num[kMaxFloatChars];
    for (std::size_t i = 0; i < e.size(); ++i) {
      line.clear();
      const float* v = e.row(i);
      for (std::size_t j = 0; j < dim; ++j) {
        if (j > 0) line.push_back('\t');
        line.append(num, format_text_float(v[j], num, num + sizeof num));  // reads back exact
      }
      line.push_back('\n');
      out.write(line);
    }
    out.commit();
  }
  OutputFile out(p.metadata);
  for (const std::string& w : e.words) {
    out.write(w);
    out.put('\n');
  }
  out.commit();
}

}  // namespace w2v
