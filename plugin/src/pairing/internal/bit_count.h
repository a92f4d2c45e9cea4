// Counting the bits two bitsets have in common, the hot operation of the candidate search (the
// availability bounds and overlaps are popcounts of small week bitsets).
//
// Debian's amd64 baseline does not include the popcnt instruction, so the portable count (SWAR,
// no branch) is the default and commonBitsFor() picks the popcnt version at run time where the
// processor has it. Both give the same counts (tested).
//
// Thread-safety: pure functions.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace tandem::pairing::internal {

// Number of bits set in both a[0..kWords) and b[0..kWords), without the popcnt instruction.
template <size_t kWords>
int32_t commonBitsPortable(const uint64_t* a, const uint64_t* b) {
  static_assert(8 * kWords < 256, "per-byte counts must not overflow");
  uint64_t bytes = 0;  // per-byte counts; each byte stays <= 8 x kWords
  for (size_t w = 0; w < kWords; ++w) {
    uint64_t x = a[w] & b[w];
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    bytes += (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  }
  bytes = (bytes & 0x00FF00FF00FF00FFULL) + ((bytes >> 8) & 0x00FF00FF00FF00FFULL);
  bytes = (bytes & 0x0000FFFF0000FFFFULL) + ((bytes >> 16) & 0x0000FFFF0000FFFFULL);
  bytes = (bytes & 0x00000000FFFFFFFFULL) + (bytes >> 32);
  return static_cast<int32_t>(bytes);
}

#if defined(__x86_64__) || defined(__i386__)
// The same with the popcnt instruction: call only where the processor has it.
template <size_t kWords>
__attribute__((target("popcnt"))) int32_t commonBitsPopcnt(const uint64_t* a, const uint64_t* b) {
  int32_t n = 0;
  for (size_t w = 0; w < kWords; ++w) n += __builtin_popcountll(a[w] & b[w]);
  return n;
}
#endif

using CommonBitsFn = int32_t (*)(const uint64_t*, const uint64_t*);

// The fastest common-bit count of kWords words this processor runs.
template <size_t kWords>
CommonBitsFn commonBitsFor() {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("popcnt")) return commonBitsPopcnt<kWords>;
  return commonBitsPortable<kWords>;
#else
  return [](const uint64_t* a, const uint64_t* b) {  // other processors: the compiler's popcount
    int32_t n = 0;
    for (size_t w = 0; w < kWords; ++w) n += std::popcount(a[w] & b[w]);
    return n;
  };
#endif
}

}  // namespace tandem::pairing::internal
