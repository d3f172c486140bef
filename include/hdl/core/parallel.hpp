#pragma once
// A parallel loop over independent items. Items are handed out one at a time from a shared
// counter, so uneven items balance across threads; the first exception thrown by any item
// stops the hand-out and is rethrown on the calling thread.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace hdl {

/// The number of threads to use: `requested` when positive, otherwise every core.
inline int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

namespace detail {
/// Runs `work` on the calling thread and on `helpers` other threads at once, and returns when
/// every call has returned; `work` must not throw. The other threads are a pool that starts on
/// first use and waits between loops, so a loop does not pay to start threads (on a busy
/// machine that can take milliseconds). A loop inside a loop, or one started while another
/// thread's loop holds the pool, gets threads of its own.
void run_in_parallel(std::size_t helpers, const std::function<void()>& work);
}  // namespace detail

/// Calls `body(i)` for every i in [0, count) on up to `threads` threads.
template <typename Body>
void parallel_for(std::size_t count, int threads, Body&& body) {
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(threads)), count);
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  detail::run_in_parallel(workers - 1, [&] {
    for (std::size_t i = next++; i < count && !failed; i = next++) {
      try {
        body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  });
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace hdl
