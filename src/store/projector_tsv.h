#pragma once

#include <string>

#include "store/embeddings.h"

namespace w2v {

class ProgressReporter;

// The TensorBoard Embedding Projector's pair of files: vectors.tsv holds one row per word, D
// numbers separated by tabs, no header; metadata.tsv holds the words, one per line, in the same
// order (no header: the projector reads a single column without one).
struct ProjectorPaths {
  std::string vectors;
  std::string metadata;
};

// Where the two files of path are: a directory holds vectors.tsv and metadata.tsv; a file whose
// name ends in "vectors.tsv" or "tensor.tsv" (gensim's word2vec2tensor) has its words in the
// file of the same name ending in "metadata.tsv". Anything else is a directory to write into.
// projector_paths("emb") -> {"emb/vectors.tsv", "emb/metadata.tsv"}
ProjectorPaths projector_paths(const std::string& path);

// True if path names projector files that exist (a directory with vectors.tsv, or a
// *vectors.tsv / *tensor.tsv file with its metadata beside it): what --format auto reads as one.
bool looks_like_projector(const std::string& path);

// Reads both files (plain or gzip). Metadata with several columns starts with a header row,
// which is skipped, and the word is the first column. Errors name the file and line: a row
// whose count of numbers differs from the first row's, a bad or non-finite number, an empty
// word, or files that disagree on the number of rows. Reports rows through progress, if given.
Embeddings read_projector(const std::string& path, ProgressReporter* progress = nullptr);

// Writes the two files (creating the directory if needed), each atomically, numbers in their
// shortest round-trip form, so projector -> binary is exact.
void write_projector(const Embeddings& e, const std::string& path);

}  // namespace w2v
