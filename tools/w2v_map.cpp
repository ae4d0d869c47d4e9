// w2v-map: a picture of some words of a vector space: PCA to 2-D, drawn as an SVG with labelled
// points and arrows for pairs (country -> capital).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/cli.h"
#include "common/progress_line.h"
#include "core/error.h"
#include "eval/analogy_eval.h"
#include "io/input_file.h"
#include "io/output_file.h"
#include "store/vectors_io.h"
#include "text/tokenizer.h"
#include "viz/pca.h"
#include "viz/word_map.h"

namespace {

using namespace w2v;
namespace po = boost::program_options;

// The words of a --words file: blank-separated, any number a line.
std::vector<std::string> read_words(const std::string& path) {
  std::vector<std::string> words;
  InputFile in(path);
  LineReader lines(in, 1 << 20);
  std::string line;
  while (lines.next(line)) {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_space(static_cast<unsigned char>(line[i]))) ++i;
      const std::size_t start = i;
      while (i < line.size() && !is_space(static_cast<unsigned char>(line[i]))) ++i;
      if (i > start) words.push_back(line.substr(start, i - start));
    }
  }
  return words;
}

// The pairs of a --pairs file: "a b" a line; blank lines and lines starting with '#' skipped.
std::vector<std::pair<std::string, std::string>> read_pairs(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> pairs;
  InputFile in(path);
  LineReader lines(in, 1 << 20);
  std::string line;
  while (lines.next(line)) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_space(static_cast<unsigned char>(line[i]))) ++i;
      const std::size_t start = i;
      while (i < line.size() && !is_space(static_cast<unsigned char>(line[i]))) ++i;
      if (i > start) words.push_back(line.substr(start, i - start));
    }
    if (words.empty() || words[0][0] == '#') continue;
    if (words.size() != 2) {
      throw FormatError(display_name(path) + ": line " + std::to_string(lines.line_number()) +
                        ": expected two words (\"a b\": an arrow from a to b), found " +
                        std::to_string(words.size()));
    }
    pairs.emplace_back(words[0], words[1]);
  }
  if (pairs.empty()) throw FormatError(display_name(path) + ": no pairs (\"a b\" lines)");
  return pairs;
}

// The points of the map: each known word once, in the order given (words, then pairs, then the
// first `top` rows), the role of each in the pairs, the arrows, and the words not found.
struct Picked {
  std::vector<std::size_t> rows;  // point -> row of e
  std::vector<int> role;          // point -> MapPoint::Role bits
  std::vector<MapArrow> arrows;
  std::vector<std::string> missing;
};

Picked pick_points(const Embeddings& e, const std::vector<std::string>& words,
                   const std::vector<std::pair<std::string, std::string>>& pairs, long long top,
                   bool ignore_case) {
  Picked out;
  std::vector<std::size_t>& rows = out.rows;
  std::vector<int>& role = out.role;
  std::vector<MapArrow>& arrows = out.arrows;
  std::vector<std::string>& missing = out.missing;
  std::unordered_map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < e.size(); ++i) {
    row_of.emplace(ignore_case ? fold_case(e.words[i]) : e.words[i], i);  // the first row wins
  }
  const auto find = [&](const std::string& w) -> std::optional<std::size_t> {
    const auto it = row_of.find(ignore_case ? fold_case(w) : w);
    if (it == row_of.end()) return std::nullopt;
    return it->second;
  };

  std::unordered_map<std::size_t, std::size_t> point_of;  // row -> point
  const auto add_row = [&](std::size_t row) {
    const auto [it, fresh] = point_of.emplace(row, rows.size());
    if (fresh) rows.push_back(row);
    return it->second;
  };
  const auto add = [&](const std::string& w) -> std::optional<std::size_t> {
    const auto row = find(w);
    if (row) return add_row(*row);
    if (std::find(missing.begin(), missing.end(), w) == missing.end()) missing.push_back(w);
    return std::nullopt;
  };
  for (const std::string& w : words) add(w);
  for (const auto& [a, b] : pairs) {
    const auto pa = add(a), pb = add(b);
    role.resize(rows.size(), 0);
    if (pa) role[*pa] |= 1;
    if (pb) role[*pb] |= 2;
    if (pa && pb && *pa != *pb) arrows.push_back({*pa, *pb});
  }
  long long n_top = 0;
  for (std::size_t i = 0; i < e.size() && n_top < top; ++i) {
    if (e.words[i] == "</s>") continue;
    add_row(i);
    ++n_top;
  }
  role.resize(rows.size(), 0);
  return out;
}

void report_missing(const std::vector<std::string>& missing) {
  std::string list;
  for (std::size_t k = 0; k < missing.size() && k < 20; ++k) {
    list += (k ? ", " : "") + printable(missing[k]);
  }
  if (missing.size() > 20) list += " and " + std::to_string(missing.size() - 20) + " more";
  std::cerr << "w2v-map: " << missing.size() << (missing.size() == 1 ? " word is" : " words are")
            << " not in the vectors and not drawn: " << list << "\n";
}

int run(int argc, char** argv) {
  cli::Command cmd(
      "w2v-map",
      "--vectors FILE --output map.svg [WORD... | --words FILE | --top N | --pairs FILE] "
      "[options]",
      "Draws words of a vector space as a picture: their vectors, scaled to unit length, are\n"
      "projected on their first two principal components (PCA) and drawn as an SVG with a\n"
      "labelled dot per word and, for --pairs, an arrow from the first word of each pair to the\n"
      "second. Word sources add up (in the order words, --words, --pairs, --top); words that\n"
      "are not in the vectors are listed on standard error and left out.");
  std::string vectors_path, output, words_path, pairs_path, coords_path, title;
  std::string format = "auto";
  long long top = 0;
  int width = 900, font_size = 13;
  bool no_normalize = false, ignore_case = false, progress = false, quiet = false;
  std::vector<std::string> words;
  cmd.options().add_options()(
      "vectors,v", po::value(&vectors_path)->required()->value_name("FILE"),
      "word vectors: word2vec binary or text, projector (auto-detected), GloVe with --format")(
      "output,o", po::value(&output)->required()->value_name("FILE"), "SVG file to write")(
      "words", po::value(&words_path)->value_name("FILE"), "more words, blank-separated")(
      "pairs", po::value(&pairs_path)->value_name("FILE"),
      "\"a b\" lines: both words, and an arrow from a to b")(
      "top", po::value(&top)->default_value(top)->value_name("N"),
      "the first N words of the file (the most frequent; \"</s>\" left out)")(
      "ignore-case", po::bool_switch(&ignore_case),
      "find words in any ASCII case (the first row of each folded word wins)")(
      "no-normalize", po::bool_switch(&no_normalize),
      "project the vectors as they are, not scaled to unit length")(
      "title", po::value(&title)->value_name("TEXT"), "a title at the top")(
      "width", po::value(&width)->default_value(width)->value_name("PX"), "picture width")(
      "font-size", po::value(&font_size)->default_value(font_size)->value_name("PX"),
      "label size [6, 72]")("coordinates", po::value(&coords_path)->value_name("FILE"),
                            "also write \"word<TAB>x<TAB>y\" (the 2-D coordinates) to FILE")(
      "format", po::value(&format)->default_value(format)->value_name("F"),
      "vectors format: auto, binary, text, glove or projector")(
      "progress", po::bool_switch(&progress),
      "show a progress line while loading even when standard error is not a terminal")(
      "quiet,q", po::bool_switch(&quiet), "print nothing on success");
  cmd.positional("words-list", -1, po::value(&words));
  if (!cmd.parse(argc, argv)) return cli::kExitOk;

  if (top < 0) throw UsageError("--top must be 0 or more, got " + std::to_string(top));
  if (width < 200 || width > 20000) {
    throw UsageError("--width must be in [200, 20000], got " + std::to_string(width));
  }
  if (font_size < 6 || font_size > 72) {
    throw UsageError("--font-size must be in [6, 72], got " + std::to_string(font_size));
  }
  if (words.empty() && words_path.empty() && pairs_path.empty() && top == 0) {
    throw UsageError("no words to draw: give WORDs, --words FILE, --pairs FILE or --top N");
  }
  const VectorFormat vector_format = parse_vector_format(format);
  // The small files first, so that their errors come before a long load.
  if (!words_path.empty()) {
    for (std::string& w : read_words(words_path)) words.push_back(std::move(w));
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!pairs_path.empty()) pairs = read_pairs(pairs_path);

  cli::ProgressLine line("w2v-map", cli::progress_show(progress, quiet));
  Embeddings e = read_vectors(vectors_path, vector_format, line.fn());
  line.finish();
  const Picked picked = pick_points(e, words, pairs, top, ignore_case);
  const std::vector<std::size_t>& rows = picked.rows;
  const std::vector<MapArrow>& arrows = picked.arrows;
  if (!picked.missing.empty()) report_missing(picked.missing);
  if (rows.size() < 2) {
    throw FormatError(std::to_string(rows.size()) + " of the words " +
                      (rows.size() == 1 ? "is" : "are") + " in " + display_name(vectors_path) +
                      "; a map needs at least 2" + (ignore_case ? "" : " (try --ignore-case)"));
  }

  if (!no_normalize) e.normalize_rows();
  std::vector<const float*> vectors;
  for (const std::size_t r : rows) vectors.push_back(e.row(r));
  const Pca2 pca = pca_2d(vectors, e.dim);

  std::vector<MapPoint> points(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    points[i].label = e.words[rows[i]];
    points[i].x = pca.xy[2 * i];
    points[i].y = pca.xy[2 * i + 1];
    points[i].role = static_cast<MapPoint::Role>(picked.role[i]);
  }
  MapStyle style;
  style.width = width;
  style.font_size = font_size;
  style.title = title;
  char caption[200];
  std::snprintf(caption, sizeof caption,
                "PCA of %zu word vectors%s: axes hold %.1f%% and %.1f%% of their variance",
                rows.size(), no_normalize ? "" : " (unit length)",
                100.0 * pca.variance[0] / pca.total_variance,
                100.0 * pca.variance[1] / pca.total_variance);
  style.caption = caption;
  const std::string svg = render_word_map(points, arrows, style);

  if (!coords_path.empty()) {
    OutputFile coords(coords_path);
    for (const MapPoint& p : points) {
      char buf[80];
      std::snprintf(buf, sizeof buf, "\t%.17g\t%.17g\n", p.x, p.y);
      coords.write(p.label);
      coords.write(buf);
    }
    coords.commit();
  }
  OutputFile out(output);
  out.write(svg);
  out.commit();
  if (!quiet) {
    std::cerr << "w2v-map: " << rows.size() << " words, " << arrows.size()
              << (arrows.size() == 1 ? " arrow" : " arrows") << " -> " << output << "\n";
  }
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-map", [&] { return run(argc, argv); });
}
