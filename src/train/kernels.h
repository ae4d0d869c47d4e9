#pragma once

#include "core/cpu.h"

namespace w2v {

// Row lengths handed to the kernels are multiples of this (the model pads its rows with zeros),
// so no kernel has a tail loop. 16 floats = 64 bytes = one cache line and one AVX-512 register.
constexpr int kRowFloats = 16;

// The trainer's only SIMD: one implementation per instruction set over the primitives of
// core/simd.h, chosen once at run time (core/cpu.h; the build needs no -march flag).
// Every n is a multiple of kRowFloats; rows may alias only where stated.
struct Kernels {
  KernelIsa isa = KernelIsa::kPortable;
  const char* name = "portable";
  // sum_i a[i] * b[i]
  float (*dot)(const float* a, const float* b, int n) = nullptr;
  // y += a * x
  void (*axpy)(float a, const float* x, float* y, int n) = nullptr;
  // out[r] = dot(x, rows[r]) for r in [0, n_rows)
  void (*dot_many)(const float* x, const float* const* rows, int n_rows, int n,
                   float* out) = nullptr;
  // dst = (accumulate ? dst : 0) + sum_r coeffs[r * coeff_stride] * rows[r]; dst must not be
  // one of rows.
  void (*combine)(const float* const* rows, const float* coeffs, int coeff_stride, int n_rows,
                  int n, float* dst, bool accumulate) = nullptr;
};

// The kernels of resolve_isa(isa) (kAuto: W2V_ISA, else the best the CPU has). Throws
// UsageError if the CPU lacks the set.
const Kernels& kernels_for(KernelIsa isa);

}  // namespace w2v
