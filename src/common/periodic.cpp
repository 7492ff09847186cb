#include "common/periodic.hpp"

namespace ariadne {

Periodic::Periodic(std::chrono::milliseconds interval, std::function<void()> task) {
  thread_ = std::thread([this, interval, task = std::move(task)] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
      lock.unlock();
      task();
      lock.lock();
    }
  });
}

Periodic::~Periodic() {
  {
    std::lock_guard guard(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace ariadne
