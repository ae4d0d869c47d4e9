#include "query/score_kernel.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <limits>

#if defined(__x86_64__) || defined(__i386__)
#define W2V_QUERY_X86 1
#include <immintrin.h>
#endif

#include "core/target.h"

namespace w2v::detail {

namespace {

// How the query matrix is laid out and cut. Each panel packs `queries` queries as
// panel[k * width + j] (k = component, j = column), so the micro-kernel reads one contiguous
// run of `width` floats per component. For 3CosMul the columns are a0..a7 b0..b7 c0..c7.
struct Shape {
  int width;    // floats per component in a panel (16 or 24)
  int queries;  // queries per panel (16 or 8)
};
constexpr Shape kCosineShape{16, 16};
constexpr Shape kCosMulShape{24, 8};
// Rows per block: about 128 KiB of rows stay in L2 while every query panel passes over them.
constexpr std::size_t kBlockBytes = 128 << 10;
constexpr float kCosMulEpsilon = 1e-6f;

std::atomic<bool> g_force_portable{false};

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

inline float cosmul(float a, float b, float c) {
  return ((1.0f + b) * 0.5f) * ((1.0f + c) * 0.5f) / ((1.0f + a) * 0.5f + kCosMulEpsilon);
}

// Portable kernels: plain loops the compiler may vectorise for the baseline instruction set.
namespace portable {

template <int R>
void cosine(const Strip& s, TopLists& top) {
  float acc[R][16] = {};
  for (int k = 0; k < s.dim; ++k) {
    const float* q = s.panel + k * 16;
    for (int r = 0; r < R; ++r) {
      const float e = s.rows[r * s.dim + k];
      for (int j = 0; j < 16; ++j) acc[r][j] += e * q[j];
    }
  }
  for (int r = 0; r < R; ++r) {
    const float* thr = top.thresholds(s.q0);
    for (int j = 0; j < 16; ++j) {
      if (acc[r][j] >= thr[j]) top.offer(s.q0 + j, acc[r][j], s.id0 + r);
    }
  }
}

template <int R>
void cosmul3(const Strip& s, TopLists& top) {
  float acc[R][24] = {};
  for (int k = 0; k < s.dim; ++k) {
    const float* q = s.panel + k * 24;
    for (int r = 0; r < R; ++r) {
      const float e = s.rows[r * s.dim + k];
      for (int j = 0; j < 24; ++j) acc[r][j] += e * q[j];
    }
  }
  for (int r = 0; r < R; ++r) {
    const float* thr = top.thresholds(s.q0);
    for (int j = 0; j < 8; ++j) {
      const float v = cosmul(acc[r][j], acc[r][8 + j], acc[r][16 + j]);
      if (v >= thr[j]) top.offer(s.q0 + j, v, s.id0 + r);
    }
  }
}

// One row against a few unit queries (stored one after another): a dot product each.
void dots(const float* row, int dim, const float* queries, std::size_t n_queries, float* out) {
  for (std::size_t q = 0; q < n_queries; ++q) {
    const float* v = queries + q * static_cast<std::size_t>(dim);
    float sum = 0.0f;
    for (int k = 0; k < dim; ++k) sum += row[k] * v[k];
    out[q] = sum;
  }
}

}  // namespace portable

#ifdef W2V_QUERY_X86
W2V_TARGET_BEGIN("avx2,fma")
namespace avx2 {

// Compares a finished tile of R rows x 16 cosine scores with the thresholds and offers the rows
// that reach them (rare once the lists are full).
template <int R>
inline void offer_cosine(const float (&tile)[R][16], const Strip& s, TopLists& top) {
  for (int r = 0; r < R; ++r) {
    const float* thr = top.thresholds(s.q0);
    const __m256 v0 = _mm256_load_ps(tile[r]);
    const __m256 v1 = _mm256_load_ps(tile[r] + 8);
    const int m0 = _mm256_movemask_ps(_mm256_cmp_ps(v0, _mm256_loadu_ps(thr), _CMP_GE_OQ));
    const int m1 = _mm256_movemask_ps(_mm256_cmp_ps(v1, _mm256_loadu_ps(thr + 8), _CMP_GE_OQ));
    unsigned mask = static_cast<unsigned>(m0) | (static_cast<unsigned>(m1) << 8);
    while (mask != 0) {
      const int j = __builtin_ctz(mask);
      mask &= mask - 1;
      top.offer(s.q0 + static_cast<std::size_t>(j), tile[r][j],
                s.id0 + static_cast<std::uint32_t>(r));
    }
  }
}

// 3CosMul from a tile of R rows x (a, b, c) x 8 cosines, then as offer_cosine. Same operations
// in the same order as the scalar cosmul(), so both give the same floats.
template <int R>
inline void offer_cosmul(const float (&tile)[R][24], const Strip& s, TopLists& top) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 half = _mm256_set1_ps(0.5f);
  const __m256 eps = _mm256_set1_ps(kCosMulEpsilon);
  for (int r = 0; r < R; ++r) {
    const __m256 pa = _mm256_mul_ps(_mm256_add_ps(one, _mm256_load_ps(tile[r])), half);
    const __m256 pb = _mm256_mul_ps(_mm256_add_ps(one, _mm256_load_ps(tile[r] + 8)), half);
    const __m256 pc = _mm256_mul_ps(_mm256_add_ps(one, _mm256_load_ps(tile[r] + 16)), half);
    const __m256 score = _mm256_div_ps(_mm256_mul_ps(pb, pc), _mm256_add_ps(pa, eps));
    unsigned mask = static_cast<unsigned>(_mm256_movemask_ps(
        _mm256_cmp_ps(score, _mm256_loadu_ps(top.thresholds(s.q0)), _CMP_GE_OQ)));
    if (mask == 0) continue;
    alignas(32) float v[8];
    _mm256_store_ps(v, score);
    while (mask != 0) {
      const int j = __builtin_ctz(mask);
      mask &= mask - 1;
      top.offer(s.q0 + static_cast<std::size_t>(j), v[j], s.id0 + static_cast<std::uint32_t>(r));
    }
  }
}

// One row against a few queries: 4 accumulators of 8 lanes each along the row.
void dots(const float* row, int dim, const float* queries, std::size_t n_queries, float* out) {
  const std::size_t d = static_cast<std::size_t>(dim);
  for (std::size_t q = 0; q < n_queries; ++q) {
    const float* v = queries + q * d;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    std::size_t k = 0;
    for (; k + 32 <= d; k += 32) {
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(row + k), _mm256_loadu_ps(v + k), a0);
      a1 = _mm256_fmadd_ps(_mm256_loadu_ps(row + k + 8), _mm256_loadu_ps(v + k + 8), a1);
      a2 = _mm256_fmadd_ps(_mm256_loadu_ps(row + k + 16), _mm256_loadu_ps(v + k + 16), a2);
      a3 = _mm256_fmadd_ps(_mm256_loadu_ps(row + k + 24), _mm256_loadu_ps(v + k + 24), a3);
    }
    for (; k + 8 <= d; k += 8) {
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(row + k), _mm256_loadu_ps(v + k), a0);
    }
    const __m256 sum8 = _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
    __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(sum8), _mm256_extractf128_ps(sum8, 1));
    s4 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    s4 = _mm_add_ss(s4, _mm_movehdup_ps(s4));
    float sum = _mm_cvtss_f32(s4);
    for (; k < d; ++k) sum += row[k] * v[k];
    out[q] = sum;
  }
}

// 6 rows x 16 queries, the 12 accumulators named so they stay in registers: per component
// 2 loads, 6 broadcasts and 12 FMAs.
void cosine6(const Strip& s, TopLists& top) {
  const std::size_t d = static_cast<std::size_t>(s.dim);
  const float* r0 = s.rows;
  const float* r1 = r0 + d;
  const float* r2 = r1 + d;
  const float* r3 = r2 + d;
  const float* r4 = r3 + d;
  const float* r5 = r4 + d;
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  const float* q = s.panel;
  for (std::size_t k = 0; k < d; ++k, q += 16) {
    const __m256 q0 = _mm256_loadu_ps(q);
    const __m256 q1 = _mm256_loadu_ps(q + 8);
    __m256 e = _mm256_broadcast_ss(r0 + k);
    c00 = _mm256_fmadd_ps(e, q0, c00);
    c01 = _mm256_fmadd_ps(e, q1, c01);
    e = _mm256_broadcast_ss(r1 + k);
    c10 = _mm256_fmadd_ps(e, q0, c10);
    c11 = _mm256_fmadd_ps(e, q1, c11);
    e = _mm256_broadcast_ss(r2 + k);
    c20 = _mm256_fmadd_ps(e, q0, c20);
    c21 = _mm256_fmadd_ps(e, q1, c21);
    e = _mm256_broadcast_ss(r3 + k);
    c30 = _mm256_fmadd_ps(e, q0, c30);
    c31 = _mm256_fmadd_ps(e, q1, c31);
    e = _mm256_broadcast_ss(r4 + k);
    c40 = _mm256_fmadd_ps(e, q0, c40);
    c41 = _mm256_fmadd_ps(e, q1, c41);
    e = _mm256_broadcast_ss(r5 + k);
    c50 = _mm256_fmadd_ps(e, q0, c50);
    c51 = _mm256_fmadd_ps(e, q1, c51);
  }
  alignas(32) float tile[6][16];
  _mm256_store_ps(tile[0], c00);
  _mm256_store_ps(tile[0] + 8, c01);
  _mm256_store_ps(tile[1], c10);
  _mm256_store_ps(tile[1] + 8, c11);
  _mm256_store_ps(tile[2], c20);
  _mm256_store_ps(tile[2] + 8, c21);
  _mm256_store_ps(tile[3], c30);
  _mm256_store_ps(tile[3] + 8, c31);
  _mm256_store_ps(tile[4], c40);
  _mm256_store_ps(tile[4] + 8, c41);
  _mm256_store_ps(tile[5], c50);
  _mm256_store_ps(tile[5] + 8, c51);
  offer_cosine<6>(tile, s, top);
}

void cosine1(const Strip& s, TopLists& top) {
  const std::size_t d = static_cast<std::size_t>(s.dim);
  __m256 c0 = _mm256_setzero_ps(), c1 = c0;
  const float* q = s.panel;
  for (std::size_t k = 0; k < d; ++k, q += 16) {
    const __m256 e = _mm256_broadcast_ss(s.rows + k);
    c0 = _mm256_fmadd_ps(e, _mm256_loadu_ps(q), c0);
    c1 = _mm256_fmadd_ps(e, _mm256_loadu_ps(q + 8), c1);
  }
  alignas(32) float tile[1][16];
  _mm256_store_ps(tile[0], c0);
  _mm256_store_ps(tile[0] + 8, c1);
  offer_cosine<1>(tile, s, top);
}

// 4 rows x 8 analogies x (a, b, c): 12 named accumulators.
void cosmul4(const Strip& s, TopLists& top) {
  const std::size_t d = static_cast<std::size_t>(s.dim);
  const float* r0 = s.rows;
  const float* r1 = r0 + d;
  const float* r2 = r1 + d;
  const float* r3 = r2 + d;
  __m256 a0 = _mm256_setzero_ps(), b0 = a0, c0 = a0, a1 = a0, b1 = a0, c1 = a0;
  __m256 a2 = a0, b2 = a0, c2 = a0, a3 = a0, b3 = a0, c3 = a0;
  const float* q = s.panel;
  for (std::size_t k = 0; k < d; ++k, q += 24) {
    const __m256 qa = _mm256_loadu_ps(q);
    const __m256 qb = _mm256_loadu_ps(q + 8);
    const __m256 qc = _mm256_loadu_ps(q + 16);
    __m256 e = _mm256_broadcast_ss(r0 + k);
    a0 = _mm256_fmadd_ps(e, qa, a0);
    b0 = _mm256_fmadd_ps(e, qb, b0);
    c0 = _mm256_fmadd_ps(e, qc, c0);
    e = _mm256_broadcast_ss(r1 + k);
    a1 = _mm256_fmadd_ps(e, qa, a1);
    b1 = _mm256_fmadd_ps(e, qb, b1);
    c1 = _mm256_fmadd_ps(e, qc, c1);
    e = _mm256_broadcast_ss(r2 + k);
    a2 = _mm256_fmadd_ps(e, qa, a2);
    b2 = _mm256_fmadd_ps(e, qb, b2);
    c2 = _mm256_fmadd_ps(e, qc, c2);
    e = _mm256_broadcast_ss(r3 + k);
    a3 = _mm256_fmadd_ps(e, qa, a3);
    b3 = _mm256_fmadd_ps(e, qb, b3);
    c3 = _mm256_fmadd_ps(e, qc, c3);
  }
  alignas(32) float tile[4][24];
  _mm256_store_ps(tile[0], a0);
  _mm256_store_ps(tile[0] + 8, b0);
  _mm256_store_ps(tile[0] + 16, c0);
  _mm256_store_ps(tile[1], a1);
  _mm256_store_ps(tile[1] + 8, b1);
  _mm256_store_ps(tile[1] + 16, c1);
  _mm256_store_ps(tile[2], a2);
  _mm256_store_ps(tile[2] + 8, b2);
  _mm256_store_ps(tile[2] + 16, c2);
  _mm256_store_ps(tile[3], a3);
  _mm256_store_ps(tile[3] + 8, b3);
  _mm256_store_ps(tile[3] + 16, c3);
  offer_cosmul<4>(tile, s, top);
}

void cosmul1(const Strip& s, TopLists& top) {
  const std::size_t d = static_cast<std::size_t>(s.dim);
  __m256 a = _mm256_setzero_ps(), b = a, c = a;
  const float* q = s.panel;
  for (std::size_t k = 0; k < d; ++k, q += 24) {
    const __m256 e = _mm256_broadcast_ss(s.rows + k);
    a = _mm256_fmadd_ps(e, _mm256_loadu_ps(q), a);
    b = _mm256_fmadd_ps(e, _mm256_loadu_ps(q + 8), b);
    c = _mm256_fmadd_ps(e, _mm256_loadu_ps(q + 16), c);
  }
  alignas(32) float tile[1][24];
  _mm256_store_ps(tile[0], a);
  _mm256_store_ps(tile[0] + 8, b);
  _mm256_store_ps(tile[0] + 16, c);
  offer_cosmul<1>(tile, s, top);
}

}  // namespace avx2
W2V_TARGET_END
#endif

bool use_avx2() {
#ifdef W2V_QUERY_X86
  static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return supported && !g_force_portable.load();
#else
  return false;
#endif
}

using StripFn = void (*)(const Strip&, TopLists&);

struct KernelSet {
  int rows_per_strip;
  StripFn full;  // rows_per_strip rows
  StripFn one;   // a single row (the block's remainder)
};

KernelSet kernels_for(Scoring scoring) {
#ifdef W2V_QUERY_X86
  if (use_avx2()) {
    if (scoring == Scoring::kCosine) return {6, avx2::cosine6, avx2::cosine1};
    return {4, avx2::cosmul4, avx2::cosmul1};
  }
#endif
  if (scoring == Scoring::kCosine) return {4, portable::cosine<4>, portable::cosine<1>};
  return {2, portable::cosmul3<2>, portable::cosmul3<1>};
}

// Copies queries into panels (see Shape); missing columns of the last panel are zero.
std::vector<float> pack_queries(const float* queries, std::size_t n_queries, int dim,
                                Scoring scoring, std::size_t n_panels) {
  const Shape shape = scoring == Scoring::kCosine ? kCosineShape : kCosMulShape;
  const std::size_t d = static_cast<std::size_t>(dim);
  std::vector<float> packed(n_panels * d * static_cast<std::size_t>(shape.width), 0.0f);
  for (std::size_t q = 0; q < n_queries; ++q) {
    const std::size_t p = q / static_cast<std::size_t>(shape.queries);
    const std::size_t t = q % static_cast<std::size_t>(shape.queries);
    float* panel = packed.data() + p * d * static_cast<std::size_t>(shape.width);
    if (scoring == Scoring::kCosine) {
      for (std::size_t k = 0; k < d; ++k) panel[k * 16 + t] = queries[q * d + k];
    } else {
      for (std::size_t role = 0; role < 3; ++role) {
        const float* v = queries + (3 * q + role) * d;
        for (std::size_t k = 0; k < d; ++k) panel[k * 24 + role * 8 + t] = v[k];
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
                                                std::size_t n_best, int n_threads) {
  const std::size_t d = static_cast<std::size_t>(dim);
#ifdef W2V_QUERY_X86
  const auto dots = use_avx2() ? avx2::dots : portable::dots;
#else
  const auto dots = portable::dots;
#endif
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

void force_portable_kernels(bool on) { g_force_portable.store(on); }

const char* kernel_name() { return use_avx2() ? "avx2+fma" : "portable"; }

// Computes every (row, query) score of rows [0, n_rows) block by block: a block of rows (about
// 128 KiB) stays in L2 while each packed query panel (in L1) passes over it strip by strip, and
// the micro-kernel keeps its R x panel scores in registers and compares them against the
// per-query thresholds before anything is stored. Threads take whole blocks (dynamic schedule)
// and keep their own TopLists, merged at the end; nothing is shared while scoring, nothing
// inside the parallel region allocates or throws.
std::vector<std::vector<Scored>> top_scores(const float* rows, std::size_t n_rows, int dim,
                                            const float* queries, std::size_t n_queries,
                                            Scoring scoring, std::size_t n_best, int n_threads) {
  std::vector<std::vector<Scored>> result(n_queries);
  n_best = std::min(n_best, n_rows);
  if (n_queries == 0 || n_best == 0 || dim <= 0) return result;
  if (scoring == Scoring::kCosine && n_queries <= kFewQueries) {
    return top_scores_few(rows, n_rows, dim, queries, n_queries, n_best, n_threads);
  }
  const Shape shape = scoring == Scoring::kCosine ? kCosineShape : kCosMulShape;
  const std::size_t per_panel = static_cast<std::size_t>(shape.queries);
  const std::size_t n_panels = (n_queries + per_panel - 1) / per_panel;
  const std::size_t n_padded = n_panels * per_panel;
  const std::size_t d = static_cast<std::size_t>(dim);
  const std::vector<float> packed = pack_queries(queries, n_queries, dim, scoring, n_panels);
  const std::size_t panel_floats = d * static_cast<std::size_t>(shape.width);
  const KernelSet kernels = kernels_for(scoring);
  const std::size_t strip = static_cast<std::size_t>(kernels.rows_per_strip);
  const std::size_t block_rows =
      std::max<std::size_t>(12, kBlockBytes / (4 * d) / 12 * 12);  // a multiple of every strip
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
          kernels.full(s, top);
        }
        for (; r < end; ++r) {
          s.rows = rows + r * d;
          s.id0 = static_cast<std::uint32_t>(r);
          kernels.one(s, top);
        }
      }
    }
  }

  return merge(tops, n_queries, n_best);
}

}  // namespace w2v::detail
