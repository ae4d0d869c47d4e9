#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "eval/analogy_eval.h"
#include "eval/analogy_set.h"
#include "eval/eval_format.h"
#include "eval/word_pairs.h"
#include "query/vector_index.h"
#include "support/matchers.h"
#include "support/temp_dir.h"

using w2v::AnalogyEvalOptions;
using w2v::Embeddings;
using w2v::VectorIndex;
using w2v::test::MessageContains;

namespace {

// One-hot groups with planted analogies (see the questions below for what each row is for).
VectorIndex planted() {
  const std::vector<std::pair<std::string, std::vector<int>>> rows = {
      {"man", {0}},
      {"king", {0, 1}},
      {"woman", {2}},
      {"queen", {1, 2}},
      {"apple", {3}},
      {"Queen", {3}},  // a later case variant of queen
      {"a", {4}},
      {"b", {4, 5}},
      {"c", {6}},
      {"C", {5, 6}},  // a case variant of c:
                      // best answer
      {"d", {5, 6}},  // second best
      {"big", {8}},
      {"bigger", {8, 9}},
      {"small", {10}},
      {"smaller", {9, 10}},
  };
  Embeddings e;
  e.dim = 11;
  for (const auto& [w, ones] : rows) {
    e.words.push_back(w);
    std::vector<float> v(11, 0.0f);
    for (const int i : ones) v[static_cast<std::size_t>(i)] += 1.0f;
    if (w == "d") v[7] = 0.3f;
    if (w == "Queen") v[0] = 0.5f;
    e.data.insert(e.data.end(), v.begin(), v.end());
  }
  return VectorIndex(std::move(e));
}

const char* kQuestions =
    ": family\n"
    "man king woman queen\n"   // correct
    "Man King Woman Queen\n"   // correct when folded, else out of vocabulary
    "man king woman prince\n"  // prince is unknown: skipped
    "man king woman apple\n"   // answered, wrong
    "man king woman Queen\n"   // folded: QUEEN is row queen, correct; exact: wrong
    "\n"
    ": gram1-variants\n"
    "a b c d\n"                    // best row C folds to c (a query word): d is taken when folded
    "big bigger small smaller\n";  // correct; skipped when --restrict drops the last row

}  // namespace

TEST_CASE("eval: Analogy sets parse with gensim's section rule and strict lines", "[eval]") {
  const auto set = w2v::parse_analogy_set(kQuestions, "q.txt");
  REQUIRE(set.sections.size() == 2);
  CHECK(set.sections[0].name == "family");
  CHECK(set.sections[1].questions[1].words[3] == "smaller");
  CHECK(set.sections[1].questions[1].line == 10);
  CHECK(set.n_questions() == 7);
  CHECK(w2v::parse_analogy_set(":  capital-world \r\nA B C D\r\n", "x").sections[0].name ==
        "capital-world");
  CHECK(w2v::is_syntactic_section("gram3-comparative"));
  CHECK_FALSE(w2v::is_syntactic_section("capital-world"));

  const std::vector<std::pair<std::string, std::vector<std::string>>> bad = {
      {": s\na b c\n", {"q.txt: line 2", "expected 4 words", "found 3"}},
      {": s\na b c d e\n", {"line 2", "found 5"}},
      {"a b c d\n", {"line 1", "before the first section"}},
      {":\na b c d\n", {"line 1", "needs a name"}},
      {"", {"no analogy questions"}},
      {": only-a-header\n", {"no analogy questions"}},
  };
  for (const auto& [text, parts] : bad) {
    INFO(text);
    try {
      w2v::parse_analogy_set(text, "q.txt");
      FAIL("no error");
    } catch (const w2v::FormatError& e) {
      for (const auto& p : parts) CHECK_THAT(e, MessageContains(p));
    }
  }
}

TEST_CASE("eval: Analogy evaluation counts as gensim does", "[eval]") {
  const VectorIndex index = planted();
  const auto set = w2v::parse_analogy_set(kQuestions, "q.txt");

  AnalogyEvalOptions folded;
  auto r = w2v::evaluate_analogies(index, set, folded);
  REQUIRE(r.sections.size() == 2);
  CHECK(r.sections[0].counts.correct == 3);
  CHECK(r.sections[0].counts.answered == 4);
  CHECK(r.sections[0].skipped == 1);
  CHECK(r.sections[1].counts.correct == 2);
  CHECK(r.sections[1].counts.answered == 2);
  CHECK(r.semantic.correct == 3);
  CHECK(r.syntactic.answered == 2);
  CHECK(r.total.correct == 5);
  CHECK(r.total.answered == 6);
  CHECK(r.skipped == 1);
  CHECK(r.n_questions == 7);

  AnalogyEvalOptions exact;
  exact.case_fold = false;
  r = w2v::evaluate_analogies(index, set, exact);
  CHECK(r.sections[0].counts.correct == 1);
  CHECK(r.sections[0].counts.answered == 3);
  CHECK(r.sections[0].skipped == 2);
  CHECK(r.sections[1].counts.correct == 1);  // C is an answer now, and wrong
  CHECK(r.sections[1].counts.answered == 2);

  AnalogyEvalOptions restricted;
  restricted.restrict_rows = index.size() - 1;  // "smaller" falls out
  r = w2v::evaluate_analogies(index, set, restricted);
  CHECK(r.sections[1].counts.answered == 1);
  CHECK(r.sections[1].skipped == 1);
  CHECK(r.n_vocab == index.size() - 1);

  AnalogyEvalOptions mul;
  mul.method = w2v::Method::kMul;
  mul.n_threads = 2;
  r = w2v::evaluate_analogies(index, set, mul);
  CHECK(r.total.correct == 5);
  CHECK(r.total.answered == 6);

  const std::string json =
      w2v::format_analogy_report(w2v::evaluate_analogies(index, set, folded), true);
  CHECK(json ==
        "{\"total\": {\"correct\": 5, \"answered\": 6, \"accuracy\": 0.8333333333333334}, "
        "\"semantic\": {\"correct\": 3, \"answered\": 4, \"accuracy\": 0.75}, "
        "\"syntactic\": {\"correct\": 2, \"answered\": 2, \"accuracy\": 1}, \"skipped\": 1, "
        "\"sections\": [{\"name\": \"family\", \"correct\": 3, \"answered\": 4}, "
        "{\"name\": \"gram1-variants\", \"correct\": 2, \"answered\": 2}]}\n");
  const std::string text =
      w2v::format_analogy_report(w2v::evaluate_analogies(index, set, folded), false);
  CHECK(text.find("family: 75.0% (3/4)\n") != std::string::npos);
  CHECK(text.find("skipped: 1 of 7 questions") != std::string::npos);
}

TEST_CASE("eval: Correlations match scipy, ties by average rank", "[eval]") {
  CHECK(w2v::spearman_correlation({1, 2, 3, 4, 5, 6}, {5, 6, 7, 8, 7, 1}) ==
        Approx(0.028988551782622423).epsilon(1e-12));
  CHECK(w2v::pearson_correlation({1, 2, 3, 4, 5, 6}, {5, 6, 7, 8, 7, 1}) ==
        Approx(-0.3416391740242379).epsilon(1e-12));
  CHECK(w2v::spearman_correlation({7.35, 7.35, 10, 1.5}, {0.5, 0.25, 1.0, -0.1}) ==
        Approx(0.9486832980505139).epsilon(1e-12));
  CHECK(std::isnan(w2v::pearson_correlation({1, 1, 1}, {1, 2, 3})));
}

TEST_CASE("eval: Word pairs: parsing, unknown words, correlations", "[eval]") {
  const std::string text =
      "Word 1\tWord 2\tHuman (mean)\n"  // a column header is skipped
      "# a comment\n"
      "man\tking\t7.35\n"
      "WOMAN queen 7.35\n"  // spaces work too; case folded by default
      "\n"
      "king queen 10\n"
      "man prince 3\n"  // prince is unknown
      "apple man 1.5\n";
  const auto set = w2v::parse_word_pairs(text, "p.tsv");
  REQUIRE(set.pairs.size() == 5);
  CHECK(set.pairs[3].line == 7);
  const VectorIndex index = planted();
  auto r = w2v::evaluate_word_pairs(index, set, {});
  CHECK(r.n_pairs == 4);
  REQUIRE(r.oov_pairs.size() == 1);
  CHECK(r.oov_pairs[0].b == "prince");
  // cosines: man-king 0.707, woman-queen 0.707, king-queen 0.5, apple-man 0; scipy 1.10:
  // spearmanr([7.35, 7.35, 10, 1.5], [.5**.5, .5**.5, .5, 0]) = 0.3333333333333334,
  // pearsonr(...) = 0.7947028537065155.
  CHECK(r.spearman == Approx(0.3333333333333334).epsilon(1e-6));
  CHECK(r.pearson == Approx(0.7947028537065155).epsilon(1e-6));
  w2v::PairsEvalOptions exact;
  exact.case_fold = false;
  CHECK(w2v::evaluate_word_pairs(index, set, exact).oov_pairs.size() == 2);
  CHECK(w2v::format_pairs_report(r, true).find("\"pairs\": 4, \"oov_pairs\": 1}") !=
        std::string::npos);

  CHECK_THROWS_MATCHES(w2v::parse_word_pairs("a b 1\nc d\n", "p.tsv"), w2v::FormatError,
                       MessageContains("p.tsv: line 2") && MessageContains("found 2 fields"));
  CHECK_THROWS_MATCHES(w2v::parse_word_pairs("a b 1\nc d nan\n", "p.tsv"), w2v::FormatError,
                       MessageContains("line 2") && MessageContains("not a finite number"));
  CHECK_THROWS_MATCHES(w2v::parse_word_pairs("# nothing\n", "p.tsv"), w2v::FormatError,
                       MessageContains("no word pairs"));
  CHECK_THROWS_MATCHES(
      w2v::evaluate_word_pairs(index, w2v::parse_word_pairs("x y 1\n", "p.tsv"), {}),
      w2v::FormatError, MessageContains("none of the 1 pairs"));
}

TEST_CASE("eval: The evaluation sets in data/eval parse", "[eval]") {
  const auto set = w2v::read_analogy_set(std::string(W2V_DATA_DIR) + "/eval/questions-words.txt");
  CHECK(set.sections.size() == 14);
  CHECK(set.n_questions() == 19544);
  std::size_t syntactic = 0;
  for (const auto& s : set.sections) {
    if (w2v::is_syntactic_section(s.name)) syntactic += s.questions.size();
  }
  CHECK(syntactic == 10675);
  CHECK(w2v::read_word_pairs(std::string(W2V_DATA_DIR) + "/eval/wordsim353.tsv").pairs.size() ==
        353);
}

TEST_CASE("eval: Answering in batches for progress gives the same report", "[eval]") {
  // 300 random words and more than two batches of random questions over them.
  std::mt19937 rng(17);
  std::normal_distribution<float> normal;
  Embeddings e;
  e.dim = 16;
  for (int i = 0; i < 300; ++i) {
    e.words.push_back("w" + std::to_string(i));
    for (int j = 0; j < e.dim; ++j) e.data.push_back(normal(rng));
  }
  const VectorIndex index(std::move(e));
  w2v::AnalogySet set;
  for (int s = 0; s < 2; ++s) {
    set.sections.push_back({s == 0 ? "capital-world" : "gram1-x", {}});
    for (std::size_t q = 0; q < w2v::kAnalogyBatch + 700; ++q) {
      w2v::AnalogyQuestion question;
      for (std::string& w : question.words) w = "w" + std::to_string(rng() % 310);  // some OOV
      set.sections.back().questions.push_back(question);
    }
  }
  const w2v::AnalogyReport whole = w2v::evaluate_analogies(index, set, {});
  std::vector<std::uint64_t> reported;
  const w2v::AnalogyReport batched = w2v::evaluate_analogies(
      index, set, {}, [&](const w2v::PassProgress& p) { reported.push_back(p.done); });
  REQUIRE(whole.sections.size() == batched.sections.size());
  for (std::size_t s = 0; s < whole.sections.size(); ++s) {
    CHECK(whole.sections[s].counts.correct == batched.sections[s].counts.correct);
    CHECK(whole.sections[s].counts.answered == batched.sections[s].counts.answered);
  }
  CHECK(whole.total.correct > 0);
  REQUIRE_FALSE(reported.empty());
  CHECK(reported.back() == whole.total.answered);  // the last report is the whole set
}
