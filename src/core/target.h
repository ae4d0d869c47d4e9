#pragma once

// Compiles a region of functions for an instruction set beyond the build's baseline, for kernels
// chosen at run time (never called unless the CPU reports the feature). GCC and clang spell
// this differently; the region must not contain code called on other CPUs.
//   W2V_TARGET_BEGIN("avx2,fma") ... W2V_TARGET_END
#if defined(__clang__)
#define W2V_PRAGMA(x) _Pragma(#x)
#define W2V_TARGET_BEGIN(isa) \
  W2V_PRAGMA(clang attribute push(__attribute__((target(isa))), apply_to = function))
#define W2V_TARGET_END _Pragma("clang attribute pop")
#else
#define W2V_PRAGMA(x) _Pragma(#x)
#define W2V_TARGET_BEGIN(isa) _Pragma("GCC push_options") W2V_PRAGMA(GCC target(isa))
#define W2V_TARGET_END _Pragma("GCC pop_options")
#endif
