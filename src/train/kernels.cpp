#include "train/kernels.h"

#include "core/simd.h"

namespace w2v {

namespace {

// The kernel bodies (train/kernels_body.inc) compiled once per instruction set, over that set's
// primitives (core/simd.h).
namespace portable {
using namespace simd::portable;
#include "train/kernels_body.inc"
}  // namespace portable

#ifdef W2V_SIMD_X86
W2V_TARGET_BEGIN("avx2,fma")
namespace avx2 {
using namespace simd::avx2;
#include "train/kernels_body.inc"
}  // namespace avx2
W2V_TARGET_END

W2V_TARGET_BEGIN("avx512f,avx2,fma")
namespace avx512 {
using namespace simd::avx512;
#include "train/kernels_body.inc"
}  // namespace avx512
W2V_TARGET_END
#endif

template <class Dot, class Axpy, class DotMany, class Combine>
Kernels make(KernelIsa isa, Dot dot, Axpy axpy, DotMany dot_many, Combine combine) {
  Kernels k;
  k.isa = isa;
  k.name = isa_name(isa);
  k.dot = dot;
  k.axpy = axpy;
  k.dot_many = dot_many;
  k.combine = combine;
  return k;
}

}  // namespace

const Kernels& kernels_for(KernelIsa requested) {
  const KernelIsa isa = resolve_isa(requested);
  static const Kernels kPortable = make(KernelIsa::kPortable, portable::dot, portable::axpy,
                                        portable::dot_many, portable::combine);
#ifdef W2V_SIMD_X86
  static const Kernels kAvx2 =
      make(KernelIsa::kAvx2, avx2::dot, avx2::axpy, avx2::dot_many, avx2::combine);
  static const Kernels kAvx512 =
      make(KernelIsa::kAvx512, avx512::dot, avx512::axpy, avx512::dot_many, avx512::combine);
  if (isa == KernelIsa::kAvx512) return kAvx512;
  if (isa == KernelIsa::kAvx2) return kAvx2;
#endif
  return kPortable;
}

}  // namespace w2v
