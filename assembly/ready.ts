// The ready queue and the batch: two lists of slots in the lists region.
//
//   lists:  [ batch | ready -> ...unused... <- free stack ]
//
// asyncio's batch is "everything ready when the iteration starts its run
// phase", so the whole queue becomes the batch at once: a plain array with a
// length is enough, no ring. The batch comes first and stays put until the
// host has run it; handles made ready meanwhile are appended behind it.
// Invariant: batch, ready queue and free stack hold distinct slots, so
// together they never outgrow the region (arena.ts): push is O(1) and needs
// no memory.

import { listsPtr } from "./arena";
import { LIST_ENTRY_SIZE } from "./layout";

export let readyLength: u32 = 0;
/** Entries at the start of the lists region handed to the host by the last runOnce. */
export let batchLength: u32 = 0;

// @ts-ignore: decorator
@inline export function pushReady(slot: u32): void {
  store<u32>(listsPtr + <usize>(batchLength + readyLength++) * LIST_ENTRY_SIZE, slot);
}

// @ts-ignore: decorator
@inline export function readyAt(index: u32): u32 {
  return load<u32>(listsPtr + <usize>(batchLength + index) * LIST_ENTRY_SIZE);
}
