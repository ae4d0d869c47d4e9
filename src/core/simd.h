#pragma once

// The one layer of SIMD primitives, one namespace per instruction set, each with the same names:
//   V, kWidth                 a vector of kWidth floats
//   zero() set1(a)            all lanes 0 / a
//   load(p) store(p, v)       kWidth floats, p need not be aligned
//   broadcast(p)              all lanes *p
//   fmadd(a, b, c)            a * b + c (fused where the set has FMA)
//   add(a, b) mul(a, b) div(a, b)
//   hsum(v)                   the sum of the lanes
//   ge_mask(a, b)             bit i set when lane i of a >= lane i of b (ordered)
// Kernels are written once over these names and compiled once per set: a kernel file includes
// its body inside `namespace avx2 { using namespace simd::avx2; #include "body.inc" }` within
// W2V_TARGET_BEGIN("avx2,fma") ... W2V_TARGET_END, so each copy is compiled for its set and
// chosen at run time (core/cpu.h). Nothing here assumes the build machine's CPU.

#include "core/target.h"

#if defined(__x86_64__) || defined(__i386__)
#define W2V_SIMD_X86 1
#include <immintrin.h>
#endif

namespace w2v::simd {

// Plain floats; the compiler may vectorise loops of them for the baseline set (SSE2 on x86-64).
namespace portable {
using V = float;
constexpr int kWidth = 1;
inline V zero() { return 0.0f; }
inline V set1(float a) { return a; }
inline V load(const float* p) { return *p; }
inline void store(float* p, V v) { *p = v; }
inline V broadcast(const float* p) { return *p; }
inline V fmadd(V a, V b, V c) { return a * b + c; }
inline V add(V a, V b) { return a + b; }
inline V mul(V a, V b) { return a * b; }
inline V div(V a, V b) { return a / b; }
inline float hsum(V v) { return v; }
inline unsigned ge_mask(V a, V b) { return a >= b ? 1u : 0u; }
}  // namespace portable

#ifdef W2V_SIMD_X86
W2V_TARGET_BEGIN("avx2,fma")
namespace avx2 {
using V = __m256;
constexpr int kWidth = 8;
inline V zero() { return _mm256_setzero_ps(); }
inline V set1(float a) { return _mm256_set1_ps(a); }
inline V load(const float* p) { return _mm256_loadu_ps(p); }
inline void store(float* p, V v) { _mm256_storeu_ps(p, v); }
inline V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
inline V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
inline V add(V a, V b) { return _mm256_add_ps(a, b); }
inline V mul(V a, V b) { return _mm256_mul_ps(a, b); }
inline V div(V a, V b) { return _mm256_div_ps(a, b); }
inline float hsum(V v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
inline unsigned ge_mask(V a, V b) {
  return static_cast<unsigned>(_mm256_movemask_ps(_mm256_cmp_ps(a, b, _CMP_GE_OQ)));
}
}  // namespace avx2
W2V_TARGET_END

W2V_TARGET_BEGIN("avx512f,avx2,fma")
// GCC 12's AVX-512 headers initialise their "undefined" registers from themselves, which
// -Wuninitialized reports at every use; the values are never read.
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
namespace avx512 {
using V = __m512;
constexpr int kWidth = 16;
inline V zero() { return _mm512_setzero_ps(); }
inline V set1(float a) { return _mm512_set1_ps(a); }
inline V load(const float* p) { return _mm512_loadu_ps(p); }
inline void store(float* p, V v) { _mm512_storeu_ps(p, v); }
inline V broadcast(const float* p) { return _mm512_set1_ps(*p); }
inline V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
inline V add(V a, V b) { return _mm512_add_ps(a, b); }
inline V mul(V a, V b) { return _mm512_mul_ps(a, b); }
inline V div(V a, V b) { return _mm512_div_ps(a, b); }
inline float hsum(V v) { return _mm512_reduce_add_ps(v); }
inline unsigned ge_mask(V a, V b) {
  return static_cast<unsigned>(_mm512_cmp_ps_mask(a, b, _CMP_GE_OQ));
}
}  // namespace avx512
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
W2V_TARGET_END
#endif

}  // namespace w2v::simd
