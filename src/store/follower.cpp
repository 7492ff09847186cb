#include "store/follower.hpp"

#include "common/log.hpp"

namespace ariadne::store {

Follower::Follower(std::string what, std::function<Status()> step, std::chrono::milliseconds interval)
    : poll_(interval, [this, what = std::move(what), step = std::move(step)] {
        auto done = step();
        if (!done && !reported_) log::line("ariadne: " + what + ": " + done.error().message);
        reported_ = !done;
      }) {}

}  // namespace ariadne::store
