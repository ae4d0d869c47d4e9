#include "eval/analogy_set.h"

#include "core/error.h"
#include "eval/line_source.h"
#include "io/input_file.h"

namespace w2v {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

}  // namespace

std::size_t AnalogySet::n_questions() const {
  std::size_t n = 0;
  for (const AnalogySection& s : sections) n += s.questions.size();
  return n;
}

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool is_syntactic_section(std::string_view name) { return name.substr(0, 4) == "gram"; }

namespace {

// Parses lines as next_line(line, line_no) hands them over, so files are read as a stream.
template <class NextLine>
AnalogySet parse_lines(NextLine&& next_line, const std::string& path) {
  AnalogySet set;
  set.path = path;
  const std::string name = display_name(path);
  std::uint64_t line_no = 0;
  std::string_view line;
  while (next_line(line, line_no)) {
    const std::string where = name + ": line " + std::to_string(line_no) + ": ";
    if (!line.empty() && line[0] == ':') {
      std::string_view section = line;
      while (!section.empty() && (section.front() == ':' || section.front() == ' ')) {
        section.remove_prefix(1);
      }
      while (!section.empty() && is_space(section.front())) section.remove_prefix(1);
      while (!section.empty() && is_space(section.back())) section.remove_suffix(1);
      if (section.empty()) {
        throw FormatError(where + "a section header needs a name, as in \": capital-world\"");
      }
      set.sections.push_back({std::string(section), {}});
      continue;
    }
    const auto words = split_words(line);
    if (words.empty()) continue;
    if (set.sections.empty()) {
      throw FormatError(where + "a question before the first section header; start the file " +
                        "with a line such as \": capital-world\"");
    }
    if (words.size() != 4) {
      throw FormatError(where + "expected 4 words (a b c d: a is to b as c is to d), found " +
                        std::to_string(words.size()));
    }
    AnalogyQuestion q;
    for (std::size_t i = 0; i < 4; ++i) q.words[i] = std::string(words[i]);
    q.line = line_no;
    set.sections.back().questions.push_back(std::move(q));
  }
  if (set.n_questions() == 0) {
    throw FormatError(name + ": no analogy questions; expected \": section\" lines followed by " +
                      "lines of four words");
  }
  return set;
}

}  // namespace

AnalogySet parse_analogy_set(std::string_view text, const std::string& path) {
  return parse_lines(TextLines(text), path);
}

AnalogySet read_analogy_set(const std::string& path) {
  InputFile in(path);
  return parse_lines(StreamLines(in), path);
}

}  // namespace w2v
