// The arena: one core's regions (layout.ts) in one block of memory
// (blocks.ts), as a base and one shared capacity.
//
// Invariant: regions lie back to back in the order lists, slots, heap from
// the block's start, each with room for `slotCapacity` entries: every list
// entry, heap entry or free-stack entry owns a distinct slot, so no region
// can hold more entries than there are slots. All memory a handle can ever
// need is therefore reserved when its slot is first taken (allocate): no
// later operation, runOnce included, needs memory, so none can fail for the
// lack of it.
// Growing by a quarter: the block at the top of the memory grows in place
// (regions above the lists slide up, highest first, then the free stack
// slides to the new top of the lists); any other block is copied to a new,
// larger one. O(memory in use) per step, O(1) amortised per operation.
// The host reads a batch while callbacks run, and a callback may make the
// core grow: a block left behind while a batch is out is given back only
// when the batch is finished (releasePending), so the batch stays readable
// where runOnce put it.

import { extend, give, isTop, take, takenBytes } from "./blocks";
import {
  BATCH_OFFSET, CAPACITY_STEP, GROWTH_SHIFT, HEAP_ENTRY_SIZE, INITIAL_SLOTS, LIST_ENTRY_SIZE, MAX_SLOTS, SHRINK_USE_SHIFT, SLOT_BYTES,
  SLOT_WORD_SIZE,
} from "./layout";
import { batchLength, readyLength } from "./ready";
import { slotsUsed } from "./handles";
import { heapLength } from "./timers";

/** The current core's descriptor: header for the host, then its saved state (cores.ts). */
export let headerPtr: usize = 0;
export let listsPtr: usize = 0;
export let slotsPtr: usize = 0;
export let heapPtr: usize = 0;

export let slotCapacity: u32 = 0;
/** Entries on the free stack, which grows down from the top of the lists region. */
export let freeCount: u32 = 0;
export let blockBytes: usize = 0;
/**
 * Blocks left behind while a batch was out, chained through their last 8
 * bytes (only the batch, at a left block's start, is still read): the next
 * block's address, then its size.
 */
export let pending: usize = 0;
export let pendingBytes: usize = 0;

/** Where the slot words start in a block of `capacity` slots: behind the lists. */
// @ts-ignore: decorator
@inline function slotsIn(block: usize, capacity: u32): usize {
  return block + <usize>capacity * LIST_ENTRY_SIZE;
}

/** Where the heap starts, given where the slot words start: behind them. */
// @ts-ignore: decorator
@inline function heapAbove(slots: usize, capacity: u32): usize {
  return slots + <usize>capacity * SLOT_WORD_SIZE;
}

/** A capacity rounded up to a whole CAPACITY_STEP. */
// @ts-ignore: decorator
@inline function roundCapacity(slots: u32): u32 {
  return (slots + CAPACITY_STEP - 1) & ~(CAPACITY_STEP - 1);
}

// @ts-ignore: decorator
@inline const PENDING_LINK: usize = 2 * sizeof<u32>();
// @ts-ignore: decorator
@inline const PENDING_LINK_BYTES: usize = sizeof<u32>();

/** Places the regions for `capacity` slots at `block` (after a load or a move). */
export function setBlock(block: usize, bytes: usize, capacity: u32): void {
  listsPtr = block;
  slotsPtr = slotsIn(block, capacity);
  heapPtr = heapAbove(slotsPtr, capacity);
  slotCapacity = capacity;
  blockBytes = bytes;
  store<u32>(headerPtr, <u32>block, BATCH_OFFSET);
}

export function restoreArena(header: usize, capacity: u32, block: usize, bytes: usize, free: u32, left: usize, leftBytes: usize): void {
  headerPtr = header;
  setBlock(block, bytes, capacity);
  freeCount = free;
  pending = left;
  pendingBytes = leftBytes;
}

/** A first block for the current core; false when the memory cannot grow. */
export function initArena(): bool {
  const block = take(<u64>INITIAL_SLOTS * SLOT_BYTES);
  if (block == 0) return false;
  freeCount = 0;
  pending = 0;
  pendingBytes = 0;
  setBlock(block, takenBytes, capacityOf(takenBytes));
  return true;
}

/** Gives back every block of the current core (close, or before a reset). */
export function freeArena(): void {
  releasePending();
  give(listsPtr, blockBytes);
}

export function releasePending(): void {
  while (pending != 0) {
    const block = pending;
    const bytes = pendingBytes;
    pending = load<u32>(block + bytes - PENDING_LINK);
    pendingBytes = load<u32>(block + bytes - PENDING_LINK_BYTES);
    give(block, bytes);
  }
}

/** Where free-stack entry `fromTop` (0: the top) lies. */
// @ts-ignore: decorator
@inline export function freeEntry(fromTop: u32): usize {
  return listsPtr + <usize>(slotCapacity - freeCount + fromTop) * LIST_ENTRY_SIZE;
}

/**
 * Room for more slots: grows by a quarter (GROWTH_SHIFT), so the slack never
 * exceeds 25% of the SLOT_BYTES a slot costs (list entry, slot word, heap entry).
 */
export function growSlots(): bool {
  let wanted = roundCapacity(slotCapacity + (slotCapacity >> GROWTH_SHIFT));
  if (wanted > MAX_SLOTS) wanted = MAX_SLOTS;
  if (wanted <= slotCapacity) return false;
  const bytes = <u64>wanted * SLOT_BYTES;
  if (isTop(listsPtr, blockBytes)) {
    if (!extend(listsPtr, bytes)) return false;
    slideUp(wanted);
    setBlock(listsPtr, <usize>bytes, wanted);
    return true;
  }
  const block = take(bytes);
  if (block == 0) return false;
  moveTo(block, takenBytes, capacityOf(takenBytes));
  return true;
}

/**
 * After the table shrank (shrink.ts): a quarter full or less, the arena
 * halves at least, to twice the slots in use. A block at the top slides
 * down in place and gives its tail back; any other moves to a smaller
 * block. Never while a batch is out (shrink runs after finishing one).
 */
export function shrinkArena(): void {
  let wanted = roundCapacity(slotsUsed << 1);
  if (wanted < INITIAL_SLOTS) wanted = INITIAL_SLOTS;
  if (slotsUsed << SHRINK_USE_SHIFT > slotCapacity || wanted >= slotCapacity) return;
  if (isTop(listsPtr, blockBytes)) {
    const newSlots = slotsIn(listsPtr, wanted);
    const newHeap = heapAbove(newSlots, wanted);
    // Lowest first: each region moves down over space already vacated.
    memory.copy(listsPtr + <usize>(wanted - freeCount) * LIST_ENTRY_SIZE, freeEntry(0), <usize>freeCount * LIST_ENTRY_SIZE);
    memory.copy(newSlots, slotsPtr, <usize>slotsUsed * SLOT_WORD_SIZE);
    memory.copy(newHeap, heapPtr, <usize>heapLength * HEAP_ENTRY_SIZE);
    const bytes = <usize>wanted * SLOT_BYTES;
    give(listsPtr + bytes, blockBytes - bytes);
    setBlock(listsPtr, bytes, wanted);
    return;
  }
  const block = take(<u64>wanted * SLOT_BYTES);
  if (block != 0) moveTo(block, takenBytes, capacityOf(takenBytes));
}

function capacityOf(bytes: usize): u32 {
  const capacity = <u32>(bytes / SLOT_BYTES) & ~(CAPACITY_STEP - 1);
  return capacity > MAX_SLOTS ? MAX_SLOTS : capacity;
}

/** In place: the heap, the slot words and the free stack move up to their places for `capacity`. */
function slideUp(capacity: u32): void {
  const newSlots = slotsIn(listsPtr, capacity);
  const newHeap = heapAbove(newSlots, capacity);
  memory.copy(newHeap, heapPtr, <usize>heapLength * HEAP_ENTRY_SIZE);
  memory.copy(newSlots, slotsPtr, <usize>slotsUsed * SLOT_WORD_SIZE);
  memory.copy(listsPtr + <usize>(capacity - freeCount) * LIST_ENTRY_SIZE, freeEntry(0), <usize>freeCount * LIST_ENTRY_SIZE);
}

/** Copies everything live to `block`; the old block is given back, or kept while a batch is out. */
function moveTo(block: usize, bytes: usize, capacity: u32): void {
  const newSlots = slotsIn(block, capacity);
  const newHeap = heapAbove(newSlots, capacity);
  memory.copy(block, listsPtr, <usize>(batchLength + readyLength) * LIST_ENTRY_SIZE);
  memory.copy(block + <usize>(capacity - freeCount) * LIST_ENTRY_SIZE, freeEntry(0), <usize>freeCount * LIST_ENTRY_SIZE);
  memory.copy(newSlots, slotsPtr, <usize>slotsUsed * SLOT_WORD_SIZE);
  memory.copy(newHeap, heapPtr, <usize>heapLength * HEAP_ENTRY_SIZE);
  const old = listsPtr;
  const oldBytes = blockBytes;
  if (batchLength != 0) {
    // The host may be reading the batch there: chain the block, give it back later.
    store<u32>(old + oldBytes - PENDING_LINK, <u32>pending);
    store<u32>(old + oldBytes - PENDING_LINK_BYTES, <u32>pendingBytes);
    pending = old;
    pendingBytes = oldBytes;
  } else {
    give(old, oldBytes);
  }
  setBlock(block, bytes, capacity);
}
