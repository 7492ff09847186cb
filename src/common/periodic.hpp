// A task run every `interval` on its own thread until the Periodic is
// destroyed: the destructor wakes the thread, lets a run in progress finish,
// and joins it. The first run comes one interval after construction.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ariadne {

class Periodic {
 public:
  Periodic(std::chrono::milliseconds interval, std::function<void()> task);
  ~Periodic();
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace ariadne
