// Memory for large tables probed at random (the document index's slots):
// asked of the kernel as transparent huge pages, so that a probe costs its
// cache miss and rarely a page walk as well (a 2 MiB page needs one TLB entry
// where 4 KiB pages need 512). Smaller blocks come from the usual allocator.
//
// Thread-safety: as std::allocator.
#pragma once

#include <cstddef>
#include <memory>

namespace ariadne {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// `bytes` rounded up to whole huge pages, aligned to one, advised as huge
// (only advice: where the kernel declines, the pages stay small).
void* allocate_huge(std::size_t bytes);
void free_huge(void* p) noexcept;

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n * sizeof(T) < kHugePageBytes) return std::allocator<T>{}.allocate(n);
    return static_cast<T*>(allocate_huge(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePageBytes) {
      std::allocator<T>{}.deallocate(p, n);
    } else {
      free_huge(p);
    }
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace ariadne
