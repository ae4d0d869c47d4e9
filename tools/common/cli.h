#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>

namespace w2v::cli {

namespace po = boost::program_options;

// Exit codes shared by every tool.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Option parsing shared by every tool: --help and --version, positional arguments, and usage
// errors (unknown flag, missing value, bad number) turned into w2v::UsageError.
class Command {
 public:
  // name: "w2v-vocab"; synopsis: the usage line after the name; summary: one paragraph.
  Command(std::string name, std::string synopsis, std::string summary);

  po::options_description& options() { return options_; }
  // Names a positional argument (e.g. "words", -1 for any number) bound to a hidden option.
  void positional(const char* name, int max_count, const po::value_semantic* semantic);

  // Parses argv. Returns false when --help or --version was printed (the tool exits 0).
  bool parse(int argc, char** argv);
  const po::variables_map& vm() const { return vm_; }
  bool given(const char* name) const { return vm_.count(name) > 0 && !vm_[name].defaulted(); }
  const std::string& name() const { return name_; }

 private:
  std::string name_, synopsis_, summary_;
  po::options_description options_;
  po::options_description hidden_;
  po::positional_options_description positional_;
  po::variables_map vm_;
};

// Runs body and turns exceptions into a one-line "name: message" on stderr and an exit code:
// UsageError -> 2, any other error -> 1. Every tool's main is `return cli::run(name, body)`.
int run(const std::string& name, const std::function<int()>& body);

// Writes s to standard output and flushes it; throws IoError (a closed pipe, a full disk).
void write_stdout(const std::string& s);

// Formats 1234567 as "1,234,567".
std::string with_commas(unsigned long long n);

// True if stderr is a terminal (progress lines then redraw in place).
bool stderr_is_tty();

// True if stdin is a terminal (interactive tools then show a prompt).
bool stdin_is_tty();

}  // namespace w2v::cli
