// Shrinking: when few slots are in use, the slot table gives back the slots
// above the highest one still in use, and the arena a block that size.
//
// Invariant kept: no id is ever issued twice. A slot dropped from the table
// may be taken again later as a fresh slot; fresh slots start at
// `generationFloor`, which is above every generation any dropped slot issued
// (a FREE slot's word already holds the generation it would issue next; a
// RETIRED slot is never dropped, it stops the scan).
// When: after a finished batch and at each iteration, only if more than
// SHRINK_MIN_SLOTS slots were ever taken, at most a quarter of them are in
// use (hysteresis: growing back costs a quarter's worth of allocations), and
// at least an eighth of them were released since the last look. A look costs
// O(slots scanned + free stack), paid for by those releases: O(1) amortised.
// Only the table's logical size (slotsUsed) decides, never the capacity, so
// the reference core, whose capacities differ, shrinks at the same calls and
// issues the same ids.

import * as arena from "./arena";
import { freeEntry, shrinkArena } from "./arena";
import * as handles from "./handles";
import { wordOf } from "./handles";
import { FREE, SHRINK_MIN_SLOTS, STATE_MASK } from "./layout";

export let generationFloor: u32 = 0;
/** Releases since the last look. */
export let releasedSinceLook: u32 = 0;

export function setShrinkState(floor: u32, released: u32): void {
  generationFloor = floor;
  releasedSinceLook = released;
}

// @ts-ignore: decorator
@inline export function maybeShrink(): void {
  const used = handles.slotsUsed;
  if (used > SHRINK_MIN_SLOTS && (used - arena.freeCount) << 2 <= used && releasedSinceLook >= used >> 3) shrink();
}

function shrink(): void {
  releasedSinceLook = 0;
  const used = handles.slotsUsed;
  let top = used;
  let floor = generationFloor;
  while (top > 0) {
    const word = wordOf(top - 1);
    if ((word & STATE_MASK) != FREE) break;
    if (word >> 3 > floor) floor = word >> 3;
    top--;
  }
  // Not worth it unless the table at least halves.
  if (top << 1 > used) return;
  // The free stack keeps its order, minus the dropped slots (bottom up, in place).
  const free = arena.freeCount;
  let kept: u32 = 0;
  for (let index = free; index > 0; index--) {
    const slot = load<u32>(freeEntry(index - 1));
    if (slot < top) store<u32>(freeEntry(free - 1 - kept++), slot);
  }
  arena.freeCount = kept;
  handles.slotsUsed = top;
  generationFloor = floor;
  shrinkArena();
}
