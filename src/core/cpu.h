#pragma once

#include <string_view>

namespace w2v {

// The instruction sets that have SIMD kernels (training and queries alike). kAuto is the best
// the CPU supports, unless the environment variable W2V_ISA names another.
enum class KernelIsa { kAuto, kPortable, kAvx2, kAvx512 };

// parse_isa("avx2") -> kAvx2; "auto", "portable", "avx2", "avx512"; else UsageError naming W2V_ISA.
KernelIsa parse_isa(std::string_view s);
const char* isa_name(KernelIsa isa);

// True if this CPU (and OS) can run the kernels of isa; kAuto and kPortable always can.
bool isa_supported(KernelIsa isa);
// The widest supported set: kAvx512, else kAvx2, else kPortable.
KernelIsa best_isa();
// The set the kernels use when asked for `requested`: itself, or for kAuto the set named by
// W2V_ISA if it is set, else best_isa(). Throws UsageError for a W2V_ISA that is not a set's
// name, or for a set the CPU lacks ("this CPU does not support the avx512 kernels; ...").
KernelIsa resolve_isa(KernelIsa requested);

}  // namespace w2v
