// Many cores in one instance: each core is a descriptor (layout.ts: the
// header the host reads, then the core's saved state) and an arena block.
//
// Invariant: the globals of arena.ts, handles.ts, ready.ts and timers.ts are
// the state of the core `current`; every other core's state is in its
// descriptor. Every export names its core, and the state is swapped only when
// that core is not the current one: a single loop never pays for the others,
// and a swap costs a few dozen loads and stores.

import * as arena from "./arena";
import { freeArena, initArena, restoreArena } from "./arena";
import { give, take, takenBytes } from "./blocks";
import * as handles from "./handles";
import {
  BATCH_LENGTH_OFFSET, BLOCK_BYTES_OFFSET, CAPACITY_OFFSET, FREE_COUNT_OFFSET, BATCH_OFFSET,
  GENERATION_FLOOR_OFFSET, HEADER_SIZE, SLOT_BYTES, LOOK_COST_OFFSET, RELEASED_OFFSET, PENDING_BYTES_OFFSET, PENDING_OFFSET, READY_LENGTH_OFFSET, SLOTS_USED_OFFSET,
  NEXT_DEADLINE_OFFSET, TIMEOUT_OFFSET,
} from "./layout";
import * as ready from "./ready";
import { generationFloor, lookCost, releasedSinceLook, setShrinkState } from "./shrink";
import { clearTimerState, loadTimerState, saveTimerState } from "./timers";

/** The descriptor of the core whose state is in the globals; 0: none. */
let current: usize = 0;

// @ts-ignore: decorator
@inline export function use(core: usize): void {
  if (core != current) switchTo(core);
}

function switchTo(core: usize): void {
  if (current != 0) save(current);
  current = core;
  restoreArena(
    core,
    load<u32>(core, CAPACITY_OFFSET),
    load<u32>(core, BATCH_OFFSET),
    load<u32>(core, BLOCK_BYTES_OFFSET),
    load<u32>(core, FREE_COUNT_OFFSET),
    load<u32>(core, PENDING_OFFSET),
    load<u32>(core, PENDING_BYTES_OFFSET),
  );
  handles.slotsUsed = load<u32>(core, SLOTS_USED_OFFSET);
  ready.readyLength = load<u32>(core, READY_LENGTH_OFFSET);
  ready.batchLength = load<u32>(core, BATCH_LENGTH_OFFSET);
  loadTimerState(core);
  setShrinkState(load<u32>(core, GENERATION_FLOOR_OFFSET), load<u32>(core, RELEASED_OFFSET), load<u32>(core, LOOK_COST_OFFSET));
}

function save(core: usize): void {
  // The block's address is written whenever it changes (arena.setBlock).
  store<u32>(core, arena.slotCapacity, CAPACITY_OFFSET);
  store<u32>(core, <u32>arena.blockBytes, BLOCK_BYTES_OFFSET);
  store<u32>(core, arena.freeCount, FREE_COUNT_OFFSET);
  store<u32>(core, <u32>arena.pending, PENDING_OFFSET);
  store<u32>(core, <u32>arena.pendingBytes, PENDING_BYTES_OFFSET);
  store<u32>(core, handles.slotsUsed, SLOTS_USED_OFFSET);
  store<u32>(core, ready.readyLength, READY_LENGTH_OFFSET);
  store<u32>(core, ready.batchLength, BATCH_LENGTH_OFFSET);
  saveTimerState(core);
  store<u32>(core, generationFloor, GENERATION_FLOOR_OFFSET);
  store<u32>(core, releasedSinceLook, RELEASED_OFFSET);
  store<u32>(core, lookCost, LOOK_COST_OFFSET);
}

function clearState(): void {
  handles.slotsUsed = 0;
  ready.readyLength = 0;
  ready.batchLength = 0;
  clearTimerState();
  setShrinkState(0, 0, 0);
}

/** A new, empty core (it becomes the current one); 0 when the memory cannot grow. */
export function create(): usize {
  const core = take(HEADER_SIZE);
  if (core == 0) return 0;
  if (current != 0) save(current);
  current = core;
  restoreArena(core, 0, 0, 0, 0, 0, 0);
  if (!initArena()) {
    give(core, HEADER_SIZE);
    current = 0;
    return 0;
  }
  clearState();
  store<f64>(core, Infinity, TIMEOUT_OFFSET);
  store<f64>(core, Infinity, NEXT_DEADLINE_OFFSET);
  return core;
}

/** Writes the core's state into its descriptor, so that the host can copy it (moving it to another instance). */
export function park(core: usize): void {
  use(core);
  save(core);
}

/**
 * A descriptor and an arena for `capacity` slots, to which the host copies a
 * parked core of another instance (its arena bytes and its saved state);
 * 0 when the memory cannot grow. The state is read from the descriptor at
 * the core's first use, after the copy.
 */
export function adopt(capacity: u32): usize {
  const core = take(HEADER_SIZE);
  if (core == 0) return 0;
  const block = take(<u64>capacity * SLOT_BYTES);
  if (block == 0) {
    give(core, HEADER_SIZE);
    return 0;
  }
  if (current != 0) save(current);
  current = 0;
  store<u32>(core, <u32>block, BATCH_OFFSET);
  store<u32>(core, <u32>takenBytes, BLOCK_BYTES_OFFSET);
  store<u32>(core, capacity, CAPACITY_OFFSET);
  return core;
}

/** Forgets every handle of the core; a grown core goes back to a first-size block. */
export function resetCore(core: usize): void {
  use(core);
  arena.releasePending();
  const old = arena.listsPtr;
  const oldBytes = arena.blockBytes;
  const oldCapacity = arena.slotCapacity;
  // The new block first: without memory for it, the core keeps its own.
  if (initArena()) give(old, oldBytes);
  else arena.setBlock(old, oldBytes, oldCapacity);
  arena.freeCount = 0;
  clearState();
}

/** Gives back all the core's memory; its descriptor must not be used again. */
export function destroy(core: usize): void {
  use(core);
  freeArena();
  give(core, HEADER_SIZE);
  current = 0;
}
