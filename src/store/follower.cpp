#include "store/follower.hpp"

#include <iostream>

namespace ariadne::store {

Follower::Follower(std::string what, std::function<Status()> step, std::chrono::milliseconds interval)
    : poll_(interval, [this, what = std::move(what), step = std::move(step)] {
        auto done = step();
        if (!done && !reported_) std::cerr << "ariadne: " << what << ": " << done.error().message << '\n';
        reported_ = !done;
      }) {}

}  // namespace ariadne::store
