#pragma once

// An in-process Cluster for tests: N "processes" are N std::threads sharing a Hub, so the
// distributed code paths (vocabulary shares, corpus parts, model averaging, agreed checkpoints)
// run under the unit tests and the sanitizers without mpirun. Every collective is an all-gather
// of byte strings between two barriers.
#include <barrier>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "train/cluster.h"

namespace w2v::test {

class ThreadCluster : public Cluster {
 public:
  struct Hub {
    explicit Hub(int n) : size(n), slots(static_cast<std::size_t>(n)), sync(n) {}
    int size;
    std::vector<std::string> slots;
    std::barrier<> sync;
  };

  ThreadCluster(Hub& hub, int rank) : hub_(hub), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return hub_.size; }

  // Every rank's bytes, on every rank.
  std::vector<std::string> all_gather(const std::string& mine) {
    hub_.slots[static_cast<std::size_t>(rank_)] = mine;
    hub_.sync.arrive_and_wait();
    std::vector<std::string> all = hub_.slots;
    hub_.sync.arrive_and_wait();
    return all;
  }
  template <class T>
  void sum_values(T* data, std::size_t n) {
    const std::vector<std::string> all =
        all_gather(std::string(reinterpret_cast<const char*>(data), n * sizeof(T)));
    std::vector<T> total(n, T{});
    for (const std::string& s : all) {
      std::vector<T> v(n);
      std::memcpy(v.data(), s.data(), n * sizeof(T));
      for (std::size_t i = 0; i < n; ++i) total[i] += v[i];
    }
    std::memcpy(data, total.data(), n * sizeof(T));
    sent_ += n * sizeof(T);
  }
  void sum(float* data, std::size_t n) override { sum_values(data, n); }
  void sum(std::uint64_t* data, std::size_t n) override { sum_values(data, n); }
  void sum(double* data, std::size_t n) override { sum_values(data, n); }
  unsigned any(unsigned bits) override {
    unsigned out = 0;
    for (const std::string& s : all_gather(std::string(reinterpret_cast<char*>(&bits), 4))) {
      unsigned b = 0;
      std::memcpy(&b, s.data(), 4);
      out |= b;
    }
    return out;
  }
  void broadcast(std::string& bytes, int root) override {
    bytes = all_gather(bytes)[static_cast<std::size_t>(root)];
  }
  std::vector<std::string> gather(const std::string& bytes, int root) override {
    std::vector<std::string> all = all_gather(bytes);
    return rank_ == root ? all : std::vector<std::string>{};
  }
  std::uint64_t bytes_sent() const override { return sent_; }

  // Runs body(cluster) on n threads, one rank each; rethrows the first exception.
  static void run(int n, const std::function<void(ThreadCluster&)>& body) {
    Hub hub(n);
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(n));
    std::vector<std::thread> threads;
    for (int r = 0; r < n; ++r) {
      threads.emplace_back([&, r] {
        ThreadCluster c(hub, r);
        try {
          body(c);
        } catch (...) {
          errors[static_cast<std::size_t>(r)] = std::current_exception();
        }
      });
    }
    for (std::thread& t : threads) t.join();
    for (const std::exception_ptr& e : errors) {
      if (e) std::rethrow_exception(e);
    }
  }

 private:
  Hub& hub_;
  int rank_;
  std::uint64_t sent_ = 0;
};

}  // namespace w2v::test
