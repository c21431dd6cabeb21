// The core's ABI: numbers in, numbers out. Nothing here calls the host.
// host/core/binding.ts is the only file that touches these exports; its
// CoreExports *must* match them: test/wasm/exports.test.ts checks it
// against the declarations the build emits (build/core.d.ts).
// One instance hosts many cores: every export but create() takes the
// core's descriptor (cores.ts).

import { slotCapacity } from "./arena";
import { initBlocks } from "./blocks";
import { adopt as adoptCore, create as createCore, destroy as destroyCore, park as parkCore, resetCore, use } from "./cores";
import {
  BATCH_OFFSET, CAPACITY_OFFSET, HEADER_SIZE, NEXT_DEADLINE_OFFSET, SLOT_BYTES, STATE_END, STATE_START, TIMEOUT_OFFSET,
} from "./layout";
import { slotsUsed } from "./handles";
import { readyLength } from "./ready";
import { cancel as cancelHandle, finishBatch as finish, runOnce as iterate, scheduleAt, scheduleSoon } from "./scheduler";
import { cancelledInHeap, heapLength, setNextSeq } from "./timers";

initBlocks();

/** A new core; its descriptor, or 0 when the memory cannot grow. */
export function create(): usize {
  return createCore();
}

/** Gives back all the core's memory (close()). */
export function destroy(core: usize): void {
  destroyCore(core);
}

/** The core's state, all in its descriptor, for the host to copy to another instance. */
export function park(core: usize): void {
  parkCore(core);
}

/** A core to copy a parked one into (layout.ts: the arena, then the saved state). */
export function adopt(capacity: u32): usize {
  return adoptCore(capacity);
}

/** Forgets every handle of the core. */
export function reset(core: usize): void {
  resetCore(core);
}

export function soon(core: usize): f64 {
  use(core);
  return scheduleSoon();
}

export function at(core: usize, when: f64): f64 {
  use(core);
  return scheduleAt(when);
}

export function cancel(core: usize, id: f64): i32 {
  use(core);
  return cancelHandle(id);
}

export function runOnce(core: usize, now: f64, resolution: f64, stopping: bool): i32 {
  use(core);
  return iterate(now, resolution, stopping);
}

/**
 * The host has run the batch: its slots are released now, not at the next
 * runOnce. Returns how many slots the table spans, for the host's per-slot arrays.
 */
export function finishBatch(core: usize): u32 {
  use(core);
  finish();
  return slotsUsed;
}

export function readyCount(core: usize): u32 {
  use(core);
  return readyLength;
}

export function heapCount(core: usize): u32 {
  use(core);
  return heapLength;
}

export function timerCount(core: usize): u32 {
  use(core);
  return heapLength - cancelledInHeap;
}

export function capacity(core: usize): u32 {
  use(core);
  return slotCapacity;
}

// The shared part of the memory map, for the host's layout test.
export const LAYOUT_HEADER_SIZE: u32 = HEADER_SIZE;
export const LAYOUT_TIMEOUT_OFFSET: u32 = TIMEOUT_OFFSET;
export const LAYOUT_NEXT_DEADLINE_OFFSET: u32 = NEXT_DEADLINE_OFFSET;
export const LAYOUT_BATCH_OFFSET: u32 = BATCH_OFFSET;
export const LAYOUT_CAPACITY_OFFSET: u32 = CAPACITY_OFFSET;
export const LAYOUT_STATE_START: u32 = STATE_START;
export const LAYOUT_STATE_END: u32 = STATE_END;
export const LAYOUT_SLOT_BYTES: u32 = SLOT_BYTES;

export function testSetNextSequence(core: usize, seq: u32): void {
  use(core);
  setNextSeq(seq);
}
