// The timer heap: a binary min-heap of 16-byte entries (f64 when, u32 seq,
// u32 slot), ordered by (when, seq).
//
// Invariant: every entry is <= its children, so the root is the earliest
// timer; `seq` is taken at scheduling time, so equal deadlines leave in
// scheduling order (FIFO, as libuv and Node do) and the order is total.
// Costs: push O(log n) worst, O(1) on average for random deadlines; pop O(log n).
//
// Cancellation is lazy, as in asyncio: cancel() only marks the slot, the
// entry stays until it reaches the root or a compaction drops it. That makes
// a cancel O(1) with no position bookkeeping (4 bytes less per timer than a
// position-indexed heap) and keeps schedule-then-cancel, the commonest timer
// pattern (timeouts that do not fire), cheap. Memory stays bounded: compaction
// runs as soon as more than half of a heap of over 100 entries is cancelled
// (checked on every cancel and at the start of every iteration), so
// cancelled entries never outnumber live ones by more than that, and each
// O(n) compaction is paid for by the n/2 cancellations before it.
// Because (when, seq) is a total order, when compaction happens never
// changes which timer fires when.

import { heapPtr } from "./arena";
import { release, stateOf } from "./handles";
import { CANCELLED, HEAP_ENTRY_SIZE, MIN_HEAP_FOR_COMPACTION } from "./layout";

export let heapLength: u32 = 0;
export let cancelledInHeap: u32 = 0;
export let nextSeq: u32 = 0;

// @ts-ignore: decorator
@inline function entry(index: u32): usize {
  return heapPtr + <usize>index * HEAP_ENTRY_SIZE;
}

// @ts-ignore: decorator
@inline export function whenAt(index: u32): f64 {
  return load<f64>(entry(index));
}

// @ts-ignore: decorator
@inline export function slotAt(index: u32): u32 {
  return load<u32>(entry(index), 12);
}

// @ts-ignore: decorator
@inline function precedes(when: f64, seq: u32, index: u32): bool {
  const other = whenAt(index);
  return when < other || (when == other && seq < load<u32>(entry(index), 8));
}

// @ts-ignore: decorator
@inline function write(index: u32, when: f64, seq: u32, slot: u32): void {
  const at = entry(index);
  store<f64>(at, when);
  store<u32>(at, seq, 8);
  store<u32>(at, slot, 12);
}

// @ts-ignore: decorator
@inline function copyEntry(to: u32, from: u32): void {
  const src = entry(from);
  const dst = entry(to);
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
}

/** Adds a timer; the caller guarantees room (the heap never outgrows the slot table). */
// @ts-ignore: decorator
@inline export function pushTimer(when: f64, slot: u32): void {
  if (nextSeq == u32.MAX_VALUE) renumber();
  const seq = nextSeq++;
  let index = heapLength++;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (!precedes(when, seq, parent)) break;
    copyEntry(index, parent);
    index = parent;
  }
  write(index, when, seq, slot);
}

/** Removes the root; its slot is returned, its deadline is whenAt(0) before the call. */
export function popTimer(): u32 {
  const slot = slotAt(0);
  const last = --heapLength;
  if (last > 0) {
    const at = entry(last);
    siftDown(0, load<f64>(at), load<u32>(at, 8), load<u32>(at, 12));
  }
  return slot;
}

function siftDown(start: u32, when: f64, seq: u32, slot: u32): void {
  let index = start;
  const length = heapLength;
  while (true) {
    let child = (index << 1) + 1;
    if (child >= length) break;
    const right = child + 1;
    if (right < length && precedes(whenAt(right), load<u32>(entry(right), 8), child)) child = right;
    const childWhen = whenAt(child);
    const childSeq = load<u32>(entry(child), 8);
    if (!(childWhen < when || (childWhen == when && childSeq < seq))) break;
    copyEntry(index, child);
    index = child;
  }
  write(index, when, seq, slot);
}

/** Drops every cancelled entry if they are over half of a heap of over 100. */
// @ts-ignore: decorator
@inline export function compactIfWorthIt(): void {
  if (heapLength > MIN_HEAP_FOR_COMPACTION && cancelledInHeap * 2 > heapLength) compact();
}

function compact(): void {
  let kept: u32 = 0;
  for (let index: u32 = 0; index < heapLength; index++) {
    const slot = slotAt(index);
    if (stateOf(slot) == CANCELLED) release(slot);
    else copyEntry(kept++, index);
  }
  heapLength = kept;
  cancelledInHeap = 0;
  for (let index = <i32>(kept >> 1) - 1; index >= 0; index--) {
    const at = entry(<u32>index);
    siftDown(<u32>index, load<f64>(at), load<u32>(at, 8), load<u32>(at, 12));
  }
}

/** Pops cancelled entries off the root, so the root is the earliest live timer. */
// @ts-ignore: decorator
@inline export function dropCancelledHead(): void {
  if (cancelledInHeap > 0) dropCancelledHeadSlow();
}

function dropCancelledHeadSlow(): void {
  while (heapLength > 0 && stateOf(slotAt(0)) == CANCELLED) {
    release(popTimer());
    cancelledInHeap--;
  }
}

// Sequence numbers are u32; once in 4 billion timers they are renumbered
// 0..n-1 in heap order, which keeps every relative order (in-place heapsort,
// then a reversal: a sorted array is a valid heap).
function renumber(): void {
  const length = heapLength;
  for (let end = length; end > 1; end--) {
    const last = end - 1;
    const at = entry(last);
    const when = load<f64>(at);
    const seq = load<u32>(at, 8);
    const slot = load<u32>(at, 12);
    copyEntry(last, 0);
    heapLength = last;
    siftDown(0, when, seq, slot);
  }
  heapLength = length;
  for (let low: u32 = 0, high = length - 1; low < high && length > 0; low++, high--) {
    const a = entry(low);
    const b = entry(high);
    const w = load<u64>(a);
    const x = load<u64>(a, 8);
    store<u64>(a, load<u64>(b));
    store<u64>(a, load<u64>(b, 8), 8);
    store<u64>(b, w);
    store<u64>(b, x, 8);
  }
  for (let index: u32 = 0; index < length; index++) store<u32>(entry(index), index, 8);
  nextSeq = length;
}

/** Test hook: lets a test reach the renumbering without 4 billion timers. */
export function setNextSeq(seq: u32): void {
  nextSeq = seq;
}
