#pragma once

#include <cstddef>
#include <vector>

namespace w2v {

// The first two principal components of a set of rows, and the rows projected on them.
struct Pca2 {
  std::vector<double> xy;          // n x 2: row i is at (xy[2i], xy[2i + 1])
  std::vector<double> components;  // 2 x dim, unit vectors (component 1, then 2)
  double variance[2] = {0, 0};     // variance along each component (divided by n - 1)
  double total_variance = 0;       // of all dimensions (divided by n - 1)
  int iterations = 0;              // subspace iterations used
};

// PCA to 2-D of the n rows (each dim floats; n >= 2), as numpy's SVD of the centered rows
// gives it: rows are centered on their mean, the components are the top eigenvectors of the
// covariance, and each component's sign is chosen so that the row with the largest
// |coordinate| along it is positive (scikit-learn's svd_flip). Computed by subspace iteration
// in double (block of 8, Rayleigh-Ritz each step) until the top two eigenvalues and their
// residuals are at rounding level: O(n * dim) per step, no dim x dim matrix, so a map of
// 100,000 words works. Throws UsageError for n < 2.
Pca2 pca_2d(const std::vector<const float*>& rows, int dim);

// Eigenvalues (descending) and eigenvectors (column k of vecs, row-major n x n) of the
// symmetric n x n matrix a, by cyclic Jacobi rotations. For the small matrices of pca_2d.
void symmetric_eigen(std::vector<double> a, std::size_t n, std::vector<double>& values,
                     std::vector<double>& vecs);

}  // namespace w2v
