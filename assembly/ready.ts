// The ready queue: a FIFO of slots, emptied completely by every iteration.
//
// asyncio's batch is "everything ready when the iteration starts its run
// phase", so the whole queue becomes the batch at once: a plain array
// with a length is enough, no ring. Push O(1) amortised (doubles when full).

import { growReady, readyCapacity, readyPtr } from "./arena";

export let readyLength: u32 = 0;

export function resetReady(): void {
  readyLength = 0;
}

/** Appends a slot; false when memory is exhausted. */
// @ts-ignore: decorator
@inline export function pushReady(slot: u32): bool {
  if (readyLength == readyCapacity && !growReady()) return false;
  store<u32>(readyPtr + (<usize>(readyLength++) << 2), slot);
  return true;
}

// @ts-ignore: decorator
@inline export function readyAt(index: u32): u32 {
  return load<u32>(readyPtr + (<usize>index << 2));
}
