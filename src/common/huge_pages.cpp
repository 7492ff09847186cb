#include "common/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace ariadne {

void* allocate_huge(std::size_t bytes) {
  const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  void* p = std::aligned_alloc(kHugePageBytes, rounded);
  if (p == nullptr) throw std::bad_alloc();
  // Before the first touch, so the pages are huge from their first fault.
  (void)madvise(p, rounded, MADV_HUGEPAGE);
  return p;
}

void free_huge(void* p) noexcept {
  std::free(p);
}

}  // namespace ariadne
