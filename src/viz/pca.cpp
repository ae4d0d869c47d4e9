#include "viz/pca.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "core/error.h"

namespace w2v {

void symmetric_eigen(std::vector<double> a, std::size_t n, std::vector<double>& values,
                     std::vector<double>& vecs) {
  std::vector<double> v(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) v[i * n + i] = 1.0;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0, diag = 0;
    for (std::size_t i = 0; i < n; ++i) {
      diag += a[i * n + i] * a[i * n + i];
      for (std::size_t j = i + 1; j < n; ++j) off += a[i * n + j] * a[i * n + j];
    }
    if (off <= 1e-30 * diag || off == 0) break;
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0) continue;
        // The rotation that zeroes a[p][q] (Numerical Recipes' stable form).
        const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const double t =
            (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (std::size_t k = 0; k < n; ++k) {  // columns p and q
          const double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (std::size_t k = 0; k < n; ++k) {  // rows p and q
          const double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (std::size_t k = 0; k < n; ++k) {
          const double vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return a[x * n + x] > a[y * n + y]; });
  values.assign(n, 0);
  vecs.assign(n * n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    values[k] = a[order[k] * n + order[k]];
    for (std::size_t i = 0; i < n; ++i) vecs[i * n + k] = v[i * n + order[k]];
  }
}

namespace {

// Orthonormalizes the b (<= dim) columns of v (dim x b, row-major) in place by modified
// Gram-Schmidt, twice for accuracy; a column that vanishes is replaced by the first unit axis
// that is not in the span of the columns before it.
void orthonormalize(std::vector<double>& v, std::size_t dim, std::size_t b) {
  const auto orthogonalize = [&](std::size_t k) {
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t j = 0; j < k; ++j) {
        double dot = 0;
        for (std::size_t i = 0; i < dim; ++i) dot += v[i * b + k] * v[i * b + j];
        for (std::size_t i = 0; i < dim; ++i) v[i * b + k] -= dot * v[i * b + j];
      }
    }
    double norm = 0;
    for (std::size_t i = 0; i < dim; ++i) norm += v[i * b + k] * v[i * b + k];
    return std::sqrt(norm);
  };
  for (std::size_t k = 0; k < b; ++k) {
    double before = 0;
    for (std::size_t i = 0; i < dim; ++i) before += v[i * b + k] * v[i * b + k];
    before = std::sqrt(before);
    double norm = orthogonalize(k);
    // Nothing left of the column beyond rounding: it was in the span of the others.
    for (std::size_t axis = 0; (norm <= 1e-10 * before || norm == 0) && axis < dim; ++axis) {
      before = 1;
      for (std::size_t i = 0; i < dim; ++i) v[i * b + k] = i == axis ? 1.0 : 0.0;
      norm = orthogonalize(k);
    }
    for (std::size_t i = 0; i < dim; ++i) v[i * b + k] /= norm;
  }
}

}  // namespace

Pca2 pca_2d(const std::vector<const float*>& rows, int dim_in) {
  const std::size_t n = rows.size();
  const std::size_t dim = static_cast<std::size_t>(dim_in);
  if (n < 2) throw UsageError("a map needs at least 2 words, got " + std::to_string(n));
  std::vector<double> mean(dim, 0.0);
  for (const float* r : rows) {
    for (std::size_t j = 0; j < dim; ++j) mean[j] += static_cast<double>(r[j]);
  }
  for (double& m : mean) m /= static_cast<double>(n);
  // The centered rows in double: the maps are of thousands of words at most (n x dim doubles).
  std::vector<double> x(n * dim);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < dim; ++j) {
      x[i * dim + j] = static_cast<double>(rows[i][j]) - mean[j];
      total += x[i * dim + j] * x[i * dim + j];
    }
  }
  const std::size_t b = std::min<std::size_t>({8, dim, n});
  // w = C v with C = x^T x: y = x v (n x b), then w = x^T y (dim x b).
  std::vector<double> y(n * b), w(dim * b);
  const auto apply = [&](const std::vector<double>& v) {
    std::fill(y.begin(), y.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < dim; ++j) {
        const double xij = x[i * dim + j];
        for (std::size_t k = 0; k < b; ++k) y[i * b + k] += xij * v[j * b + k];
      }
    }
    std::fill(w.begin(), w.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < dim; ++j) {
        const double xij = x[i * dim + j];
        for (std::size_t k = 0; k < b; ++k) w[j * b + k] += xij * y[i * b + k];
      }
    }
  };
  // A seeded start (xorshift), the same for every run.
  std::vector<double> v(dim * b);
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  for (double& e : v) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    e = static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5;
  }
  orthonormalize(v, dim, b);

  Pca2 out;
  std::vector<double> t(b * b), values, vecs, rotated(dim * b);
  double prev[2] = {-1, -1};
  for (int it = 1; it <= 3000; ++it) {
    out.iterations = it;
    apply(v);
    // Rayleigh-Ritz: t = v^T C v; rotate v onto t's eigenvectors.
    for (std::size_t p = 0; p < b; ++p) {
      for (std::size_t q = 0; q < b; ++q) {
        double s = 0;
        for (std::size_t j = 0; j < dim; ++j) s += v[j * b + p] * w[j * b + q];
        t[p * b + q] = s;
      }
    }
    for (std::size_t p = 0; p < b; ++p) {  // symmetrize rounding
      for (std::size_t q = p + 1; q < b; ++q)
        t[p * b + q] = t[q * b + p] = (t[p * b + q] + t[q * b + p]) / 2;
    }
    symmetric_eigen(t, b, values, vecs);
    // Residual of the top two Ritz pairs: ||C u - theta u|| with u = v s, C u = w s.
    double residual = 0;
    for (std::size_t k = 0; k < std::min<std::size_t>(2, b); ++k) {
      double r2 = 0;
      for (std::size_t j = 0; j < dim; ++j) {
        double cu = 0, u = 0;
        for (std::size_t q = 0; q < b; ++q) {
          cu += w[j * b + q] * vecs[q * b + k];
          u += v[j * b + q] * vecs[q * b + k];
        }
        r2 += (cu - values[k] * u) * (cu - values[k] * u);
      }
      residual = std::max(residual, std::sqrt(r2));
    }
    const double scale = std::max(values[0], 1e-300);
    const bool settled = std::fabs(values[0] - prev[0]) <= 1e-14 * scale &&
                         (b < 2 || std::fabs(values[1] - prev[1]) <= 1e-14 * scale);
    prev[0] = values[0];
    prev[1] = b > 1 ? values[1] : 0;
    // Next block: the Ritz vectors of C v (w rotated), orthonormalized.
    for (std::size_t j = 0; j < dim; ++j) {
      for (std::size_t k = 0; k < b; ++k) {
        double s = 0;
        for (std::size_t q = 0; q < b; ++q) s += w[j * b + q] * vecs[q * b + k];
        rotated[j * b + k] = s;
      }
    }
    if (residual <= 1e-12 * scale || values[0] <= 0 || (settled && residual <= 1e-9 * scale)) {
      // Keep the Ritz vectors of this step (v s), which the residual was measured on.
      for (std::size_t j = 0; j < dim; ++j) {
        for (std::size_t k = 0; k < b; ++k) {
          double s = 0;
          for (std::size_t q = 0; q < b; ++q) s += v[j * b + q] * vecs[q * b + k];
          rotated[j * b + k] = s;
        }
      }
      v.swap(rotated);
      break;
    }
    v.swap(rotated);
    orthonormalize(v, dim, b);
  }

  out.total_variance = total / static_cast<double>(n - 1);
  out.components.assign(2 * dim, 0.0);
  out.xy.assign(2 * n, 0.0);
  for (std::size_t k = 0; k < 2 && k < b; ++k) {
    out.variance[k] = std::max(0.0, values[k]) / static_cast<double>(n - 1);
    for (std::size_t j = 0; j < dim; ++j) out.components[k * dim + j] = v[j * b + k];
    double biggest = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < dim; ++j) s += x[i * dim + j] * v[j * b + k];
      out.xy[2 * i + k] = s;
      if (std::fabs(s) > std::fabs(biggest)) biggest = s;
    }
    if (biggest < 0) {  // svd_flip: the row furthest along the component is on its + side
      for (std::size_t i = 0; i < n; ++i) out.xy[2 * i + k] = -out.xy[2 * i + k];
      for (std::size_t j = 0; j < dim; ++j)
        out.components[k * dim + j] = -out.components[k * dim + j];
    }
  }
  return out;
}

}  // namespace w2v
