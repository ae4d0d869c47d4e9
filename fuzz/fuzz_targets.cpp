#include "fuzz_targets.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "eval/analogy_set.h"
#include "eval/word_pairs.h"
#include "fuzz_support.h"
#include "store/vectors_io.h"
#include "text/corpus_reader.h"
#include "text/tokenizer.h"
#include "vocab/vocab_builder.h"
#include "vocab/vocab_io.h"

namespace w2v::fuzz {

void corpus_target(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  // The first byte picks options; the rest is the corpus.
  TokenizerOptions opts;
  opts.lowercase = data[0] & 1;
  opts.max_token_bytes = 4 + (data[0] >> 1);
  MemFile file(data + 1, size - 1);
  const Tokenizer tok(opts);

  // Chunked reading (small chunks) must give what one pass over the whole text gives, unless
  // the input is gzip (then the whole text is not at hand) or holds a token longer than a chunk.
  std::vector<std::string> chunked;
  TokenStats st;
  CorpusReader reader({file.path()}, 4096);
  CorpusChunk chunk;
  while (reader.next(chunk)) {
    tok.scan(
        chunk.bytes.data(), chunk.bytes.data() + chunk.bytes.size(), chunk.sentence_open,
        chunk.ends_input, st,
        [&](std::string_view t) {
          if (t.empty() || t.size() > opts.max_token_bytes) fail("token length out of range");
          for (char c : t) {
            if (is_space(static_cast<unsigned char>(c))) fail("whitespace inside a token");
          }
          chunked.emplace_back(t);
        },
        [&] { chunked.emplace_back("\n"); });
  }
  if (st.n_sentences > st.n_tokens) fail("more sentences than tokens");
  if (size >= 3 && data[1] == 0x1f && data[2] == 0x8b) return;
  if (reader.dropped_bytes() > 0) return;
  std::string whole(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> direct;
  TokenStats st2;
  tok.scan(
      whole.data(), whole.data() + whole.size(), false, true, st2,
      [&](std::string_view t) { direct.emplace_back(t); }, [&] { direct.emplace_back("\n"); });
  if (direct != chunked) fail("chunked tokens differ from whole-text tokens");
  if (st2.n_invalid_utf8 != st.n_invalid_utf8) fail("invalid UTF-8 counts differ");
}

void vocab_target(const std::uint8_t* data, std::size_t size) {
  MemFile file(data, size);
  const Vocab v = read_vocab(file.path());
  // Whatever was accepted must write and read back to the same vocabulary.
  const std::string out = scratch_dir() + "/vocab.txt";
  write_vocab(v, out);
  const Vocab back = read_vocab(out);
  if (back.words() != v.words() || back.counts() != v.counts()) fail("vocab round trip");
}

void vectors_target(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  static const VectorFormat kFormats[] = {VectorFormat::kAuto, VectorFormat::kBinary,
                                          VectorFormat::kText, VectorFormat::kGlove};
  MemFile file(data + 1, size - 1);
  const Embeddings e = read_vectors(file.path(), kFormats[data[0] & 3]);
  if (e.data.size() != e.words.size() * static_cast<std::size_t>(e.dim)) fail("matrix size");
  // Accepted vectors must survive both formats exactly.
  for (VectorFormat f : {VectorFormat::kBinary, VectorFormat::kText}) {
    const std::string out = scratch_dir() + "/vectors";
    write_vectors(e, out, f);
    const Embeddings back = read_vectors(out, f);
    if (back.words != e.words || back.dim != e.dim) fail("vectors round trip: words");
    for (std::size_t i = 0; i < e.data.size(); ++i) {
      if (back.data[i] != e.data[i]) fail("vectors round trip: values");
    }
  }
}

void projector_target(const std::uint8_t* data, std::size_t size) {
  // metadata.tsv up to the first NUL byte, vectors.tsv after it.
  const char* p = reinterpret_cast<const char*>(data);
  const std::string bytes(p, size);
  const std::size_t nul = bytes.find('\0');
  if (nul == std::string::npos) return;
  const std::string dir = scratch_dir() + "/projector-in";
  std::filesystem::create_directories(dir);
  const auto put = [](const std::string& path, const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size()) fail("write");
    std::fclose(f);
  };
  put(dir + "/metadata.tsv", bytes.substr(0, nul));
  put(dir + "/vectors.tsv", bytes.substr(nul + 1));
  const Embeddings e = read_vectors(dir, VectorFormat::kProjector);
  if (e.data.size() != e.words.size() * static_cast<std::size_t>(e.dim)) fail("matrix size");
  // Accepted vectors survive a projector round trip exactly (words with blanks cannot be
  // written in any format: they are refused, not mangled).
  const std::string out = scratch_dir() + "/projector-out";
  try {
    write_vectors(e, out, VectorFormat::kProjector);
  } catch (const FormatError&) {
    return;
  }
  const Embeddings back = read_vectors(out, VectorFormat::kProjector);
  if (back.words != e.words || back.dim != e.dim) fail("projector round trip: words");
  for (std::size_t i = 0; i < e.data.size(); ++i) {
    if (back.data[i] != e.data[i]) fail("projector round trip: values");
  }
}

void analogies_target(const std::uint8_t* data, std::size_t size) {
  MemFile file(data, size);
  const AnalogySet set = read_analogy_set(file.path());
  if (set.n_questions() == 0) fail("accepted an analogy set without questions");
  for (const AnalogySection& section : set.sections) {
    for (const AnalogyQuestion& q : section.questions) {
      for (const std::string& w : q.words) {
        if (w.empty()) fail("empty word in a question");
        for (char c : w) {
          if (is_space(static_cast<unsigned char>(c))) fail("whitespace inside a question word");
        }
      }
    }
  }
}

void pairs_target(const std::uint8_t* data, std::size_t size) {
  MemFile file(data, size);
  const WordPairSet set = read_word_pairs(file.path());
  if (set.pairs.empty()) fail("accepted a pair set without pairs");
  for (const WordPair& p : set.pairs) {
    if (p.a.empty() || p.b.empty()) fail("empty word in a pair");
    if (!std::isfinite(p.score)) fail("non-finite score accepted");
  }
}

const std::vector<Target>& all_targets() {
  static const std::vector<Target> targets = {
      {"corpus", corpus_target},         {"vocab", vocab_target},
      {"vectors", vectors_target},       {"projector", projector_target},
      {"analogies", analogies_target},   {"pairs", pairs_target},
      {"checkpoint", checkpoint_target}, {"text_vectors", text_vectors_target},
  };
  return targets;
}

}  // namespace w2v::fuzz
