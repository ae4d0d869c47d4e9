#include "train/thread_team.h"

#include <omp.h>

namespace w2v {

ThreadTeam::ThreadTeam(int n_threads, std::atomic<unsigned>& requests, ParkedFn on_all_parked)
    : n_threads_(n_threads), requests_(requests), on_all_parked_(std::move(on_all_parked)) {}

// Under mu_: once every active member is parked (and at least one is), the last one serves the
// pending requests and releases the others.
void ThreadTeam::serve_locked() {
  if (n_parked_ == 0 || n_parked_ < n_active_ || stop_.load(std::memory_order_relaxed)) return;
  const unsigned req = requests_.exchange(0, std::memory_order_relaxed);
  if (req != 0 && on_all_parked_ && on_all_parked_(req)) {
    stopped_by_hook_ = true;
    stop_.store(true, std::memory_order_relaxed);
  }
  n_parked_ = 0;
  ++generation_;
  cv_.notify_all();
}

void ThreadTeam::fail(std::exception_ptr e) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!error_) error_ = std::move(e);
  stop_.store(true, std::memory_order_relaxed);
  cv_.notify_all();
}

bool ThreadTeam::Member::park(const std::function<void()>& publish) {
  ThreadTeam& t = team_;
  std::unique_lock<std::mutex> lock(t.mu_);
  publish();
  ++t.n_parked_;
  const std::uint64_t my_generation = t.generation_;
  t.serve_locked();
  t.cv_.wait(lock, [&] {
    return t.generation_ != my_generation || t.stop_.load(std::memory_order_relaxed);
  });
  return !t.stop_.load(std::memory_order_relaxed);
}

void ThreadTeam::Member::locked(const std::function<void()>& f) {
  std::lock_guard<std::mutex> lock(team_.mu_);
  f();
}

bool ThreadTeam::run(const std::function<void(Member&)>& work) {
#pragma omp parallel num_threads(n_threads_)
  {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++n_active_;
    }
    // Nobody may serve a request before every member has registered.
#pragma omp barrier
    bool active = true;
    try {
      Member member(*this, omp_get_thread_num(), omp_get_num_threads());
      work(member);
      std::lock_guard<std::mutex> lock(mu_);
      active = false;
      --n_active_;
      serve_locked();  // the others may all be parked, waiting for this one
    } catch (...) {
      fail(std::current_exception());
      std::lock_guard<std::mutex> lock(mu_);
      if (active) --n_active_;
    }
  }
  if (error_) std::rethrow_exception(error_);
  return stopped_by_hook_;
}

}  // namespace w2v
