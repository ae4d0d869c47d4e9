#include "phrases/pair_counter.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <new>
#include <utility>

namespace w2v {

namespace {

constexpr std::size_t kMinSlots = 1 << 10;
// Tables from this size on are advised to use huge pages.
constexpr std::size_t kHugePageBytes = std::size_t{4} << 20;

std::size_t slots_for(std::size_t n_entries) {
  std::size_t n = kMinSlots;
  while (n_entries * 10 > n * 7) n *= 2;  // load at most 0.7
  return n;
}

}  // namespace

PairCounter::PairCounter() { adopt(map_slots(kMinSlots), kMinSlots); }

PairCounter::~PairCounter() { release(); }

PairCounter::PairCounter(PairCounter&& o) noexcept
    : slots_(std::exchange(o.slots_, nullptr)),
      mask_(std::exchange(o.mask_, 0)),
      shift_(std::exchange(o.shift_, 64)),
      size_(std::exchange(o.size_, 0)),
      grow_at_(std::exchange(o.grow_at_, 0)) {}

PairCounter& PairCounter::operator=(PairCounter&& o) noexcept {
  if (this != &o) {
    release();
    slots_ = std::exchange(o.slots_, nullptr);
    mask_ = std::exchange(o.mask_, 0);
    shift_ = std::exchange(o.shift_, 64);
    size_ = std::exchange(o.size_, 0);
    grow_at_ = std::exchange(o.grow_at_, 0);
  }
  return *this;
}

PairCounter::Slot* PairCounter::map_slots(std::size_t n_slots) {
  const std::size_t bytes = n_slots * sizeof(Slot);
  // Anonymous memory comes zero-filled, page by page as it is touched.
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  if (bytes >= kHugePageBytes) ::madvise(p, bytes, MADV_HUGEPAGE);  // a hint; may be refused
  return static_cast<Slot*>(p);
}

void PairCounter::adopt(Slot* slots, std::size_t n_slots) {
  release();
  slots_ = slots;
  mask_ = n_slots - 1;
  shift_ = 64 - std::countr_zero(n_slots);
  grow_at_ = n_slots / 10 * 7;
}

void PairCounter::release() {
  if (slots_ != nullptr) ::munmap(slots_, (mask_ + 1) * sizeof(Slot));
  slots_ = nullptr;
}

void PairCounter::insert_new(const Slot& s) {
  std::size_t i = slot_of(s.key);
  while (slots_[i].count != 0) i = (i + 1) & mask_;
  slots_[i] = s;
}

void PairCounter::rebuild(std::size_t n_slots, std::uint64_t min_keep,
                          const std::vector<WordId>* remap) {
  Slot* const fresh = map_slots(n_slots);
  Slot* const old = std::exchange(slots_, nullptr);
  const std::size_t old_slots = mask_ + 1;
  adopt(fresh, n_slots);
  size_ = 0;
  for (std::size_t i = 0; i < old_slots; ++i) {
    Slot s = old[i];
    if (s.count == 0 || s.count < min_keep) continue;
    if (remap != nullptr) {
      const WordId a = (*remap)[first(s.key)], b = (*remap)[second(s.key)];
      if (a == 0xFFFFFFFFu || b == 0xFFFFFFFFu) continue;
      s.key = key(a, b);
    }
    insert_new(s);
    ++size_;
  }
  ::munmap(old, old_slots * sizeof(Slot));
}

void PairCounter::grow() { rebuild((mask_ + 1) * 2, 1); }

void PairCounter::reserve(std::size_t n_entries) {
  const std::size_t n_slots = slots_for(std::max(n_entries, size_));
  if (n_slots > mask_ + 1) rebuild(n_slots, 1);
}

void PairCounter::prune(std::uint64_t min_keep) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i <= mask_; ++i) kept += slots_[i].count >= min_keep ? 1 : 0;
  rebuild(slots_for(kept), min_keep);
}

void PairCounter::prune(std::uint64_t min_keep, const std::vector<WordId>& remap) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i <= mask_; ++i) kept += slots_[i].count >= min_keep ? 1 : 0;
  rebuild(slots_for(kept), min_keep, &remap);
}

}  // namespace w2v
