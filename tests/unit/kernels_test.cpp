#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "core/error.h"
#include "train/kernels.h"

namespace {

using w2v::KernelIsa;

std::vector<KernelIsa> supported() {
  std::vector<KernelIsa> out;
  for (KernelIsa isa : {KernelIsa::kPortable, KernelIsa::kAvx2, KernelIsa::kAvx512}) {
    if (w2v::isa_supported(isa)) out.push_back(isa);
  }
  return out;
}

std::vector<float> random_floats(std::size_t n, std::mt19937& gen) {
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(gen);
  return v;
}

double ref_dot(const float* a, const float* b, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += static_cast<double>(a[i]) * static_cast<double>(b[i]);
  return s;
}

}  // namespace

TEST_CASE("Portable kernels are always there and auto picks the best", "[train][kernels]") {
  CHECK(w2v::isa_supported(KernelIsa::kPortable));
  CHECK(w2v::kernels_for(KernelIsa::kAuto).isa == w2v::best_isa());
  CHECK(w2v::kernels_for(KernelIsa::kPortable).isa == KernelIsa::kPortable);
  for (KernelIsa isa : {KernelIsa::kAvx2, KernelIsa::kAvx512}) {
    if (w2v::isa_supported(isa)) {
      CHECK(w2v::kernels_for(isa).isa == isa);
    } else {
      CHECK_THROWS_AS(w2v::kernels_for(isa), w2v::UsageError);
    }
  }
}

TEST_CASE("Every supported kernel set matches a double-precision reference", "[train][kernels]") {
  std::mt19937 gen(42);
  for (KernelIsa isa : supported()) {
    const w2v::Kernels& k = w2v::kernels_for(isa);
    INFO("isa " << k.name);
    for (int n : {16, 32, 112, 304}) {
      INFO("n " << n);
      const float tol = 1e-4f * static_cast<float>(n);
      // dot and axpy
      std::vector<float> a = random_floats(static_cast<std::size_t>(n), gen);
      std::vector<float> b = random_floats(static_cast<std::size_t>(n), gen);
      CHECK(std::fabs(k.dot(a.data(), b.data(), n) -
                      static_cast<float>(ref_dot(a.data(), b.data(), n))) < tol);
      std::vector<float> y = b;
      k.axpy(0.37f, a.data(), y.data(), n);
      for (int i = 0; i < n; ++i) CHECK(std::fabs(y[i] - (b[i] + 0.37f * a[i])) < 1e-6f);

      // dot_many and combine over 0..9 rows (every block size and remainder)
      std::vector<std::vector<float>> rows;
      std::vector<const float*> ptrs;
      for (int r = 0; r < 9; ++r) rows.push_back(random_floats(static_cast<std::size_t>(n), gen));
      for (auto& r : rows) ptrs.push_back(r.data());
      const std::vector<float> coeffs = random_floats(27, gen);
      for (int n_rows = 0; n_rows <= 9; ++n_rows) {
        INFO("rows " << n_rows);
        std::vector<float> out(9, -7.0f);
        if (n_rows > 0) k.dot_many(a.data(), ptrs.data(), n_rows, n, out.data());
        for (int r = 0; r < n_rows; ++r) {
          CHECK(std::fabs(out[r] - static_cast<float>(ref_dot(a.data(), ptrs[r], n))) < tol);
        }
        CHECK(out[8] == (n_rows == 9 ? out[8] : -7.0f));  // nothing written past n_rows
        for (int stride : {1, 3}) {
          for (bool accumulate : {false, true}) {
            std::vector<float> dst = b;
            k.combine(ptrs.data(), coeffs.data(), stride, n_rows, n, dst.data(), accumulate);
            for (int i = 0; i < n; ++i) {
              double want = accumulate ? static_cast<double>(b[i]) : 0.0;
              for (int r = 0; r < n_rows; ++r) {
                want += static_cast<double>(coeffs[r * stride]) * static_cast<double>(ptrs[r][i]);
              }
              CHECK(std::fabs(dst[i] - static_cast<float>(want)) < 1e-5f);
            }
          }
        }
      }
    }
  }
}
