#include "phrases/phraser.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>
#include <thread>

#include "core/error.h"
#include "io/output_file.h"
#include "io/temp_file.h"
#include "text/corpus_reader.h"

namespace w2v {

namespace {

// Copies standard input, as it is (gzip stays gzip), to fd.
void copy_stdin(int fd, const std::string& dir) {
  std::vector<char> buf(1 << 20);
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError(errno_message("<stdin>", "read"));
    }
    if (got == 0) return;
    const char* p = buf.data();
    std::size_t left = static_cast<std::size_t>(got);
    while (left > 0) {
      const ssize_t put = ::write(fd, p, left);
      if (put < 0) {
        if (errno == EINTR) continue;
        throw IoError(errno_message(dir, "copy standard input to a temporary file in") +
                      "; try --tmp-dir");
      }
      p += put;
      left -= static_cast<std::size_t>(put);
    }
  }
}

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

PhraseResult make_phrases(const std::vector<std::string>& inputs, const std::string& output,
                          const PhraseOptions& opts, const PassProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  opts.validate();
  std::vector<std::string> paths = expand_inputs(inputs);
  const int n_threads = opts.n_threads > 0
                            ? opts.n_threads
                            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const std::string tmp_dir = !opts.tmp_dir.empty()
                                  ? opts.tmp_dir
                                  : (output == "-" ? temp_directory("") : directory_of(output));

  // A directory that cannot take the temporary files fails now, not after a pass.
  if (opts.passes > 1 || std::find(paths.begin(), paths.end(), "-") != paths.end()) {
    const TempFile probe(tmp_dir);
  }
  // Every pass reads its input twice: standard input is kept in a file.
  std::unique_ptr<TempFile> spool;
  if (std::find(paths.begin(), paths.end(), "-") != paths.end()) {
    if (std::count(paths.begin(), paths.end(), "-") > 1) {
      throw UsageError("--input - (standard input) can be given only once");
    }
    spool = std::make_unique<TempFile>(tmp_dir);
    copy_stdin(spool->fd(), tmp_dir);
    std::replace(paths.begin(), paths.end(), std::string("-"), spool->path());
  }

  OutputFile out(output, compression_for_path(output));
  PhraseResult result;
  result.n_threads = n_threads;
  std::unique_ptr<TempFile> previous;  // the input of the current pass, when it is a pass's output
  for (int pass = 0; pass < opts.passes; ++pass) {
    const std::string prefix = opts.passes == 1 ? std::string()
                                                : "pass " + std::to_string(pass + 1) + "/" +
                                                      std::to_string(opts.passes) + ": ";
    std::string phase;
    const PassProgressFn pass_progress = [&](const PassProgress& p) {
      if (!progress) return;
      phase = prefix + std::string(p.phase);
      PassProgress q = p;
      q.phase = phase;
      progress(q);
    };
    PhrasePassOptions pass_opts;
    pass_opts.min_count = opts.min_count;
    pass_opts.threshold = opts.threshold(pass);
    pass_opts.scorer = opts.scorer;
    pass_opts.delimiter = opts.delimiter;
    pass_opts.n_threads = n_threads;
    pass_opts.max_distinct = opts.max_distinct;
    pass_opts.tokenizer = opts.tokenizer;
    if (pass > 0) {
      // The text is already folded and cut; a phrase of 2^pass words may be that many tokens
      // long, and is not cut again.
      const std::size_t words = std::size_t{1} << pass;
      pass_opts.tokenizer.lowercase = false;
      pass_opts.tokenizer.max_token_bytes = std::min<std::size_t>(
          65536, words * opts.tokenizer.max_token_bytes + (words - 1) * opts.delimiter.size());
    }
    PhrasePassReport report;
    report.threshold = pass_opts.threshold;
    const PhraseTable table = PhraseTable::learn(paths, pass_opts, &report.count, pass_progress);
    const std::vector<Phrase>& phrases = table.phrases();
    report.top.assign(
        phrases.begin(),
        phrases.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(10, phrases.size())));
    if (pass + 1 == opts.passes) {
      report.write =
          write_phrases(paths, table, pass_opts.tokenizer, n_threads, out, pass_progress);
    } else {
      auto next = std::make_unique<TempFile>(tmp_dir);
      OutputFile tmp(next->fd(), tmp_dir + " (temporary file)");
      report.write =
          write_phrases(paths, table, pass_opts.tokenizer, n_threads, tmp, pass_progress);
      tmp.commit();
      previous = std::move(next);
      paths = {previous->path()};
    }
    result.passes.push_back(std::move(report));
  }
  out.commit();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace w2v
