#include "train/kernels.h"

#include <string>

#include "core/error.h"

#if defined(__x86_64__) || defined(__i386__)
#define W2V_X86 1
#include <immintrin.h>
#endif

#include "core/target.h"

namespace w2v {

namespace {

// Portable: plain floats; the compiler may vectorise for the baseline ISA (SSE2 on x86-64).
namespace portable {
using V = float;
constexpr int kWidth = 1;
inline V zero() { return 0.0f; }
inline V set1(float a) { return a; }
inline V load(const float* p) { return *p; }
inline void store(float* p, V v) { *p = v; }
inline V fmadd(V a, V b, V c) { return a * b + c; }
inline float hsum(V v) { return v; }
#include "train/kernels_body.inc"
}  // namespace portable

#ifdef W2V_X86
W2V_TARGET_BEGIN("avx2,fma")
namespace avx2 {
using V = __m256;
constexpr int kWidth = 8;
inline V zero() { return _mm256_setzero_ps(); }
inline V set1(float a) { return _mm256_set1_ps(a); }
inline V load(const float* p) { return _mm256_loadu_ps(p); }
inline void store(float* p, V v) { _mm256_storeu_ps(p, v); }
inline V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
inline float hsum(V v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
#include "train/kernels_body.inc"
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
inline V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
inline float hsum(V v) { return _mm512_reduce_add_ps(v); }
#include "train/kernels_body.inc"
}  // namespace avx512
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
W2V_TARGET_END
#endif

Kernels make_portable() {
  Kernels k;
  k.isa = KernelIsa::kPortable;
  k.name = "portable";
  k.dot = portable::dot;
  k.axpy = portable::axpy;
  k.dot_many = portable::dot_many;
  k.combine = portable::combine;
  return k;
}

#ifdef W2V_X86
Kernels make_avx2() {
  Kernels k;
  k.isa = KernelIsa::kAvx2;
  k.name = "avx2";
  k.dot = avx2::dot;
  k.axpy = avx2::axpy;
  k.dot_many = avx2::dot_many;
  k.combine = avx2::combine;
  return k;
}

Kernels make_avx512() {
  Kernels k;
  k.isa = KernelIsa::kAvx512;
  k.name = "avx512";
  k.dot = avx512::dot;
  k.axpy = avx512::axpy;
  k.dot_many = avx512::dot_many;
  k.combine = avx512::combine;
  return k;
}
#endif

}  // namespace

bool isa_supported(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::kAuto:
    case KernelIsa::kPortable:
      return true;
#ifdef W2V_X86
    case KernelIsa::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case KernelIsa::kAvx512:
      // libgcc's check includes the OS saving the ZMM state (XGETBV).
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
             __builtin_cpu_supports("fma");
#else
    default:
      return false;
#endif
  }
  return false;
}

KernelIsa best_isa() {
  if (isa_supported(KernelIsa::kAvx512)) return KernelIsa::kAvx512;
  if (isa_supported(KernelIsa::kAvx2)) return KernelIsa::kAvx2;
  return KernelIsa::kPortable;
}

const Kernels& kernels_for(KernelIsa isa) {
  if (isa == KernelIsa::kAuto) isa = best_isa();
  if (!isa_supported(isa)) {
    throw UsageError(std::string("this CPU does not support the ") + isa_name(isa) +
                     " kernels; use auto or portable");
  }
  static const Kernels kPortable = make_portable();
#ifdef W2V_X86
  static const Kernels kAvx2 = make_avx2();
  static const Kernels kAvx512 = make_avx512();
  if (isa == KernelIsa::kAvx512) return kAvx512;
  if (isa == KernelIsa::kAvx2) return kAvx2;
#endif
  return kPortable;
}

}  // namespace w2v
