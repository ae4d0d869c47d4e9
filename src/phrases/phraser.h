#pragma once

#include <string>
#include <vector>

#include "core/progress.h"
#include "phrases/phrase_options.h"
#include "phrases/phrase_table.h"
#include "phrases/phrase_writer.h"

namespace w2v {

struct PhrasePassReport {
  double threshold = 0;
  PhraseCountStats count;
  PhraseWriteStats write;
  std::vector<Phrase> top;  // the most frequent phrases of the pass (at most 10)
};

struct PhraseResult {
  std::vector<PhrasePassReport> passes;
  int n_threads = 0;
  double seconds = 0;
};

// The whole of w2v-phrases: opts.passes passes over the inputs (files, directories, "-"), each
// learning a PhraseTable from the previous pass's output and writing it with the pairs joined;
// the last pass writes `output` atomically (gzip when its name ends in ".gz"), earlier ones an
// unlinked temporary file in opts.tmp_dir. Standard input is copied to such a file first, since
// every pass reads its input twice. Reports phases "pass K/N: counting" and "pass K/N: writing".
// opts must have been through resolve_defaults().
// Throws UsageError for bad options, IoError/FormatError for unreadable input or output.
PhraseResult make_phrases(const std::vector<std::string>& inputs, const std::string& output,
                          const PhraseOptions& opts, const PassProgressFn& progress = {});

}  // namespace w2v
