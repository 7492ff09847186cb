// A thread that calls `step` every `interval` until destroyed: how in-memory
// indexes follow the change log. A failing step is reported once on stderr
// (naming `what`) and retried at the next tick.
//
// Thread-safety: construct and destroy from one thread; `step` runs on the
// follower's own thread only.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/periodic.hpp"
#include "common/result.hpp"

namespace ariadne::store {

class Follower {
 public:
  Follower(std::string what, std::function<Status()> step, std::chrono::milliseconds interval);

 private:
  bool reported_ = false;  // the last step failed and said so; touched only by the poll thread
  Periodic poll_;          // last: stops (and joins) before reported_ goes
};

}  // namespace ariadne::store
