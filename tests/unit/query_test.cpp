#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "query/query_reader.h"
#include "query/score_kernel.h"
#include "query/vector_index.h"

using w2v::Embeddings;
using w2v::Method;
using w2v::Neighbor;
using w2v::Query;
using w2v::SearchOptions;
using w2v::VectorIndex;

namespace {

// Every kernel set this CPU can run.
std::vector<w2v::KernelIsa> supported_isas() {
  std::vector<w2v::KernelIsa> out;
  for (const auto isa :
       {w2v::KernelIsa::kPortable, w2v::KernelIsa::kAvx2, w2v::KernelIsa::kAvx512}) {
    if (w2v::isa_supported(isa)) out.push_back(isa);
  }
  return out;
}

Embeddings make(const std::vector<std::pair<std::string, std::vector<float>>>& rows) {
  Embeddings e;
  e.dim = static_cast<int>(rows.front().second.size());
  for (const auto& [w, v] : rows) {
    e.words.push_back(w);
    e.data.insert(e.data.end(), v.begin(), v.end());
  }
  return e;
}

Embeddings random_vectors(std::size_t n, int dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  Embeddings e;
  e.dim = dim;
  for (std::size_t i = 0; i < n; ++i) e.words.push_back("w" + std::to_string(i));
  e.data.resize(n * static_cast<std::size_t>(dim));
  for (float& x : e.data) x = normal(rng);
  return e;
}

std::vector<std::string> words_of(const VectorIndex& index, const std::vector<Neighbor>& ns) {
  std::vector<std::string> out;
  for (const Neighbor& n : ns) out.push_back(index.word(n.id));
  return out;
}

// The oracle: every candidate scored in double precision, sorted, query rows dropped.
std::vector<std::pair<double, w2v::WordId>> brute_force(const VectorIndex& index, const Query& q,
                                                        std::size_t n_rows, Method method) {
  const std::size_t dim = static_cast<std::size_t>(index.dim());
  const auto cos = [&](w2v::WordId a, const std::vector<double>& v) {
    double dot = 0.0, norm = 0.0;
    for (std::size_t i = 0; i < dim; ++i) {
      dot += static_cast<double>(index.unit_row(a)[i]) * v[i];
      norm += v[i] * v[i];
    }
    return dot / std::sqrt(norm);
  };
  const auto row = [&](w2v::WordId id) {
    return std::vector<double>(index.unit_row(id), index.unit_row(id) + dim);
  };
  std::vector<double> sum(dim, 0.0);
  for (const auto id : q.positive) {
    for (std::size_t i = 0; i < dim; ++i) sum[i] += static_cast<double>(index.unit_row(id)[i]);
  }
  for (const auto id : q.negative) {
    for (std::size_t i = 0; i < dim; ++i) sum[i] -= static_cast<double>(index.unit_row(id)[i]);
  }
  std::vector<std::pair<double, w2v::WordId>> all;
  for (w2v::WordId id = 0; id < n_rows; ++id) {
    if (std::count(q.positive.begin(), q.positive.end(), id) ||
        std::count(q.negative.begin(), q.negative.end(), id)) {
      continue;
    }
    double s = 0.0;
    if (method == Method::kAdd) {
      s = cos(id, sum);
    } else {
      const double a = cos(id, row(q.negative[0]));
      const double b = cos(id, row(q.positive[0]));
      const double c = cos(id, row(q.positive[1]));
      s = ((1 + b) / 2) * ((1 + c) / 2) / ((1 + a) / 2 + 1e-6);
    }
    all.push_back({-s, id});
  }
  std::sort(all.begin(), all.end());
  for (auto& p : all) p.first = -p.first;
  return all;
}

}  // namespace

TEST_CASE("query: Neighbours of hand-made 2-D vectors", "[query]") {
  // ene and nne lie symmetric about 45 degrees; lengths differ on purpose.
  const VectorIndex index(make({{"east", {2.0f, 0.0f}},
                                {"ene", {2.0f, 1.0f}},
                                {"nne", {3.0f, 6.0f}},
                                {"north", {0.0f, 0.1f}},
                                {"west", {-3.0f, 0.0f}}}));
  SearchOptions opts;
  opts.k = 10;
  const auto r = index.most_similar({{{0}, {}}, {{3}, {}}, {{0, 3}, {}}}, opts);
  CHECK(words_of(index, r[0]) == std::vector<std::string>{"ene", "nne", "north", "west"});
  CHECK(r[0][0].score == Approx(2.0 / std::sqrt(5.0)).epsilon(1e-6));
  CHECK(r[0][2].score == Approx(0.0).margin(1e-7));
  CHECK(r[0][3].score == Approx(-1.0f));
  // east and west are both at 90 degrees from north: the tie goes to the earlier row.
  CHECK(words_of(index, r[1]) == std::vector<std::string>{"nne", "ene", "east", "west"});
  // east + north points at 45 degrees; its own words are left out.
  REQUIRE(r[2].size() == 3);
  CHECK(r[2][0].score == Approx(r[2][1].score).epsilon(1e-6));
  CHECK(r[2][0].score == Approx(3.0 / std::sqrt(10.0)).epsilon(1e-6));
  CHECK(index.word(r[2][2].id) == "west");
  opts.k = 1;
  opts.restrict_rows = 2;  // only east and ene are candidates, but any word can be asked about
  CHECK(words_of(index, index.most_similar({{{4}, {}}}, opts)[0]) ==
        std::vector<std::string>{"ene"});
}

TEST_CASE("query: Analogies on hand-made vectors, 3CosAdd and 3CosMul", "[query]") {
  // man -> king is the same offset as woman -> queen.
  const VectorIndex index(make({{"man", {1.0f, 0.0f, 0.2f}},
                                {"king", {1.0f, 1.0f, 0.2f}},
                                {"woman", {0.0f, 0.1f, 1.0f}},
                                {"queen", {0.0f, 1.1f, 1.0f}},
                                {"apple", {-1.0f, -0.3f, 0.1f}}}));
  for (const Method m : {Method::kAdd, Method::kMul}) {
    SearchOptions opts;
    opts.k = 2;
    opts.method = m;
    const auto r = index.most_similar({{{1, 2}, {0}}}, opts);
    CHECK(words_of(index, r[0]) == std::vector<std::string>{"queen", "apple"});
  }
  SearchOptions mul;
  mul.method = Method::kMul;
  CHECK_THROWS_AS(index.most_similar({{{1}, {}}}, mul), w2v::UsageError);
  SearchOptions zero;
  zero.k = 0;
  CHECK_THROWS_AS(index.most_similar({{{1}, {}}}, zero), w2v::UsageError);
  CHECK(w2v::parse_method("mul") == Method::kMul);
  CHECK_THROWS_AS(w2v::parse_method("3cosadd"), w2v::UsageError);
}

TEST_CASE("query: Blocked search equals brute force on random vectors", "[query]") {
  // Sizes chosen to leave remainders everywhere: rows not a multiple of the block or strip,
  // queries not a multiple of a panel.
  for (const w2v::KernelIsa isa : supported_isas()) {
    INFO("kernels: " << w2v::detail::kernel_name(isa));
    const VectorIndex index(random_vectors(2503, 37, 11));
    std::mt19937 rng(5);
    std::uniform_int_distribution<w2v::WordId> pick(0, 2502);
    std::vector<Query> adds, muls;
    for (int i = 0; i < 45; ++i) adds.push_back({{pick(rng)}, {}});
    for (int i = 0; i < 19; ++i) {
      const Query q{{pick(rng), pick(rng)}, {pick(rng)}};
      adds.push_back(q);
      muls.push_back(q);
    }
    for (const std::size_t restrict_rows : {std::size_t{0}, std::size_t{1000}}) {
      for (const int threads : {1, 2}) {
        for (const Method method : {Method::kAdd, Method::kMul}) {
          SearchOptions opts;
          opts.k = 10;
          opts.restrict_rows = restrict_rows;
          opts.n_threads = threads;
          opts.method = method;
          opts.isa = isa;
          const auto& queries = method == Method::kAdd ? adds : muls;
          const auto got = index.most_similar(queries, opts);
          for (std::size_t q = 0; q < queries.size(); ++q) {
            const auto want = brute_force(index, queries[q],
                                          restrict_rows ? restrict_rows : index.size(), method);
            REQUIRE(got[q].size() == 10);
            for (std::size_t i = 0; i < 10; ++i) {
              CHECK(got[q][i].id == want[i].second);
              CHECK(static_cast<double>(got[q][i].score) == Approx(want[i].first).margin(1e-5));
            }
          }
        }
      }
    }
  }
}

TEST_CASE("query: A few queries (the dot-product path) equal brute force", "[query]") {
  for (const w2v::KernelIsa isa : supported_isas()) {
    INFO("kernels: " << w2v::detail::kernel_name(isa));
    const VectorIndex index(random_vectors(3001, 45, 17));
    const std::vector<Query> queries = {{{5}, {}}, {{17, 2999}, {}}, {{40, 41}, {42}}};
    for (std::size_t n = 1; n <= queries.size(); ++n) {
      SearchOptions opts;
      opts.k = 7;
      opts.n_threads = 2;
      opts.isa = isa;
      const std::vector<Query> batch(queries.begin(), queries.begin() + static_cast<long>(n));
      const auto got = index.most_similar(batch, opts);
      for (std::size_t q = 0; q < n; ++q) {
        const auto want = brute_force(index, batch[q], index.size(), Method::kAdd);
        for (std::size_t i = 0; i < 7; ++i) {
          CHECK(got[q][i].id == want[i].second);
          CHECK(static_cast<double>(got[q][i].score) == Approx(want[i].first).margin(1e-5));
        }
      }
    }
  }
}

TEST_CASE("query: nearest() takes raw vectors, and k beyond the rows returns them all", "[query]") {
  const VectorIndex index(random_vectors(50, 8, 3));
  std::vector<float> q(index.unit_row(7), index.unit_row(7) + 8);
  for (float& x : q) x *= 3.0f;  // length does not matter
  SearchOptions opts;
  opts.k = 500;
  const auto r = index.nearest(q, opts);
  REQUIRE(r[0].size() == 50);
  CHECK(r[0][0].id == 7);
  CHECK(r[0][0].score == Approx(1.0f));
  CHECK(std::is_sorted(r[0].begin(), r[0].end(),
                       [](const Neighbor& a, const Neighbor& b) { return a.score > b.score; }));
  // A query asks for k + its words and drops them: all other rows come back.
  CHECK(index.most_similar({{{7, 8}, {9}}}, opts)[0].size() == 47);
}

TEST_CASE("query: Exact ties come out in row order, and zero rows score 0", "[query]") {
  const VectorIndex index(make({{"q", {1.0f, 0.0f}},
                                {"zero", {0.0f, 0.0f}},
                                {"d1", {0.0f, 1.0f}},
                                {"d2", {0.0f, 2.0f}},
                                {"d3", {0.0f, 0.5f}},
                                {"q", {5.0f, 0.0f}}}));  // a duplicate word: find() keeps row 0
  CHECK(*index.find("q") == 0);
  CHECK_FALSE(index.find("Q").has_value());
  SearchOptions opts;
  opts.k = 5;
  const auto r = index.most_similar({{{0}, {}}}, opts);
  CHECK(words_of(index, r[0]) == std::vector<std::string>{"q", "zero", "d1", "d2", "d3"});
  CHECK(r[0][1].score == 0.0f);
}

TEST_CASE("query: JSON strings are escaped and always valid UTF-8", "[query]") {
  std::string out;
  w2v::append_json_string(out, "a\"b\\c\n\x01 caf\xc3\xa9 \xff\xc3");
  CHECK(out == "\"a\\\"b\\\\c\\u000a\\u0001 caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd\"");
  out.clear();
  w2v::append_json_number(out, 0.1f);
  out += ' ';
  w2v::append_json_number(out, std::nan(""));
  CHECK(out == "0.1 null");
}

TEST_CASE("query: QueryReader hands over every complete line at once", "[query]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const std::string text = "king\r\nqueen man\n\nlast";
  REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  w2v::QueryReader reader(fds[0]);
  std::vector<std::string> lines;
  REQUIRE(reader.next_batch(lines));
  CHECK(lines == std::vector<std::string>{"king", "queen man", ""});
  ::close(fds[1]);
  REQUIRE(reader.next_batch(lines));
  CHECK(lines == std::vector<std::string>{"last"});
  CHECK(reader.first_line() == 4);
  CHECK_FALSE(reader.next_batch(lines));
  ::close(fds[0]);
}
