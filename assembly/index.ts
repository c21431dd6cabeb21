// The core's ABI: numbers in, numbers out. Nothing here calls the host.
// host/core/binding.ts is the only file that touches these exports.

import { headerPtr, initArena, slotCapacity } from "./arena";
import { resetHandles } from "./handles";
import { HEADER_SIZE, NEXT_DEADLINE_OFFSET, TIMEOUT_OFFSET } from "./layout";
import { readyLength, resetReady } from "./ready";
import { cancel as cancelHandle, finishBatch as finish, runOnce as iterate, scheduleAt, scheduleSoon } from "./scheduler";
import { cancelledInHeap, heapLength, resetTimers, setNextSeq } from "./timers";

/** Lays out the memory; also forgets every handle (close()). */
export function reset(): void {
  initArena();
  resetHandles();
  resetReady();
  resetTimers();
}

reset();

export function soon(): f64 {
  return scheduleSoon();
}

export function at(when: f64): f64 {
  return scheduleAt(when);
}

export function cancel(id: f64): i32 {
  return cancelHandle(id);
}

export function runOnce(now: f64, resolution: f64, stopping: bool): i32 {
  return iterate(now, resolution, stopping);
}

/** The host has run the batch: its slots are released now, not at the next runOnce. */
export function finishBatch(): void {
  finish();
}

export function readyCount(): u32 {
  return readyLength;
}

export function heapCount(): u32 {
  return heapLength;
}

export function timerCount(): u32 {
  return heapLength - cancelledInHeap;
}

export function capacity(): u32 {
  return slotCapacity;
}

/** Where the header starts; the batch follows it (layout.ts). */
export function layoutBase(): usize {
  return headerPtr;
}

// The shared part of the memory map, for the host's layout test.
export const LAYOUT_HEADER_SIZE: u32 = HEADER_SIZE;
export const LAYOUT_TIMEOUT_OFFSET: u32 = TIMEOUT_OFFSET;
export const LAYOUT_NEXT_DEADLINE_OFFSET: u32 = NEXT_DEADLINE_OFFSET;

export function testSetNextSequence(seq: u32): void {
  setNextSeq(seq);
}
