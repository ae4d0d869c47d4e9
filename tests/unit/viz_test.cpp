#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "viz/pca.h"
#include "viz/word_map.h"

namespace {

std::vector<const float*> pointers(const std::vector<std::vector<float>>& rows) {
  std::vector<const float*> out;
  for (const auto& r : rows) out.push_back(r.data());
  return out;
}

}  // namespace

TEST_CASE("viz: Jacobi eigenvalues of a hand-made matrix", "[viz]") {
  // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1) and (1, -1) over sqrt(2).
  std::vector<double> values, vecs;
  w2v::symmetric_eigen({2, 1, 1, 2}, 2, values, vecs);
  CHECK(values[0] == Approx(3.0));
  CHECK(values[1] == Approx(1.0));
  CHECK(std::fabs(vecs[0]) == Approx(std::sqrt(0.5)));
  CHECK(vecs[0] * vecs[2] > 0);  // first eigenvector: both components of one sign
  // A diagonal matrix is its own decomposition, sorted.
  w2v::symmetric_eigen({1, 0, 0, 0, 5, 0, 0, 0, 3}, 3, values, vecs);
  CHECK(values == std::vector<double>{5, 3, 1});
}

TEST_CASE("viz: PCA of points whose components are known", "[viz]") {
  // Points spread along (3, 4, 0) / 5 with variance 100 and along (0, 0, 1) with variance 1,
  // plus an offset: the components and projections are known exactly.
  std::vector<std::vector<float>> rows;
  const double a[] = {-15, -5, 5, 15}, b[] = {-1, 1};
  for (const double s : a) {
    for (const double t : b) {
      rows.push_back({static_cast<float>(7 + s * 0.6), static_cast<float>(-2 + s * 0.8),
                      static_cast<float>(1 + t)});
    }
  }
  const w2v::Pca2 pca = w2v::pca_2d(pointers(rows), 3);
  CHECK(std::fabs(pca.components[0]) == Approx(0.6).margin(1e-9));
  CHECK(std::fabs(pca.components[1]) == Approx(0.8).margin(1e-9));
  CHECK(std::fabs(pca.components[5]) == Approx(1.0).margin(1e-9));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(std::fabs(pca.xy[2 * i]) == Approx(std::fabs(a[i / 2])).margin(1e-5));
    CHECK(std::fabs(pca.xy[2 * i + 1]) == Approx(1.0).margin(1e-5));
  }
  // Sums of squares along the components: 2 * (225 + 25 + 25 + 225) and 8, over n - 1 = 7.
  CHECK(pca.variance[0] == Approx(1000.0 / 7));
  CHECK(pca.variance[1] == Approx(8.0 / 7));
  CHECK(pca.total_variance == Approx(pca.variance[0] + pca.variance[1]).epsilon(1e-6));
  CHECK_THROWS_AS(w2v::pca_2d(pointers({{1.0f, 2.0f}}), 2), w2v::UsageError);
}

TEST_CASE("viz: PCA signs follow svd_flip", "[viz]") {
  // Skewed data: along each component, the row furthest from the mean is on the + side.
  std::mt19937 rng(9);
  std::exponential_distribution<float> skewed;
  std::vector<std::vector<float>> rows(40, std::vector<float>(5));
  for (auto& r : rows) {
    for (float& v : r) v = skewed(rng);
  }
  const w2v::Pca2 pca = w2v::pca_2d(pointers(rows), 5);
  for (int k = 0; k < 2; ++k) {
    double furthest = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (std::fabs(pca.xy[2 * i + k]) > std::fabs(furthest)) furthest = pca.xy[2 * i + k];
    }
    CHECK(furthest > 0);
  }
}

TEST_CASE("viz: PCA of two points and of fewer dimensions than words", "[viz]") {
  const w2v::Pca2 two = w2v::pca_2d(pointers({{0, 0, 0}, {2, 0, 0}}), 3);
  CHECK(std::fabs(two.xy[0]) == Approx(1.0));
  CHECK(two.xy[1] == Approx(0.0).margin(1e-12));
  std::mt19937 rng(1);
  std::normal_distribution<float> normal;
  std::vector<std::vector<float>> rows(50, std::vector<float>(2));
  for (auto& r : rows) r = {normal(rng) * 3, normal(rng)};
  const w2v::Pca2 flat = w2v::pca_2d(pointers(rows), 2);  // 2-D data: all its variance kept
  CHECK(flat.variance[0] + flat.variance[1] == Approx(flat.total_variance).epsilon(1e-9));
}

TEST_CASE("viz: Labels of a crowded map do not overlap", "[viz]") {
  // 30 words in a tight cluster and 30 spread out, with a few arrows across.
  std::mt19937 rng(3);
  std::normal_distribution<double> normal;
  std::vector<w2v::MapPoint> points;
  for (int i = 0; i < 60; ++i) {
    const double spread = i < 30 ? 0.1 : 1.0;
    points.push_back({"word" + std::to_string(i), normal(rng) * spread, normal(rng) * spread});
  }
  const std::vector<w2v::MapArrow> arrows = {{30, 31}, {32, 33}, {0, 40}};
  std::vector<w2v::LabelBox> boxes;
  const std::string svg = w2v::render_word_map(points, arrows, {}, &boxes);
  REQUIRE(boxes.size() == points.size());
  int overlaps = 0;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const auto& a = boxes[i];
      const auto& b = boxes[j];
      overlaps += a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
    }
    CHECK(boxes[i].x0 >= 0);
    CHECK(boxes[i].x1 <= 900);
  }
  CHECK(overlaps == 0);
  CHECK(svg.find("marker-end") != std::string::npos);
  CHECK(svg.find("<title>word7</title>") != std::string::npos);
}

TEST_CASE("viz: Text is made safe for XML", "[viz]") {
  struct Row {
    std::string in, out;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;", "markup characters"},
      {"caf\xc3\xa9", "caf\xc3\xa9", "valid UTF-8 kept"},
      {"x\xffy", "x\xef\xbf\xbdy", "a byte that is not UTF-8 becomes U+FFFD"},
      {std::string("a\0b\x01", 4),
       "a\xef\xbf\xbd"
       "b\xef\xbf\xbd",
       "control bytes too"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(w2v::xml_escape(r.in) == r.out);
  }
  CHECK(w2v::label_width("abc", 10) == Approx(20.0));
  CHECK(w2v::label_width("caf\xc3\xa9", 10) == Approx(26.0));  // 4 characters, 5 bytes
}
