#include "core/cpu.h"

#include <cstdlib>
#include <string>

#include "core/error.h"

namespace w2v {

KernelIsa parse_isa(std::string_view s) {
  if (s == "auto") return KernelIsa::kAuto;
  if (s == "portable") return KernelIsa::kPortable;
  if (s == "avx2") return KernelIsa::kAvx2;
  if (s == "avx512") return KernelIsa::kAvx512;
  throw UsageError("W2V_ISA must be auto, portable, avx2 or avx512, got \"" + std::string(s) +
                   "\"");
}

const char* isa_name(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::kAuto:
      return "auto";
    case KernelIsa::kPortable:
      return "portable";
    case KernelIsa::kAvx2:
      return "avx2";
    case KernelIsa::kAvx512:
      return "avx512";
  }
  return "?";
}

bool isa_supported(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::kAuto:
    case KernelIsa::kPortable:
      return true;
#if defined(__x86_64__) || defined(__i386__)
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

KernelIsa resolve_isa(KernelIsa requested) {
  KernelIsa isa = requested;
  if (isa == KernelIsa::kAuto) {
    const char* env = std::getenv("W2V_ISA");
    isa = env != nullptr && *env != '\0' ? parse_isa(env) : KernelIsa::kAuto;
  }
  if (isa == KernelIsa::kAuto) return best_isa();
  if (!isa_supported(isa)) {
    throw UsageError(std::string("this CPU does not support the ") + isa_name(isa) +
                     " kernels; use auto or portable (W2V_ISA)");
  }
  return isa;
}

}  // namespace w2v
