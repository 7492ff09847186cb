// A thread that calls `step` every `interval` until destroyed: how in-memory
// indexes follow the change log. A failing step is reported once on stderr
// (naming `what`) and retried at the next tick.
//
// Thread-safety: construct and destroy from one thread; `step` runs on the
// follower's own thread only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.hpp"

namespace ariadne::store {

class Follower {
 public:
  Follower(std::string what, std::function<Status()> step, std::chrono::milliseconds interval);
  ~Follower();
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace ariadne::store
