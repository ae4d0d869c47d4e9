#pragma once

#include <string>

#include "vocab/vocab.h"

namespace w2v {

// Writes word2vec's -save-vocab format, one "word count\n" per entry in id order, atomically.
void write_vocab(const Vocab& vocab, const std::string& path);

// Reads that format (a trailing '\r' per line is accepted). Entries are put in canonical order;
// a missing "</s>" is added with count 0. Throws FormatError naming the file and line for a line
// without a count, a bad count, a duplicate word, or a file with no entries.
Vocab read_vocab(const std::string& path);

}  // namespace w2v
