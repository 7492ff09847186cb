// `ariadne datagen`: writes the synthetic world (tools/datagen) and prints a
// summary. Returns the exit code (0 ok, 1 failure, 2 bad usage).
#pragma once

#include <cstdint>
#include <string>

namespace ariadne::cli {

int datagen(const std::string& out, std::uint64_t seed, const std::string& scale);

}  // namespace ariadne::cli
