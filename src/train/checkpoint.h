#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "corpus/encoded_corpus.h"
#include "train/job_options.h"
#include "train/model.h"
#include "train/trainer.h"
#include "vocab/vocab.h"

namespace w2v {

// Identifies an encoded corpus: a resumed run re-reads its inputs and must get the same ids.
struct CorpusFingerprint {
  std::uint64_t size = 0;     // positions, sentence ends included
  std::uint64_t n_words = 0;  // positions holding a word
  std::uint64_t hash = 0;     // FNV-1a (64-bit) over the ids, one 32-bit id per step
  bool operator==(const CorpusFingerprint&) const = default;
};

// Reads the whole id stream once (and releases its pages behind it).
CorpusFingerprint fingerprint(const EncodedCorpus& corpus);

// What a run was started with, besides the vocabulary: enough to rebuild the corpus and to
// finish the run as it was asked for.
struct CheckpointRun {
  // Every option of the table but the local ones (train.alpha, min_alpha, shrink and n_threads
  // resolved); stored by name.
  TrainJobOptions options;
  CorpusFingerprint corpus;
  // A distributed run: each process's part of the corpus, in rank order (corpus is the first);
  // empty for one process.
  std::vector<CorpusFingerprint> rank_corpus;
};

// A checkpoint as read back.
struct Checkpoint {
  CheckpointRun run;
  Vocab vocab;
  TrainState state;
  Model model;
};

// Writes a checkpoint atomically (OutputFile: temporary file, fsync, rename): an existing file
// of that name stays whole until the new one replaces it. Throws IoError naming path.
// Format: docs/formats.md, "Checkpoint".
void write_checkpoint(const std::string& path, const CheckpointRun& run, const Vocab& vocab,
                      const TrainState& state, const Model& model);

// Reads and checks a checkpoint: magic, version, sizes against the file size, CRC-32, then every
// count against the bytes left before allocating, and the options' ranges. Reads versions 1 and
// 2 (options by position) and 3 (options by name: a key this build does not know is refused,
// a key it lacks takes the table's `absent` value). Throws IoError if the file cannot be read and
// FormatError ("ckpt.w2v: checksum mismatch ...") if it is not a valid checkpoint.
Checkpoint read_checkpoint(const std::string& path);

// CRC-32 (zlib's polynomial) of [data, data + size), continuing from crc (0 to start).
std::uint32_t checkpoint_crc(std::uint32_t crc, const void* data, std::size_t size);

}  // namespace w2v
