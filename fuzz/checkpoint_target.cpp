#include "fuzz_targets.h"

#include <vector>

#include "core/error.h"
#include "fuzz_support.h"
#include "train/checkpoint.h"

namespace w2v::fuzz {

void checkpoint_target(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  std::vector<std::uint8_t> file(data + 1, data + size);
  if ((data[0] & 1) != 0 && file.size() >= 4) {
    const std::uint32_t crc = checkpoint_crc(0, file.data(), file.size() - 4);
    for (int i = 0; i < 4; ++i)
      file[file.size() - 4 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
  }
  MemFile mem(file.data(), file.size());
  const Checkpoint ck = read_checkpoint(mem.path());
  // What the reader accepts must be self-consistent.
  if (ck.model.n_words() != ck.vocab.size()) fail("model rows differ from the vocabulary");
  const TrainOptions& o = ck.run.options.train;
  if (ck.model.dim() != o.dim) fail("model dimension differs from the options");
  if (ck.state.shards.size() != static_cast<std::size_t>(o.n_threads)) {
    fail("shard count differs from the thread count");
  }
  if (ck.model.shape().output_rows != (o.negative > 0)) fail("output rows differ from --negative");
  if (ck.model.shape().shared != o.shared_embeddings) fail("tied rows differ from the options");
  if (ck.model.shape().node_rows != o.hs) fail("node rows differ from --hs");
}

}  // namespace w2v::fuzz
