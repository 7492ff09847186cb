#include "store/follower.hpp"

#include <iostream>

namespace ariadne::store {

Follower::Follower(std::string what, std::function<Status()> step, std::chrono::milliseconds interval) {
  thread_ = std::thread([this, what = std::move(what), step = std::move(step), interval] {
    bool reported = false;
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
      lock.unlock();
      auto done = step();
      if (!done && !reported) std::cerr << "ariadne: " << what << ": " << done.error().message << '\n';
      reported = !done;
      lock.lock();
    }
  });
}

Follower::~Follower() {
  {
    std::lock_guard guard(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace ariadne::store
