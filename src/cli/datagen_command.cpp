#include "cli/datagen_command.hpp"

#include <cstdio>
#include <iostream>

#include "datagen/world.hpp"

namespace ariadne::cli {

int datagen(const std::string& out, std::uint64_t seed, const std::string& scale) {
  auto parsed = datagen::parse_scale(scale);
  if (!parsed) {
    std::cerr << "ariadne datagen: --scale must be small, medium or large\n";
    return 2;
  }
  auto summary = datagen::generate_world({out, seed, *parsed});
  if (!summary) {
    std::cerr << "ariadne datagen: " << summary.error().message << "\n";
    return exit_code(summary.error().code);
  }
  std::cout << "world (seed " << seed << ", scale " << scale << ") in " << out << "\n";
  for (const auto& f : summary->files) {
    std::printf("  %-44s %12llu\n", f.file.c_str(), static_cast<unsigned long long>(f.lines));
  }
  std::fflush(stdout);
  std::printf("generated in %.2f s\n", summary->seconds);
  return 0;
}

}  // namespace ariadne::cli
