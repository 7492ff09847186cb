#include "common/log.hpp"

#include <memory>

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace ariadne::log {

namespace {

spdlog::logger& logger() {
  // Never destroyed: threads still running while the process exits may log.
  static auto* const instance = [] {
    auto* l = new spdlog::logger("ariadne", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *instance;
}

}  // namespace

void line(std::string_view text) {
  logger().log(spdlog::level::info, spdlog::string_view_t(text.data(), text.size()));
}

}  // namespace ariadne::log
