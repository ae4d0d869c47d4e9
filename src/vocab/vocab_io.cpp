#include "vocab/vocab_io.h"

#include <charconv>

#include "core/error.h"
#include "io/input_file.h"
#include "io/output_file.h"
#include "text/tokenizer.h"
#include "vocab/word_counter.h"

namespace w2v {

void write_vocab(const Vocab& vocab, const std::string& path) {
  OutputFile out(path);
  char digits[24];
  for (std::size_t id = 0; id < vocab.size(); ++id) {
    out.write(vocab.word(static_cast<WordId>(id)));
    out.put(' ');
    const auto res =
        std::to_chars(digits, digits + sizeof digits, vocab.count(static_cast<WordId>(id)));
    out.write(digits, static_cast<std::size_t>(res.ptr - digits));
    out.put('\n');
  }
  out.commit();
}

Vocab read_vocab(const std::string& path) {
  InputFile in(path);
  LineReader lines(in);
  std::string line;
  std::vector<std::pair<std::string, std::uint64_t>> entries;
  WordCounter seen;  // catches a repeated word at its line, before the file is read to the end
  const auto fail = [&](const std::string& what) {
    throw FormatError(display_name(path) + ":" + std::to_string(lines.line_number()) + ": " + what +
                      "; a vocabulary file has one \"word count\" per line (as w2v-vocab and "
                      "word2vec -save-vocab write it)");
  };
  while (lines.next(line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t sep = line.find_last_of(" \t");
    if (sep == std::string::npos) fail("expected a word and a count, got one field");
    std::size_t word_end = sep;
    while (word_end > 0 && (line[word_end - 1] == ' ' || line[word_end - 1] == '\t')) --word_end;
    if (word_end == 0) fail("the word is missing");
    for (std::size_t i = 0; i < word_end; ++i) {
      if (is_space(static_cast<unsigned char>(line[i]))) fail("the word contains whitespace");
    }
    const char* first = line.data() + sep + 1;
    const char* last = line.data() + line.size();
    std::uint64_t count = 0;
    const auto res = std::from_chars(first, last, count);
    if (first == last || res.ec != std::errc() || res.ptr != last) {
      fail("the count \"" + std::string(first, last) + "\" is not a non-negative integer");
    }
    if (seen.add(std::string_view(line.data(), word_end)) > 1) {
      fail("the word \"" + line.substr(0, word_end) + "\" appears a second time");
    }
    entries.emplace_back(line.substr(0, word_end), count);
  }
  if (entries.empty()) {
    throw FormatError(display_name(path) +
                      ": the vocabulary file has no entries; create one with w2v-vocab");
  }
  try {
    return Vocab::from_counts(std::move(entries));
  } catch (const FormatError& e) {
    throw FormatError(display_name(path) + ": " + e.what());
  }
}

}  // namespace w2v
