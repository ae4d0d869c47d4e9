#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "phrases/word_index.h"
#include "text/corpus_reader.h"
#include "text/tokenizer.h"

namespace w2v {

// One corpus chunk as a list of tokens and line ends, with every token's word id: tokenized
// first and looked up afterwards in one batch, so that the lookups' cache misses overlap (the
// phrase passes are bound by them). Reused from chunk to chunk by one worker.
struct ChunkTokens {
  enum Kind : std::uint8_t {
    kToken,
    kSentenceEnd,  // an LF after a line with tokens, or the end of an input
    kEmptyLine,    // an LF after a line without tokens
  };
  struct Item {
    const char* data;  // the token's bytes (in the chunk), or null for a line end
    std::uint32_t size;
    Kind kind;
    WordId id;  // tokens: the id from the index, WordIndex::kNone if absent
  };
  std::vector<Item> items;
  std::vector<WordIndex::Key> keys;  // scratch, one per item

  // Tokenizes chunk (see Tokenizer::scan) into items and looks every token up in index.
  void fill(const Tokenizer& tokenizer, CorpusChunk& chunk, TokenStats& stats,
            const WordIndex& index) {
    items.clear();
    tokenizer.scan(
        chunk.bytes.data(), chunk.bytes.data() + chunk.bytes.size(), chunk.sentence_open,
        chunk.ends_input, stats,
        [&](std::string_view t) {
          items.push_back({t.data(), static_cast<std::uint32_t>(t.size()), kToken, 0});
        },
        [&] {
          items.push_back({nullptr, 0, kSentenceEnd, 0});
        },
        [&] {
          items.push_back({nullptr, 0, kEmptyLine, 0});
        });
    // Key everything, then look up item i while the slot of item i + kAhead is on its way.
    constexpr std::size_t kAhead = 16;
    const std::size_t n = items.size();
    const char* const end = chunk.bytes.data() + chunk.bytes.size();
    keys.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (items[i].kind == kToken) keys[i] = WordIndex::key(items[i].data, items[i].size, end);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kAhead < n && items[i + kAhead].kind == kToken) index.prefetch(keys[i + kAhead]);
      if (items[i].kind == kToken) items[i].id = index.find(view(i), keys[i]);
    }
  }

  std::string_view view(std::size_t i) const { return {items[i].data, items[i].size}; }
};

}  // namespace w2v
