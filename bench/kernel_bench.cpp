// w2v-kernel-bench: the training kernels alone (the sentence steps of src/train/sentence_steps.h,
// with the kernels the trainer picks), on a synthetic stream of words, without reading, counting
// or subsampling a corpus. Prints, per kernel, dim and thread count: trained pairs/s, cycles per
// pair and GFLOP/s against this machine's FMA peak, which it measures first (a loop of
// independent FMAs, registers only) and also derives from the clock.
//
// The stream: a vocabulary of --vocab words with Zipf counts (count of rank r ~ 1/r, over a corpus
// of --corpus-tokens tokens), sentences of --sentence words drawn from the distribution of the
// words word2vec.c's subsampling (--sample) keeps, which is what the trainer's steps see. Noise
// words come from counts^0.75 as in training. One model shared by all threads (Hogwild), as in
// training; each thread has its own stream, generator and scratch.
//
// Pairs and flops, per step:
//   skip-gram (fast and exact): a pair is (context, target); each costs a dot product, the
//     context's gradient and the target's update: 3 x dim multiply-adds = 6 dim flops; each
//     context adds its pending update once: 2 dim flops per context.
//   CBOW: a pair is (centre, target), 6 dim flops each as above; each context costs 2 dim flops
//     in the mean and 2 dim in the update.
// Contexts per centre: exact under the expected shrink (the whole window, cut at sentence ends),
// the expectation over the span under the random shrink. Padding lanes (dim 100 is stored as 112
// floats) are not counted. cycles/pair = thread-seconds x the clock in /proc/cpuinfo / pairs: a
// VM may not expose hardware counters, so this is wall time at the nominal clock.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "core/cpu.h"
#include "core/error.h"
#include "core/simd.h"
#include "train/huffman.h"
#include "train/kernels.h"
#include "train/model.h"
#include "train/options.h"
#include "train/rng.h"
#include "train/sampling.h"
#include "train/sentence_steps.h"

namespace {

using namespace w2v;
namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// 12 independent multiply-add chains per thread (more than FMA latency x units), registers only:
// the rate the FMA units reach at the clock they run at now.
#define W2V_FMA_PEAK_BODY                                                     \
  double fma_peak(std::uint64_t iters, float* sink) {                         \
    V a[12];                                                                  \
    for (int k = 0; k < 12; ++k) a[k] = set1(0.001f * static_cast<float>(k)); \
    const V x = set1(0.999f), y = set1(0.001f);                               \
    for (std::uint64_t i = 0; i < iters; ++i) {                               \
      for (int k = 0; k < 12; ++k) a[k] = fmadd(a[k], x, y);                  \
    }                                                                         \
    V s = a[0];                                                               \
    for (int k = 1; k < 12; ++k) s = add(s, a[k]);                            \
    *sink = hsum(s);                                                          \
    return 2.0 * kWidth * 12.0 * static_cast<double>(iters);                  \
  }

namespace portable {
using namespace simd::portable;
W2V_FMA_PEAK_BODY
}  // namespace portable
#ifdef W2V_SIMD_X86
W2V_TARGET_BEGIN("avx2,fma")
namespace avx2 {
using namespace simd::avx2;
W2V_FMA_PEAK_BODY
}  // namespace avx2
W2V_TARGET_END
W2V_TARGET_BEGIN("avx512f,avx2,fma")
namespace avx512 {
using namespace simd::avx512;
W2V_FMA_PEAK_BODY
}  // namespace avx512
W2V_TARGET_END
#endif

using PeakFn = double (*)(std::uint64_t, float*);
PeakFn peak_fn(KernelIsa isa) {
#ifdef W2V_SIMD_X86
  if (isa == KernelIsa::kAvx512) return avx512::fma_peak;
  if (isa == KernelIsa::kAvx2) return avx2::fma_peak;
#endif
  (void)isa;
  return portable::fma_peak;
}

int lanes(KernelIsa isa) {
  return isa == KernelIsa::kAvx512 ? 16 : isa == KernelIsa::kAvx2 ? 8 : 1;
}

// Measured FMA flops/s with `threads` threads, all running at once.
double measure_peak(KernelIsa isa, int threads, double seconds) {
  const PeakFn fn = peak_fn(isa);
  float sink = 0;
  std::uint64_t iters = 1 << 20;
  for (;;) {  // grow the loop until one run takes a tenth of the time asked for
    const auto t = Clock::now();
    fn(iters, &sink);
    if (seconds_since(t) > seconds / 10 || iters > (std::uint64_t{1} << 40)) break;
    iters *= 2;
  }
  iters = static_cast<std::uint64_t>(static_cast<double>(iters) * 10);
  double flops = 0;
  const auto t = Clock::now();
#pragma omp parallel num_threads(threads) reduction(+ : flops)
  {
    float s = 0;
    flops += fn(iters, &s);
    if (s == 12345.0f) std::printf(" ");  // keeps the result alive
  }
  const double secs = seconds_since(t);
  return flops / secs;
}

double clock_ghz() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("cpu MHz", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return std::stod(line.substr(colon + 1)) / 1000.0;
    }
  }
  return 0;
}

struct KernelSpec {
  std::string name;
  ModelKind model;
  TrainMode mode;
  WindowShrink shrink;
  bool hs;
  int negative;
};

const std::vector<KernelSpec>& all_kernels() {
  static const std::vector<KernelSpec> k = {
      {"sg-fast", ModelKind::kSkipGram, TrainMode::kFast, WindowShrink::kExpected, false, 5},
      {"sg-fast-random", ModelKind::kSkipGram, TrainMode::kFast, WindowShrink::kRandom, false, 5},
      {"sg-exact", ModelKind::kSkipGram, TrainMode::kExact, WindowShrink::kRandom, false, 5},
      {"cbow-fast", ModelKind::kCbow, TrainMode::kFast, WindowShrink::kRandom, false, 5},
      {"cbow-exact", ModelKind::kCbow, TrainMode::kExact, WindowShrink::kRandom, false, 5},
      {"sg-fast-hs", ModelKind::kSkipGram, TrainMode::kFast, WindowShrink::kExpected, true, 0},
  };
  return k;
}

// Contexts summed over the centres of one sentence of `len` words: exact for the whole window,
// the expectation over a span uniform in [1, window] otherwise.
double contexts_per_sentence(int len, int window, bool expected) {
  double total = 0;
  for (int i = 0; i < len; ++i) {
    const int left = i, right = len - 1 - i;
    if (expected) {
      total += std::min(left, window) + std::min(right, window);
    } else {
      for (int b = 1; b <= window; ++b) total += (std::min(left, b) + std::min(right, b));
    }
  }
  return expected ? total : total / window;
}

struct Result {
  double seconds = 0;
  std::uint64_t pairs = 0;
  double flops = 0;
};

struct Setup {
  std::vector<std::uint64_t> counts;
  NegativeSampler stream_words;  // what subsampling keeps
  NegativeSampler noise;         // counts^0.75
  HuffmanTree tree;
  SigmoidTable sigmoid;
};

Result run_kernel(const KernelSpec& spec, const Setup& setup, int dim, int threads, int window,
                  int sentence, double seconds, KernelIsa isa) {
  TrainOptions o;
  o.model = spec.model;
  o.mode = spec.mode;
  o.shrink = spec.shrink;
  o.hs = spec.hs;
  o.negative = spec.negative;
  o.dim = dim;
  o.window = window;
  o.n_threads = threads;
  const bool expected = spec.shrink == WindowShrink::kExpected;
  std::vector<float> weight(static_cast<std::size_t>(window) + 1, 1.0f);
  if (expected) {
    for (int d = 1; d <= window; ++d) weight[d] = expected_context_weight(window, d);
  }
  ModelShape shape;
  shape.output_rows = spec.negative > 0;
  shape.node_rows = spec.hs;
  Model model(setup.counts.size(), dim, 1, shape);
  const Kernels& k = kernels_for(isa);
  const StepContext ctx{k,        setup.noise,  setup.sigmoid, spec.hs ? &setup.tree : nullptr,
                        model,    window,       spec.negative, model.stride(),
                        expected, weight.data()};
  const SentenceStep step = pick_step(o);
  const double per_sentence_contexts = contexts_per_sentence(sentence, window, expected);
  const double context_flops = (spec.model == ModelKind::kCbow ? 4.0 : 2.0) * dim;
  Result total;
  std::uint64_t sentences = 0;
  bool bad = false;
  const int max_path = spec.hs ? setup.tree.max_length() : 0;
  auto start = Clock::now();
#pragma omp parallel num_threads(threads) reduction(+ : sentences)
  {
    const int id = omp_get_thread_num();
    Rng rng(1234 + static_cast<std::uint64_t>(id), static_cast<std::uint64_t>(id));
    StepScratch s(o, model.stride(), max_path);
    std::vector<WordId> words(static_cast<std::size_t>(sentence));
    // Warm-up, not timed (row values settle, caches fill): up to 2000 sentences or a tenth of
    // the measurement, whichever ends first.
    const auto warm = Clock::now();
    for (int w = 0; w < 2000 && seconds_since(warm) < seconds / 10; ++w) {
      for (auto& x : words) x = setup.stream_words.sample(rng);
      step(ctx, words.data(), sentence, 0.025f, rng, s);
    }
    s.predictions = 0;
#pragma omp barrier
#pragma omp single
    start = Clock::now();
    // Each thread stops once the time is up; the words are drawn outside the step's timing too.
    double drawing = 0;
    for (;;) {
      const auto t0 = Clock::now();
      for (auto& x : words) x = setup.stream_words.sample(rng);
      drawing += seconds_since(t0);
      step(ctx, words.data(), sentence, 0.025f, rng, s);
      ++sentences;
      if ((sentences & 15) == 0 && seconds_since(start) > seconds) break;
    }
#pragma omp critical
    {
      total.pairs += s.predictions;
      total.seconds += seconds_since(start) - drawing;  // thread-seconds in the steps
      bad = bad || s.bad;
    }
  }
  if (bad) throw NumericError("the benchmark's model diverged (a NaN or Inf score)");
  total.flops = 6.0 * dim * static_cast<double>(total.pairs) +
                context_flops * per_sentence_contexts * static_cast<double>(sentences);
  return total;
}

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> v;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) v.push_back(std::stoi(item));
  return v;
}

int run(int argc, char** argv) {
  std::string dims_s = "100,300", threads_s, kernels_s = "all";
  std::uint64_t vocab = 154246, corpus_tokens = 66000000;
  double sample = 1e-4, seconds = 3, noise_power = 0.75;
  int window = 5, sentence = 1000;
  po::options_description desc("w2v-kernel-bench options");
  desc.add_options()("help,h", "this help")(
      "kernels", po::value(&kernels_s)->default_value(kernels_s),
      "comma-separated: sg-fast, sg-fast-random, sg-exact, cbow-fast, cbow-exact, sg-fast-hs, or "
      "all")("dims", po::value(&dims_s)->default_value(dims_s), "comma-separated dimensions")(
      "threads", po::value(&threads_s), "comma-separated thread counts (default: 1 and all cores)")(
      "vocab", po::value(&vocab)->default_value(vocab), "vocabulary size (rows per matrix)")(
      "corpus-tokens", po::value(&corpus_tokens)->default_value(corpus_tokens),
      "corpus size the Zipf counts add up to (sets what subsampling keeps)")(
      "sample", po::value(&sample)->default_value(sample), "subsampling threshold")(
      "window", po::value(&window)->default_value(window), "window")(
      "sentence", po::value(&sentence)->default_value(sentence), "words per sentence")(
      "seconds", po::value(&seconds)->default_value(seconds), "seconds per measurement")(
      "noise-power", po::value(&noise_power)->default_value(noise_power),
      "noise words from count^P (w2v-train's default for the fast skip-gram is 0.5)");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  if (vocab < 2 || window < 1 || sentence < 2 || seconds <= 0 ||
      !(noise_power >= 0 && noise_power <= 2)) {
    throw UsageError(
        "--vocab >= 2, --window >= 1, --sentence >= 2, --seconds > 0 and --noise-power in [0, 2], "
        "please");
  }
  const int cores = omp_get_num_procs();
  const std::vector<int> thread_counts =
      threads_s.empty() ? (cores > 1 ? std::vector<int>{1, cores} : std::vector<int>{1})
                        : parse_list(threads_s);
  const std::vector<int> dims = parse_list(dims_s);
  std::vector<KernelSpec> kernels;
  for (const auto& spec : all_kernels()) {
    if (kernels_s == "all" ||
        ("," + kernels_s + ",").find("," + spec.name + ",") != std::string::npos) {
      kernels.push_back(spec);
    }
  }
  if (kernels.empty()) throw UsageError("--kernels names none of the kernels: " + kernels_s);

  const KernelIsa isa = resolve_isa(KernelIsa::kAuto);
  Setup setup;
  setup.counts.resize(vocab);
  double harmonic = 0;
  for (std::uint64_t r = 0; r < vocab; ++r) harmonic += 1.0 / static_cast<double>(r + 1);
  for (std::uint64_t r = 0; r < vocab; ++r) {
    setup.counts[r] = std::max<std::uint64_t>(
        5, static_cast<std::uint64_t>(static_cast<double>(corpus_tokens) / harmonic / (r + 1)));
  }
  const Subsampler keep(setup.counts, sample);
  std::vector<std::uint64_t> kept(vocab);
  for (std::uint64_t r = 0; r < vocab; ++r) {
    kept[r] = static_cast<std::uint64_t>(static_cast<double>(setup.counts[r]) *
                                         keep.keep_probability(static_cast<WordId>(r)) * 16);
  }
  setup.stream_words = NegativeSampler(kept, 1.0);
  setup.noise = NegativeSampler(setup.counts, noise_power);
  setup.tree = HuffmanTree(setup.counts);

  const double ghz = clock_ghz();
  std::printf("# w2v-kernel-bench: isa %s, %d cores, clock %.2f GHz (/proc/cpuinfo)\n",
              isa_name(isa), cores, ghz);
  std::printf(
      "# stream: vocab %llu (Zipf over %llu tokens), sample %g, window %d, %d-word "
      "sentences, noise count^%g, %g s per measurement\n",
      static_cast<unsigned long long>(vocab), static_cast<unsigned long long>(corpus_tokens),
      sample, window, sentence, noise_power, seconds);
  std::vector<double> peak(
      static_cast<std::size_t>(*std::max_element(thread_counts.begin(), thread_counts.end())) + 1);
  for (int t : thread_counts) {
    peak[static_cast<std::size_t>(t)] = measure_peak(isa, t, 1.0);
    std::printf(
        "# FMA peak, %d thread(s): measured %.1f GFLOP/s; clock x 2 FMA units x %d lanes "
        "x 2 flops x threads = %.1f GFLOP/s\n",
        t, peak[static_cast<std::size_t>(t)] / 1e9, lanes(isa), ghz * 2 * lanes(isa) * 2 * t);
  }
  std::printf("%-15s %4s %7s %12s %11s %8s %7s\n", "kernel", "dim", "threads", "pairs/s",
              "cycles/pair", "GFLOP/s", "%peak");
  for (const auto& spec : kernels) {
    for (int dim : dims) {
      for (int t : thread_counts) {
        const Result r = run_kernel(spec, setup, dim, t, window, sentence, seconds, isa);
        const double wall = r.seconds / t;  // mean seconds per thread
        const double pairs_s = static_cast<double>(r.pairs) / wall;
        const double cycles = r.seconds * ghz * 1e9 / static_cast<double>(r.pairs);
        const double gflops = r.flops / wall / 1e9;
        std::printf("%-15s %4d %7d %12.0f %11.1f %8.1f %6.1f%%\n", spec.name.c_str(), dim, t,
                    pairs_s, cycles, gflops,
                    100.0 * gflops * 1e9 / peak[static_cast<std::size_t>(t)]);
        std::fflush(stdout);
      }
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "w2v-kernel-bench: " << e.what() << "\n";
    return 2;
  }
}
