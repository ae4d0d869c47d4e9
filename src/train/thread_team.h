#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>

namespace w2v {

// A team of OpenMP threads that work on their own and meet only when asked to: the one place
// that knows the park/serve/fail protocol.
//   - Requests are bits of an atomic word (a signal handler may set them). A member looks at
//     them at its safe points (pending(), one relaxed load) and then parks: it publishes its
//     state under the team's lock and waits.
//   - A member that has finished its work counts as parked for good.
//   - The last member to park calls the hook with every other member waiting (the model is
//     still): on_all_parked(requests) -> true to stop the team. Checkpoints use it now;
//     synchronising processes (distributed training) will use it next.
//   - The first exception of any member (its work or the hook) stops the team: parked members
//     are woken and leave, working members see stopping() at their next safe point, and run()
//     rethrows it once every thread has left.
class ThreadTeam {
 public:
  using ParkedFn = std::function<bool(unsigned requests)>;

  class Member {
   public:
    int index() const { return index_; }
    int size() const { return size_; }
    // True when requests wait to be served (the caller should park at its next safe point).
    bool pending() const { return team_.requests_.load(std::memory_order_relaxed) != 0; }
    bool stopping() const { return team_.stop_.load(std::memory_order_relaxed); }
    // Publishes state (publish() runs under the team's lock), then waits until the pending
    // requests are served. Returns false if the team is stopping.
    bool park(const std::function<void()>& publish);
    // Runs f under the team's lock (to read or write state the hook reads).
    void locked(const std::function<void()>& f);

   private:
    friend class ThreadTeam;
    Member(ThreadTeam& team, int index, int size) : team_(team), index_(index), size_(size) {}
    ThreadTeam& team_;
    int index_, size_;
  };

  // requests: the word the hook's callers set bits of; it must outlive the team.
  ThreadTeam(int n_threads, std::atomic<unsigned>& requests, ParkedFn on_all_parked);

  // Runs work(member) on n_threads OpenMP threads (or as many as OpenMP gives; members then
  // share the work by index and size) and returns when all have left. Rethrows the first
  // exception. Returns true if the hook stopped the team.
  bool run(const std::function<void(Member&)>& work);

  bool stopping() const { return stop_.load(std::memory_order_relaxed); }

 private:
  void serve_locked();
  void fail(std::exception_ptr e);

  int n_threads_;
  std::atomic<unsigned>& requests_;
  ParkedFn on_all_parked_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;  // guards everything below, and whatever members publish
  std::condition_variable cv_;
  int n_active_ = 0, n_parked_ = 0;
  std::uint64_t generation_ = 0;
  bool stopped_by_hook_ = false;
  std::exception_ptr error_;
};

}  // namespace w2v
