// The scheduler: asyncio's BaseEventLoop._run_once up to the point where
// callbacks run, plus scheduling and cancellation. The host crosses into
// Wasm once per iteration (runOnce) and once per scheduling call; the core
// never calls out.
//
// One iteration, as in asyncio:
//   1. release the slots of the batch the host has just run, unless the host
//      said so already (finishBatch, at the end of the batch, so that its
//      slots are free at once even when the run stops there);
//   2. drop cancelled timers (compaction, or cancelled heads);
//   3. wait = 0 if anything is ready or a stop is pending, else until the
//      earliest timer (capped at a day), else forever: if > 0 the host waits
//      first and calls again;
//   4. move timers with when < now + resolution behind the ready handles;
//   5. hand the whole ready queue to the host as the batch.
// Handles made ready while the batch runs go to the (now empty) ready queue,
// so they wait for the next iteration: the batch is fixed before it starts.

import { freeCount, heapPtr, headerPtr, listsPtr, releasePending, slotCapacity } from "./arena";
import { allocate, currentSlot, release, setState, stateOf } from "./handles";
import {
  CANCELLED, CANCELLED_READY, CANCELLED_TIMER, HEAP_ENTRY_SIZE, LIST_ENTRY_SIZE, MAX_WAIT, NEXT_DEADLINE_OFFSET, READY, SLOT_MASK, STALE,
  TIMEOUT_OFFSET, TIMER, WAIT,
} from "./layout";
import * as ready from "./ready";
import { maybeShrink } from "./shrink";
import { pushReady, readyLength } from "./ready";
import { compactIfWorthIt, dropCancelledHead, heapLength, popTimer, pushTimer, releaseCancelled, timerCancelled, whenAt } from "./timers";

/** The slot of an id allocate() has just returned (so a valid one). */
// @ts-ignore: decorator
@inline function slotOf(id: f64): u32 {
  return <u32>(<u64>id & SLOT_MASK);
}

/** List entry `index` of the list region at `base` (in place, or its copy: readable()). */
// @ts-ignore: decorator
@inline function listEntry(base: usize, index: u32): usize {
  return base + <usize>index * LIST_ENTRY_SIZE;
}

// @ts-ignore: decorator
@inline export function scheduleSoon(): f64 {
  const id = allocate(READY);
  if (id >= 0) pushReady(slotOf(id));
  return id;
}

// @ts-ignore: decorator
@inline export function scheduleAt(when: f64): f64 {
  const id = allocate(TIMER);
  if (id >= 0) pushTimer(when, slotOf(id));
  return id;
}

// @ts-ignore: decorator
@inline export function cancel(id: f64): i32 {
  const found = currentSlot(id);
  if (found < 0) return STALE;
  const slot = <u32>found;
  const state = stateOf(slot);
  if (state == READY) {
    setState(slot, CANCELLED);
    return CANCELLED_READY;
  }
  if (state == TIMER) {
    setState(slot, CANCELLED);
    timerCancelled();
    return CANCELLED_TIMER;
  }
  return STALE;
}

/**
 * Where `count` list entries starting at the lists region can be read while
 * up to `pushes` slots go onto the free stack: in place when the free stack
 * cannot reach them, else a copy in the heap's unused tail, which is always
 * large enough (every entry there owns a slot outside the heap).
 */
function readable(count: u32, pushes: u32): usize {
  if (slotCapacity - freeCount - count >= pushes) return listsPtr;
  const scratch = heapPtr + <usize>heapLength * HEAP_ENTRY_SIZE;
  memory.copy(scratch, listsPtr, <usize>count * LIST_ENTRY_SIZE);
  return scratch;
}

/**
 * The host has run the batch: its slots are released in batch order, and
 * the handles made ready meanwhile move to the front. O(batch + ready).
 */
export function finishBatch(): void {
  const length = ready.batchLength;
  if (length == 0) return;
  const waiting = readyLength;
  const from = readable(length + waiting, length);
  for (let index: u32 = 0; index < length; index++) release(load<u32>(listEntry(from, index)));
  memory.copy(listsPtr, listEntry(from, length), <usize>waiting * LIST_ENTRY_SIZE);
  ready.batchLength = 0;
  // Nobody reads the batch any more, where it was before a move either.
  releasePending();
  maybeShrink();
}

// @ts-ignore: decorator
@inline export function runOnce(now: f64, resolution: f64, stopping: bool): i32 {
  if (ready.batchLength != 0) finishBatch();

  compactIfWorthIt();
  dropCancelledHead();
  maybeShrink();

  if (readyLength == 0 && !stopping) {
    let timeout = Infinity;
    let deadline = Infinity;
    if (heapLength > 0) {
      deadline = whenAt(0);
      timeout = deadline - now;
      if (timeout < 0) timeout = 0;
      if (timeout > MAX_WAIT) timeout = MAX_WAIT;
    }
    if (timeout > 0) {
      store<f64>(headerPtr, timeout, TIMEOUT_OFFSET);
      store<f64>(headerPtr, deadline, NEXT_DEADLINE_OFFSET);
      return WAIT;
    }
  }

  // Strict `<`: a timer one resolution ahead is not due yet (asyncio). Past
  // 2^24 s the resolution vanishes in rounding (now + 1e-9 == now): `<= now`
  // keeps a timer due now from never becoming due.
  const end = now + resolution;
  while (heapLength > 0 && (whenAt(0) < end || whenAt(0) <= now)) {
    const slot = popTimer();
    if (stateOf(slot) == CANCELLED) {
      releaseCancelled(slot);
    } else {
      setState(slot, READY);
      pushReady(slot);
    }
  }

  // The ready queue becomes the batch where it lies, cancelled ones released.
  const count = readyLength;
  const from = readable(count, count);
  let kept: u32 = 0;
  for (let index: u32 = 0; index < count; index++) {
    const slot = load<u32>(listEntry(from, index));
    if (stateOf(slot) == CANCELLED) release(slot);
    else store<u32>(listEntry(listsPtr, kept++), slot);
  }
  ready.readyLength = 0;
  ready.batchLength = kept;
  return <i32>kept;
}
