// The arena: every region of the memory map (layout.ts) as a base and a capacity.
//
// Invariant: regions lie back to back in the order batch, ready, slots, free,
// heap, starting at a fixed base; the slot table, the free stack and the heap
// share one capacity because every free-stack or heap entry owns a slot.
// Growing copies the regions above the one that grows to their new places
// (highest first, so nothing is overwritten before it has moved): O(memory in
// use), paid once per geometric growth step, so O(1) amortised per operation.
// Nothing is ever freed to a GC: the memory only grows, like a Wasm memory must.

import { HEADER_SIZE, HEAP_ENTRY_SIZE, INITIAL_READY, INITIAL_SLOTS, MAX_SLOTS } from "./layout";

export let headerPtr: usize = 0;
export let batchPtr: usize = 0;
export let readyPtr: usize = 0;
export let slotsPtr: usize = 0;
export let freePtr: usize = 0;
export let heapPtr: usize = 0;

export let batchCapacity: u32 = 0;
export let readyCapacity: u32 = 0;
export let slotCapacity: u32 = 0;

export function initArena(): void {
  headerPtr = (__heap_base + 15) & ~15;
  batchPtr = headerPtr + HEADER_SIZE;
  batchCapacity = 0;
  readyCapacity = 0;
  slotCapacity = 0;
  readyPtr = slotsPtr = freePtr = heapPtr = batchPtr;
  place(INITIAL_READY, INITIAL_READY, INITIAL_SLOTS);
}

/** Room for `needed` batch entries; false if memory is exhausted. */
// @ts-ignore: decorator
@inline export function reserveBatch(needed: u32): bool {
  return needed <= batchCapacity || place(readyCapacity, readyCapacity, slotCapacity);
}

/** Room for one more ready entry beyond `length`: doubles. */
export function growReady(): bool {
  let wanted = readyCapacity << 1;
  if (wanted > MAX_SLOTS) wanted = MAX_SLOTS;
  if (wanted <= readyCapacity) return false;
  return place(batchCapacity, wanted, slotCapacity);
}

/**
 * Room for more slots: grows by a quarter, so the slack never exceeds 25% of
 * the 24 bytes a slot costs (slot word, free-stack entry, heap entry).
 */
export function growSlots(): bool {
  let wanted = (slotCapacity + (slotCapacity >> 2) + 15) & ~15;
  if (wanted > MAX_SLOTS) wanted = MAX_SLOTS;
  if (wanted <= slotCapacity) return false;
  return place(batchCapacity, readyCapacity, wanted);
}

function place(batch: u32, ready: u32, slots: u32): bool {
  const newReady = batchPtr + (<usize>batch << 2);
  const newSlots = newReady + (<usize>ready << 2);
  const newFree = newSlots + (<usize>slots << 2);
  const newHeap = newFree + (<usize>slots << 2);
  const end = <u64>newHeap + <u64>slots * HEAP_ENTRY_SIZE;
  if (!reserveMemory(end)) return false;

  memory.copy(newHeap, heapPtr, <usize>slotCapacity * HEAP_ENTRY_SIZE);
  memory.copy(newFree, freePtr, <usize>slotCapacity << 2);
  memory.copy(newSlots, slotsPtr, <usize>slotCapacity << 2);
  memory.copy(newReady, readyPtr, <usize>readyCapacity << 2);

  readyPtr = newReady;
  slotsPtr = newSlots;
  freePtr = newFree;
  heapPtr = newHeap;
  batchCapacity = batch;
  readyCapacity = ready;
  slotCapacity = slots;
  return true;
}

function reserveMemory(end: u64): bool {
  const pages = <i32>((end + 0xffff) >> 16);
  if (pages > 65536) return false;
  const have = memory.size();
  return pages <= have || memory.grow(pages - have) >= 0;
}
