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
// enough slots were released since the last look to pay for it: as many as
// that look scanned if it found nothing to drop, an eighth of the table if
// it shrank it (a shrink costs O(table)). So looks are O(1) amortised.
// Only the table's logical size (slotsUsed) decides, never the capacity, so
// the reference core, whose capacities differ, shrinks at the same calls and
// issues the same ids.

import * as arena from "./arena";
import { freeEntry, shrinkArena } from "./arena";
import * as handles from "./handles";
import { generationOf, wordOf } from "./handles";
import { FREE, RELOOK_SHIFT, SHRINK_MIN_SLOTS, SHRINK_USE_SHIFT, STATE_MASK } from "./layout";

export let generationFloor: u32 = 0;
/** Releases since the last look, and how many the next look needs. */
export let releasedSinceLook: u32 = 0;
export let lookCost: u32 = 0;

export function setShrinkState(floor: u32, released: u32, cost: u32): void {
  generationFloor = floor;
  releasedSinceLook = released;
  lookCost = cost;
}

// @ts-ignore: decorator
@inline export function maybeShrink(): void {
  const used = handles.slotsUsed;
  if (used > SHRINK_MIN_SLOTS && (used - arena.freeCount) << SHRINK_USE_SHIFT <= used && releasedSinceLook >= lookCost) shrink();
}

function shrink(): void {
  releasedSinceLook = 0;
  const used = handles.slotsUsed;
  let top = used;
  let floor = generationFloor;
  while (top > 0) {
    const word = wordOf(top - 1);
    if ((word & STATE_MASK) != FREE) break;
    if (generationOf(word) > floor) floor = generationOf(word);
    top--;
  }
  // Not worth it unless the table at least halves.
  if (top << 1 > used) {
    lookCost = used - top + 1;
    return;
  }
  lookCost = top >> RELOOK_SHIFT;
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
