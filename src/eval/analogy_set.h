#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace w2v {

// One question "a b c d": a is to b as c is to d (d is the expected answer).
struct AnalogyQuestion {
  std::array<std::string, 4> words;
  std::uint64_t line = 0;  // 1-based line in the file
};

struct AnalogySection {
  std::string name;  // "capital-common-countries", "gram1-adjective-to-adverb", ...
  std::vector<AnalogyQuestion> questions;
};

// An analogy test set in the questions-words format (Mikolov et al. 2013).
struct AnalogySet {
  std::string path;
  std::vector<AnalogySection> sections;
  std::size_t n_questions() const;
};

// Reads the questions-words format: ": name" starts a section (gensim's rule: the name is the
// line with leading ':' and ' ' removed, trimmed), every other non-blank line is exactly four
// words separated by blanks. Blank lines are skipped. Throws IoError, or FormatError naming the
// file and line for a question before the first section, a line with other than four words,
// a section header without a name, or a file without questions.
AnalogySet read_analogy_set(const std::string& path);
AnalogySet parse_analogy_set(std::string_view text, const std::string& path);

// A section whose name starts with "gram" is syntactic; every other one is semantic.
bool is_syntactic_section(std::string_view name);

// Splits on ASCII whitespace (space, \t, \r, \n, \v, \f).
std::vector<std::string_view> split_words(std::string_view line);

}  // namespace w2v
