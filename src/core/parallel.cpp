#include "hdl/core/parallel.hpp"

#include <condition_variable>
#include <cstdint>
#include <vector>

namespace hdl::detail {
namespace {

// This thread is running a loop on the pool: one of the pool's threads, or the caller that
// holds it. A loop it starts inside gets threads of its own.
thread_local bool t_in_pool = false;

/// Threads that wait for work between loops. Each loop is a new generation: the first
/// `helpers_` threads run `work_` once, and the last to finish wakes the caller. The pool is
/// never destroyed: its threads wait until the process ends, so no exit path has to join them.
class Pool {
 public:
  /// Runs the loop on the pool; false when the pool is in use (a loop inside a loop, or
  /// another thread's loop), and nothing ran.
  bool try_run(std::size_t helpers, const std::function<void()>& work) {
    if (t_in_pool) return false;
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      while (threads_.size() < helpers) {
        const std::size_t index = threads_.size();
        threads_.emplace_back([this, index] { serve(index); });
      }
      work_ = &work;
      helpers_ = helpers;
      running_ = helpers;
      ++generation_;
    }
    wake_.notify_all();
    t_in_pool = true;
    // `work` must not throw: the helpers use it until the wait below. Breaking that rule
    // ends the program here rather than leaving them with a dangling loop.
    [&]() noexcept { work(); }();
    t_in_pool = false;
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return running_ == 0; });
    work_ = nullptr;
    return true;
  }

 private:
  void serve(std::size_t index) {
    t_in_pool = true;
    std::uint64_t seen = 0;  // the last generation this thread took part in
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen && index < helpers_; });
      seen = generation_;
      const std::function<void()>* work = work_;
      lock.unlock();
      (*work)();
      lock.lock();
      if (--running_ == 0) done_.notify_one();
    }
  }

  std::mutex busy_;   // held by the thread whose loop the pool is running
  std::mutex mutex_;  // guards everything below
  std::condition_variable wake_, done_;
  std::vector<std::thread> threads_;
  const std::function<void()>* work_ = nullptr;
  std::size_t helpers_ = 0;  // threads [0, helpers_) take part in this generation
  std::size_t running_ = 0;  // of those, still running
  std::uint64_t generation_ = 0;
};

}  // namespace

void run_in_parallel(std::size_t helpers, const std::function<void()>& work) {
  static Pool& pool = *new Pool;  // never destroyed (see Pool)
  if (pool.try_run(helpers, work)) return;
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
}

}  // namespace hdl::detail
