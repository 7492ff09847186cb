// The synthetic world of `ariadne datagen`: members along real migration
// corridors and their users, stolen and lost travel documents, people with
// culture-appropriate names and noisy mentions of them, notices, and
// passenger lists with known hits, plus truth/ files that say who is who.
//
// The output is a pure function of (seed, scale): the same pair gives
// byte-identical files on every platform. Files are streamed with buffered
// writes; memory stays small whatever the scale. docs/data-model.md ("The
// synthetic world") describes every file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"

namespace ariadne::datagen {

enum class Scale { small, medium, large };
std::optional<Scale> parse_scale(std::string_view s);
std::string_view to_string(Scale s);

struct ScaleCounts {
  std::uint64_t documents = 0;
  std::uint64_t people = 0;
  std::uint64_t travellers = 0;
  std::uint64_t networks = 0;
};
ScaleCounts counts_for(Scale s);

// The world's "today": every date in it lies on or before this day, so the
// output does not depend on when it is generated.
inline constexpr Date kReferenceDate{2026, 6, 30};

struct WorldOptions {
  std::string out;  // directory, created when missing
  std::uint64_t seed = 1;
  Scale scale = Scale::small;
};

struct FileCount {
  std::string file;  // relative to out
  std::uint64_t lines = 0;
};

struct WorldSummary {
  std::vector<FileCount> files;
  std::uint64_t networks = 0;
  std::uint64_t contributions = 0;  // case packages
  // True entities (people, phones, accounts, …) that two or more members
  // contributed, and the networks with at least one such entity.
  std::uint64_t shared_entities = 0;
  std::uint64_t networks_with_overlap = 0;
  double seconds = 0;
};

Result<WorldSummary> generate_world(const WorldOptions& options);

}  // namespace ariadne::datagen
