#include "query/score_kernel.h"

#include <omp.h>

#include <algorithm>
#include <limits>

#include "core/simd.h"

namespace w2v::detail {

namespace {

// How the query matrix is laid out and cut. Each panel packs `queries` queries as
// panel[k * width + j] (k = component, j = column), so the micro-kernel reads one contiguous
// run of `width` floats per component. Cosine panels hold 16 queries; 3CosMul panels Q
// analogies (8, or 16 with AVX-512) as columns a0..aQ-1 b0..bQ-1 c0..cQ-1.
struct Shape {
  int width;    // floats per component in a panel
  int queries;  // queries per panel
};
// Rows per block: about 128 KiB of rows stay in L2 while every query panel passes over them.
constexpr std::size_t kBlockBytes = 128 << 10;
// Rows per block are a multiple of this, so every set's strips (2, 4, 6, 8, 12 rows) fit.
constexpr std::size_t kStripMultiple = 24;
constexpr float kCosMulEpsilon = 1e-6f;

// The n_best best candidates of every query seen by one thread: a binary heap per query whose
// top is the worst kept entry, and that entry's score as the threshold a new row must reach.
class TopLists {
 public:
  TopLists(std::size_t n_queries, std::size_t n_padded, std::size_t n_best)
      : n_best_(n_best), items_(n_padded * n_best), counts_(n_padded, 0), thr_(n_padded) {
    std::fill(thr_.begin(), thr_.begin() + n_queries, -std::numeric_limits<float>::infinity());
    // Padding columns never accept a row.
    std::fill(thr_.begin() + n_queries, thr_.end(), std::numeric_limits<float>::infinity());
  }
  float* thresholds(std::size_t q) { return thr_.data() + q; }

  void offer(std::size_t q, float score, std::uint32_t id) {
    Scored* heap = items_.data() + q * n_best_;
    std::size_t& count = counts_[q];
    const Scored s{score, id};
    if (count < n_best_) {
      heap[count++] = s;
      std::push_heap(heap, heap + count, better);
    } else {
      if (!better(s, heap[0])) return;
      std::pop_heap(heap, heap + count, better);
      heap[count - 1] = s;
      std::push_heap(heap, heap + count, better);
    }
    if (count == n_best_) thr_[q] = heap[0].score;
  }

  void append_to(std::size_t q, std::vector<Scored>& out) const {
    const Scored* heap = items_.data() + q * n_best_;
    out.insert(out.end(), heap, heap + counts_[q]);
  }

 private:
  std::size_t n_best_;
  std::vector<Scored> items_;
  std::vector<std::size_t> counts_;
  std::vector<float> thr_;
};

// Arguments of one micro-kernel call: R rows starting at `rows` (ids from id0) against one
// packed query panel whose first query is q0.
struct Strip {
  const float* rows;
  int dim;
  const float* panel;
  std::uint32_t id0;
  std::size_t q0;
};

using StripFn = void (*)(const Strip&, TopLists&);
using DotsFn = void (*)(const float* row, int dim, const float* queries, std::size_t n_queries,
                        float* out);

// One instruction set's micro-kernels.
struct KernelSet {
  int cosine_rows;  // rows per cosine strip
  StripFn cosine;   // cosine_rows rows
  StripFn cosine_one;
  int cosmul_rows;
  StripFn cosmul;
  StripFn cosmul_one;
  int cosmul_queries;  // analogies per 3CosMul panel
  DotsFn dots;

  Shape shape(Scoring scoring) const {
    return scoring == Scoring::kCosine ? Shape{16, 16} : Shape{3 * cosmul_queries, cosmul_queries};
  }
};

// The kernel bodies (score_kernel_body.inc) compiled once per instruction set.
namespace portable {
using namespace simd::portable;
constexpr int kCosineRows = 4, kCosMulRows = 2;
#include "query/score_kernel_body.inc"
}  // namespace portable

#ifdef W2V_SIMD_X86
W2V_TARGET_BEGIN("avx2,fma")
namespace avx2 {
using namespace simd::avx2;
constexpr int kCosineRows = 6, kCosMulRows = 4;  // 12 accumulators of the 16 registers
#include "query/score_kernel_body.inc"
}  // namespace avx2
W2V_TARGET_END

W2V_TARGET_BEGIN("avx512f,avx2,fma")
namespace avx512 {
using namespace simd::avx512;
constexpr int kCosineRows = 12, kCosMulRows = 8;  // 12 and 24 accumulators of the 32 registers
#include "query/score_kernel_body.inc"
}  // namespace avx512
W2V_TARGET_END
#endif

const KernelSet& kernels_for(KernelIsa requested) {
  const KernelIsa isa = resolve_isa(requested);
  static const KernelSet kPortable = portable::kernel_set();
#ifdef W2V_SIMD_X86
  static const KernelSet kAvx2 = avx2::kernel_set();
  static const KernelSet kAvx512 = avx512::kernel_set();
  if (isa == KernelIsa::kAvx512) return kAvx512;
  if (isa == KernelIsa::kAvx2) return kAvx2;
#endif
  return kPortable;
}

// Copies queries into panels (see Shape); missing columns of the last panel are zero.
std::vector<float> pack_queries(const float* queries, std::size_t n_queries, int dim,
                                Scoring scoring, Shape shape, std::size_t n_panels) {
  const std::size_t d = static_cast<std::size_t>(dim);
  std::vector<float> packed(n_panels * d * static_cast<std::size_t>(shape.width), 0.0f);
  for (std::size_t q = 0; q < n_queries; ++q) {
    const std::size_t p = q / static_cast<std::size_t>(shape.queries);
    const std::size_t t = q % static_cast<std::size_t>(shape.queries);
    float* panel = packed.data() + p * d * static_cast<std::size_t>(shape.width);
    if (scoring == Scoring::kCosine) {
      for (std::size_t k = 0; k < d; ++k) panel[k * 16 + t] = queries[q * d + k];
    } else {
      const std::size_t width = static_cast<std::size_t>(shape.width);
      const std::size_t per_role = static_cast<std::size_t>(shape.queries);
      for (std::size_t role = 0; role < 3; ++role) {
        const float* v = queries + (3 * q + role) * d;
        for (std::size_t k = 0; k < d; ++k) panel[k * width + role * per_role + t] = v[k];
      }
    }
  }
  return packed;
}

// Up to this many cosine queries are scored row by row with dot products instead of packed
// panels: one query through a 16-wide panel would do 16 times the work (1M x 300 rows: 90 ms
// instead of 370 ms per query on the 2-core CI box).
constexpr std::size_t kFewQueries = 4;

int thread_count(int n_threads, std::size_t n_blocks) {
  int threads = n_threads > 0 ? n_threads : omp_get_max_threads();
  threads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), n_blocks));
  return std::max(threads, 1);
}

std::vector<std::vector<Scored>> merge(std::vector<TopLists>& tops, std::size_t n_queries,
                                       std::size_t n_best) {
  std::vector<std::vector<Scored>> result(n_queries);
  for (std::size_t q = 0; q < n_queries; ++q) {
    std::vector<Scored>& out = result[q];
    out.reserve(n_best * tops.size());
    for (const TopLists& top : tops) top.append_to(q, out);
    std::sort(out.begin(), out.end(), better);
    if (out.size() > n_best) out.resize(n_best);
  }
  return result;
}

// The few-queries path of top_scores: threads take blocks of rows; each row is read once and
// dotted with every query.
std::vector<std::vector<Scored>> top_scores_few(const float* rows, std::size_t n_rows, int dim,
                                                const float* queries, std::size_t n_queries,
                                                std::size_t n_best, int n_threads,
                                                const KernelSet& kernels) {
  const std::size_t d = static_cast<std::size_t>(dim);
  const DotsFn dots = kernels.dots;
  const std::size_t block_rows = std::max<std::size_t>(64, kBlockBytes / (4 * d));
  const std::size_t n_blocks = (n_rows + block_rows - 1) / block_rows;
  const int threads = thread_count(n_threads, n_blocks);
  std::vector<TopLists> tops;
  tops.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) tops.emplace_back(n_queries, n_queries, n_best);
#pragma omp parallel num_threads(threads)
  {
    TopLists& top = tops[static_cast<std::size_t>(omp_get_thread_num())];
    float scores[kFewQueries];
#pragma omp for schedule(dynamic, 1)
    for (std::size_t b = 0; b < n_blocks; ++b) {
      const std::size_t end = std::min(n_rows, (b + 1) * block_rows);
      for (std::size_t r = b * block_rows; r < end; ++r) {
        dots(rows + r * d, dim, queries, n_queries, scores);
        for (std::size_t q = 0; q < n_queries; ++q) {
          if (scores[q] >= *top.thresholds(q)) {
            top.offer(q, scores[q], static_cast<std::uint32_t>(r));
          }
        }
      }
    }
  }
  return merge(tops, n_queries, n_best);
}

}  // namespace

const char* kernel_name(KernelIsa isa) { return isa_name(resolve_isa(isa)); }

// Computes every (row, query) score of rows [0, n_rows) block by block: a block of rows (about
// 128 KiB) stays in L2 while each packed query panel (in L1) passes over it strip by strip, and
// the micro-kernel keeps its R x panel scores in registers and compares them against the
// per-query thresholds before anything is stored. Threads take whole blocks (dynamic schedule)
// and keep their own TopLists, merged at the end; nothing is shared while scoring, nothing
// inside the parallel region allocates or throws.
std::vector<std::vector<Scored>> top_scores(const float* rows, std::size_t n_rows, int dim,
                                            const float* queries, std::size_t n_queries,
                                            Scoring scoring, std::size_t n_best, int n_threads,
                                            KernelIsa isa) {
  std::vector<std::vector<Scored>> result(n_queries);
  const KernelSet& kernels = kernels_for(isa);
  n_best = std::min(n_best, n_rows);
  if (n_queries == 0 || n_best == 0 || dim <= 0) return result;
  if (scoring == Scoring::kCosine && n_queries <= kFewQueries) {
    return top_scores_few(rows, n_rows, dim, queries, n_queries, n_best, n_threads, kernels);
  }
  const Shape shape = kernels.shape(scoring);
  const std::size_t per_panel = static_cast<std::size_t>(shape.queries);
  const std::size_t n_panels = (n_queries + per_panel - 1) / per_panel;
  const std::size_t n_padded = n_panels * per_panel;
  const std::size_t d = static_cast<std::size_t>(dim);
  const std::vector<float> packed = pack_queries(queries, n_queries, dim, scoring, shape, n_panels);
  const std::size_t panel_floats = d * static_cast<std::size_t>(shape.width);
  const bool cos = scoring == Scoring::kCosine;
  const StripFn full = cos ? kernels.cosine : kernels.cosmul;
  const StripFn one = cos ? kernels.cosine_one : kernels.cosmul_one;
  const std::size_t strip =
      static_cast<std::size_t>(cos ? kernels.cosine_rows : kernels.cosmul_rows);
  const std::size_t block_rows = std::max<std::size_t>(
      kStripMultiple, kBlockBytes / (4 * d) / kStripMultiple * kStripMultiple);
  const std::size_t n_blocks = (n_rows + block_rows - 1) / block_rows;

  const int threads = thread_count(n_threads, n_blocks);
  std::vector<TopLists> tops;
  tops.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) tops.emplace_back(n_queries, n_padded, n_best);

#pragma omp parallel num_threads(threads)
  {
    TopLists& top = tops[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(dynamic, 1)
    for (std::size_t b = 0; b < n_blocks; ++b) {
      const std::size_t begin = b * block_rows;
      const std::size_t end = std::min(n_rows, begin + block_rows);
      for (std::size_t p = 0; p < n_panels; ++p) {
        Strip s{nullptr, dim, packed.data() + p * panel_floats, 0, p * per_panel};
        std::size_t r = begin;
        for (; r + strip <= end; r += strip) {
          s.rows = rows + r * d;
          s.id0 = static_cast<std::uint32_t>(r);
          full(s, top);
        }
        for (; r < end; ++r) {
          s.rows = rows + r * d;
          s.id0 = static_cast<std::uint32_t>(r);
          one(s, top);
        }
      }
    }
  }

  return merge(tops, n_queries, n_best);
}

}  // namespace w2v::detail
