#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/vectors_io.h"
#include "train/options.h"
#include "vocab/vocab_builder.h"

namespace w2v {

// Everything a training job needs: where the corpus and the vocabulary come from, how to train,
// and what to write. The options table below maps each field to its flag.
// Which vectors a job writes: the input rows (word2vec's), or input + output rows (the "w + c" of
// Levy, Goldberg and Dagan 2015).
enum class SaveVectors { kInput, kSum };

struct TrainJobOptions {
  std::vector<std::string> inputs;  // files, directories or "-"
  std::string vocab_path;           // read the vocabulary instead of counting it
  std::string save_vocab;           // also write the vocabulary used (w2v-vocab's format)
  VocabOptions vocab;               // min_count, max_vocab, tokenizer
  TrainOptions train;
  std::string output;  // the vectors
  VectorFormat format = VectorFormat::kBinary;
  // nullopt -> sum for CBOW with negative sampling and its own output rows, else input
  // (TrainJob::check).
  std::optional<SaveVectors> save_vectors;
  std::string output_vectors;        // also the output (syn1neg) vectors, if set
  std::string tmp_dir;               // for the encoded corpus; empty: the output's directory
  std::string checkpoint;            // where checkpoints go; empty: none
  double checkpoint_interval = 600;  // seconds between checkpoints; 0: only when asked
};

// What an option is to a checkpoint.
enum class OptionKind {
  kRun,      // describes the run: saved in checkpoints, cannot be given with --resume
  kSession,  // saved in checkpoints as the resumed run's default, may be given again
  kHidden,   // saved like kRun, but has no flag (W2V_ISA sets the kernels)
  kLocal,    // not saved (where this session writes its checkpoints)
};

// One option of w2v-train: its flag, help, range and checkpoint key (the name), and how it reads
// and writes its field. The command line, --help, the JSON log and the checkpoint all read this
// table: a new option is one entry here plus the code that uses it.
struct OptionSpec {
  const char* name;        // "window": the flag --window and the checkpoint key
  const char* short_name;  // "i" for -i, or ""
  const char* value_name;  // "N", "FILE"; "" for a switch
  OptionKind kind;
  bool repeatable;
  double lo, hi;  // the range of a number (lo > hi: not a number)
  const char* help;
  // The field as text (a switch: "true"/"false"; empty: unset, the default depends on others).
  std::string (*get)(const TrainJobOptions&);
  // Parses text into the field; throws UsageError naming the flag, the range and the value:
  // "--window must be in [1, 1000], got 0". A repeatable option appends.
  void (*set)(TrainJobOptions&, std::string_view text, const OptionSpec& self);
  // The value a checkpoint that lacks this key stands for (written before the option existed);
  // null: the default.
  const char* absent;

  bool is_switch() const { return *value_name == '\0'; }
  bool is_number() const { return lo <= hi; }
};

// Every option of a training job, in --help order.
const std::vector<OptionSpec>& train_job_options();
// The entry named name (without "--"), or null.
const OptionSpec* find_train_option(std::string_view name);

// Values of the table's entries of `kinds` as (name, text) pairs, in table order; a repeatable
// option gives one pair per value, an unset optional none.
std::vector<std::pair<std::string, std::string>> option_values(
    const TrainJobOptions& opts, std::initializer_list<OptionKind> kinds);

// Checks the ranges of the table's numbers for the fields of o (through their text); throws
// UsageError as set() does. TrainOptions::validate() calls it.
void check_option_ranges(const TrainOptions& o);

// "1e-05" -> 1e-05: the shortest text that reads back to the same double.
std::string number_text(double v);

}  // namespace w2v
