#include "phrases/phrase_writer.h"

#include <chrono>

#include "io/output_file.h"
#include "phrases/chunk_tokens.h"
#include "text/corpus_reader.h"

namespace w2v {

namespace {

constexpr WordId kNoWord = PhraseTable::kNoWord;

// One chunk rendered by a worker. Whether a token joins the one before it depends on whether
// that one joined its own predecessor, so the first tokens of a chunk that continues an open
// sentence depend on the previous chunk. Those are the head: the chunk's first token and every
// following one that is joinable with its predecessor. Inside the head the joins alternate
// (a joined word does not join the next one), starting from the decision for the first token,
// which only the ordered writer can make. From the first token that cannot join its
// predecessor on, every decision is known: that is the body.
struct RenderedChunk {
  std::string head;                      // the head's tokens back to back
  std::vector<std::uint32_t> head_ends;  // end of each head token in head
  WordId head_first = kNoWord;
  WordId head_last = kNoWord;
  bool head_to_end = false;  // the head runs to the end of the chunk (no body decisions)
  std::string body;          // the text after the head: plain, or one gzip member
  // The state after the chunk when !head_to_end: is a sentence open, its last token, and was
  // that token joined to the one before it.
  bool open_after = false;
  WordId tail = kNoWord;
  bool tail_joined = false;
  std::uint64_t n_joined = 0;
  std::uint64_t n_lines = 0;
  std::uint64_t n_bytes = 0;  // plain bytes of the body
};

}  // namespace

PhraseWriteStats write_phrases(const std::vector<std::string>& paths, const PhraseTable& table,
                               const TokenizerOptions& tokenizer_opts, int n_threads,
                               OutputFile& out, const PassProgressFn& progress,
                               std::size_t chunk_bytes) {
  const auto start = std::chrono::steady_clock::now();
  n_threads = std::max(1, n_threads);
  const std::string& delim = table.delimiter();
  const bool gzip = out.compression() == Compression::kGzip;
  CorpusReader reader(expand_inputs(paths), chunk_bytes);
  ProgressReporter reporter(progress, "writing", "bytes", reader.input_bytes_total());
  const Tokenizer tokenizer(tokenizer_opts);
  std::vector<TokenStats> token_stats(static_cast<std::size_t>(n_threads));
  std::vector<ChunkTokens> tokens(static_cast<std::size_t>(n_threads));
  std::vector<std::vector<char>> joinable_bits(static_cast<std::size_t>(n_threads));
  std::vector<std::vector<std::size_t>> candidates(static_cast<std::size_t>(n_threads));
  PhraseWriteStats stats;

  // The ordered writer's state: is a sentence open, its last token, was that token joined.
  bool open = false;
  WordId last = kNoWord;
  bool last_joined = false;
  std::string head_text;

  for_each_chunk_ordered<RenderedChunk>(
      reader, n_threads,
      [&](int worker, CorpusChunk& chunk) {
        // Per token: its id among the phrase words (looked up in a batch, see ChunkTokens) and,
        // when the previous token has one too, one probe of the joinable pairs; the text is
        // copied into this chunk's own buffer. Nothing here is shared between workers but the
        // read-only table.
        RenderedChunk r;
        ChunkTokens& ct = tokens[static_cast<std::size_t>(worker)];
        ct.tokenize(tokenizer, chunk, token_stats[static_cast<std::size_t>(worker)]);
        ct.look_up(table.words());
        // Whether each token is joinable with the token before it in the text (a batch of
        // probes of the joinable pairs, kAhead in flight); the alternation of joins is decided
        // below.
        std::vector<char>& joinable = joinable_bits[static_cast<std::size_t>(worker)];
        joinable.assign(ct.items.size(), 0);
        std::vector<std::size_t>& asked = candidates[static_cast<std::size_t>(worker)];
        asked.clear();
        for (std::size_t i = 1; i < ct.items.size(); ++i) {
          const ChunkTokens::Item& a = ct.items[i - 1];
          const ChunkTokens::Item& b = ct.items[i];
          if (a.kind == ChunkTokens::kToken && b.kind == ChunkTokens::kToken && a.id != kNoWord &&
              b.id != kNoWord) {
            asked.push_back(i);
          }
        }
        constexpr std::size_t kAhead = 8;
        for (std::size_t j = 0; j < asked.size(); ++j) {
          if (j + kAhead < asked.size()) {
            const std::size_t k = asked[j + kAhead];
            table.prefetch(ct.items[k - 1].id, ct.items[k].id);
          }
          const std::size_t i = asked[j];
          joinable[i] = table.joinable(ct.items[i - 1].id, ct.items[i].id) ? 1 : 0;
        }
        std::string& body = r.body;
        body.reserve(chunk.bytes.size() + chunk.bytes.size() / 8 + 16);
        bool in_head = chunk.sentence_open;
        bool line_open = false;  // the body's current line has tokens
        WordId prev = kNoWord;
        bool prev_joined = false;
        for (std::size_t i = 0; i < ct.items.size(); ++i) {
          const ChunkTokens::Item& item = ct.items[i];
          if (item.kind == ChunkTokens::kSentenceEnd) {
            in_head = false;
            body += '\n';
            ++r.n_lines;
            line_open = false;
            prev = kNoWord;
            prev_joined = false;
            continue;
          }
          if (item.kind == ChunkTokens::kEmptyLine) {
            body += '\n';
            ++r.n_lines;
            continue;
          }
          const std::string_view token(item.data, item.size);
          const WordId id = item.id;
          if (in_head) {
            if (r.head_ends.empty() || joinable[i]) {
              if (r.head_ends.empty()) r.head_first = id;
              r.head.append(token);
              r.head_ends.push_back(static_cast<std::uint32_t>(r.head.size()));
              r.head_last = id;
              continue;
            }
            // This token joins nothing before it, whatever the previous chunk decides.
            in_head = false;
            body += ' ';
            body += token;
            prev = id;
            prev_joined = false;
            line_open = true;
            continue;
          }
          bool join = false;
          if (line_open) {
            join = !prev_joined && joinable[i];
            if (join) {
              body += delim;
              ++r.n_joined;
            } else {
              body += ' ';
            }
          }
          body += token;
          prev = id;
          prev_joined = join;
          line_open = true;
        }
        if (in_head) {
          r.head_to_end = true;
        } else {
          r.open_after = line_open;
          r.tail = prev;
          r.tail_joined = prev_joined;
        }
        r.n_bytes = body.size();
        if (gzip && !body.empty()) {
          std::string member;
          append_gzip_member(member, body.data(), body.size());
          body.swap(member);
        }
        return r;
      },
      [&](RenderedChunk& r) {
        if (!r.head_ends.empty()) {
          // The head continues the open sentence: its first token joins the sentence's last
          // one if that pair is joinable and that token was not joined itself; then the joins
          // alternate.
          bool join = open && !last_joined && table.joinable(last, r.head_first);
          head_text.clear();
          std::uint32_t begin = 0;
          for (const std::uint32_t end : r.head_ends) {
            if (begin > 0 || open) head_text += join ? delim : std::string(" ");
            stats.n_joined += join ? 1 : 0;
            head_text.append(r.head, begin, end - begin);
            begin = end;
            join = !join;
          }
          out.write(head_text);
          stats.n_bytes += head_text.size();
          if (r.head_to_end) {
            open = true;
            last = r.head_last;
            last_joined = !join;  // the decision of the last head token
          }
        }
        if (!r.head_to_end) {
          open = r.open_after;
          last = r.tail;
          last_joined = r.tail_joined;
        }
        if (!r.body.empty()) {
          if (gzip) {
            out.write_gzip_member(r.body);
          } else {
            out.write(r.body);
          }
        }
        stats.n_joined += r.n_joined;
        stats.n_lines += r.n_lines;
        stats.n_bytes += r.n_bytes;
      },
      [&] { reporter.update(reader.input_bytes_done()); });
  reporter.finish(reader.input_bytes_done());
  for (const TokenStats& t : token_stats) stats.tokens.add(t);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace w2v
