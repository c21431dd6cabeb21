// The arena: every region of the memory map (layout.ts) as a base and one
// shared capacity.
//
// Invariant: regions lie back to back in the order lists, slots, heap,
// starting at a fixed base, each with room for `slotCapacity` entries: every
// list entry, heap entry or free-stack entry owns a distinct slot, so no
// region can hold more entries than there are slots. All memory a handle can
// ever need is therefore reserved when its slot is first taken (allocate):
// no later operation, runOnce included, needs memory, so none can fail for
// the lack of it.
// Growing copies the regions above the lists (highest first, so nothing is
// overwritten before it has moved), then slides the free stack to the new
// top of the lists: O(memory in use), paid once per geometric growth step,
// so O(1) amortised per operation. The lists region never moves, so the
// batch at its start stays where the host reads it.

import { HEADER_SIZE, HEAP_ENTRY_SIZE, INITIAL_SLOTS, MAX_SLOTS } from "./layout";

export let headerPtr: usize = 0;
export let listsPtr: usize = 0;
export let slotsPtr: usize = 0;
export let heapPtr: usize = 0;

export let slotCapacity: u32 = 0;
/** Entries on the free stack, which grows down from the top of the lists region. */
export let freeCount: u32 = 0;

export function initArena(): void {
  headerPtr = (__heap_base + 15) & ~15;
  listsPtr = headerPtr + HEADER_SIZE;
  slotCapacity = 0;
  freeCount = 0;
  slotsPtr = heapPtr = listsPtr;
  place(INITIAL_SLOTS);
}

/**
 * Room for more slots: grows by a quarter, so the slack never exceeds 25% of
 * the 24 bytes a slot costs (list entry, slot word, heap entry).
 */
export function growSlots(): bool {
  let wanted = (slotCapacity + (slotCapacity >> 2) + 15) & ~15;
  if (wanted > MAX_SLOTS) wanted = MAX_SLOTS;
  if (wanted <= slotCapacity) return false;
  return place(wanted);
}

/** Where free-stack entry `fromTop` (0: the top) lies. */
// @ts-ignore: decorator
@inline export function freeEntry(fromTop: u32): usize {
  return listsPtr + (<usize>(slotCapacity - freeCount + fromTop) << 2);
}

function place(slots: u32): bool {
  const newSlots = listsPtr + (<usize>slots << 2);
  const newHeap = newSlots + (<usize>slots << 2);
  const end = <u64>newHeap + <u64>slots * HEAP_ENTRY_SIZE;
  if (!reserveMemory(end)) return false;

  const oldFree = freeEntry(0);
  memory.copy(newHeap, heapPtr, <usize>slotCapacity * HEAP_ENTRY_SIZE);
  memory.copy(newSlots, slotsPtr, <usize>slotCapacity << 2);
  memory.copy(listsPtr + (<usize>(slots - freeCount) << 2), oldFree, <usize>freeCount << 2);

  slotsPtr = newSlots;
  heapPtr = newHeap;
  slotCapacity = slots;
  return true;
}

function reserveMemory(end: u64): bool {
  const pages = <i32>((end + 0xffff) >> 16);
  if (pages > 65536) return false;
  const have = memory.size();
  return pages <= have || memory.grow(pages - have) >= 0;
}
