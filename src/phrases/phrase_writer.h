#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "phrases/phrase_table.h"
#include "text/tokenizer.h"

namespace w2v {

class OutputFile;

struct PhraseWriteStats {
  TokenStats tokens;           // tokens read
  std::uint64_t n_joined = 0;  // pairs joined (each makes one token of two)
  std::uint64_t n_lines = 0;   // lines written
  std::uint64_t n_bytes = 0;   // bytes written, before any compression
  double seconds = 0;
};

// Copies the inputs to out with every joinable pair of the table joined, left to right as
// word2phrase.c does: a word joined to the one before it is not joined to the one after it
// ("new york city" -> "new_york city"), and no pair spans a line. Writes one line per input line
// (blank lines kept), tokens separated by one space; the end of each input ends a line. Chunks
// are tokenized and rendered on n_threads threads, compressed there too when out is gzip, and
// written in order. Reports phase "writing" (input bytes).
PhraseWriteStats write_phrases(const std::vector<std::string>& paths, const PhraseTable& table,
                               const TokenizerOptions& tokenizer, int n_threads, OutputFile& out,
                               const PassProgressFn& progress = {},
                               std::size_t chunk_bytes = 1 << 20);

}  // namespace w2v
