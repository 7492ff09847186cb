// splitmix64 (Steele, Lea and Flood 2014): its finaliser scatters the bits
// of a 64-bit value (a hash of a key, a counter) so that nearby inputs give
// unrelated outputs; its generator draws a seeded sequence that is the same
// on every machine and run, as std:: generators' distributions are not
// promised to be.
#pragma once

#include <cstdint>

namespace ariadne {

constexpr std::uint64_t splitmix_finalise(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The next value of the sequence `state` seeds (and advances).
constexpr std::uint64_t splitmix_next(std::uint64_t& state) {
  return splitmix_finalise(state += 0x9e3779b97f4a7c15ULL);
}

}  // namespace ariadne
