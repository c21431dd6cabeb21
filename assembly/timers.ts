// The timer heap: a binary min-heap of HeapEntry records (layout.ts: f64
// when, u32 seq, u32 slot), ordered by (when, seq).
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
// This file owns the heap's counters: the others read them, and tell it of
// a cancelled timer (timerCancelled) or hand it a popped one to release
// (releaseCancelled).

import { heapPtr } from "./arena";
import { release, stateOf } from "./handles";
import {
  CANCELLED, CANCELLED_COUNT_OFFSET, COMPACTION_FACTOR, HEAP_ENTRY_SIZE, HEAP_LENGTH_OFFSET, NEXT_SEQ_OFFSET, MIN_HEAP_FOR_COMPACTION, SEQ_BITS, SEQ_OFFSET, SLOT_OFFSET, WHEN_OFFSET,
} from "./layout";

export let heapLength: u32 = 0;
/** Entries whose slot is CANCELLED: they leave at the root or in a compaction. */
export let cancelledInHeap: u32 = 0;
export let nextSeq: u32 = 0;

/** The last sequence number is never handed out: reaching it renumbers the heap. */
// @ts-ignore: decorator
@inline const SEQ_LIMIT: u32 = <u32>((<u64>1 << SEQ_BITS) - 1);
// An entry is moved as two u64 halves: `when`'s bits, then `seq` and `slot` together.
// @ts-ignore: decorator
@inline const LOW_HALF: u32 = WHEN_OFFSET;
// @ts-ignore: decorator
@inline const HIGH_HALF: u32 = SEQ_OFFSET;

// @ts-ignore: decorator
@inline function entry(index: u32): usize {
  return heapPtr + <usize>index * HEAP_ENTRY_SIZE;
}

// @ts-ignore: decorator
@inline export function whenAt(index: u32): f64 {
  return load<f64>(entry(index), WHEN_OFFSET);
}

// @ts-ignore: decorator
@inline function seqAt(index: u32): u32 {
  return load<u32>(entry(index), SEQ_OFFSET);
}

// @ts-ignore: decorator
@inline export function slotAt(index: u32): u32 {
  return load<u32>(entry(index), SLOT_OFFSET);
}

// @ts-ignore: decorator
@inline function precedes(when: f64, seq: u32, index: u32): bool {
  const other = whenAt(index);
  return when < other || (when == other && seq < seqAt(index));
}

// @ts-ignore: decorator
@inline function write(index: u32, when: f64, seq: u32, slot: u32): void {
  const at = entry(index);
  store<f64>(at, when, WHEN_OFFSET);
  store<u32>(at, seq, SEQ_OFFSET);
  store<u32>(at, slot, SLOT_OFFSET);
}

// @ts-ignore: decorator
@inline function copyEntry(to: u32, from: u32): void {
  const src = entry(from);
  const dst = entry(to);
  store<u64>(dst, load<u64>(src, LOW_HALF), LOW_HALF);
  store<u64>(dst, load<u64>(src, HIGH_HALF), HIGH_HALF);
}

/** Adds a timer; the caller guarantees room (the heap never outgrows the slot table). */
// @ts-ignore: decorator
@inline export function pushTimer(when: f64, slot: u32): void {
  if (nextSeq == SEQ_LIMIT) renumber();
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
    siftDown(0, whenAt(last), seqAt(last), slotAt(last));
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
    if (right < length && precedes(whenAt(right), seqAt(right), child)) child = right;
    const childWhen = whenAt(child);
    const childSeq = seqAt(child);
    if (!(childWhen < when || (childWhen == when && childSeq < seq))) break;
    copyEntry(index, child);
    index = child;
  }
  write(index, when, seq, slot);
}

/** Drops every cancelled entry if they are over COMPACTION_FRACTION of a heap of over MIN_HEAP_FOR_COMPACTION. */
// @ts-ignore: decorator
@inline export function compactIfWorthIt(): void {
  if (heapLength > MIN_HEAP_FOR_COMPACTION && cancelledInHeap * COMPACTION_FACTOR > heapLength) compact();
}

/** A timer's slot was just marked CANCELLED; its entry stays until it leaves the heap. */
// @ts-ignore: decorator
@inline export function timerCancelled(): void {
  cancelledInHeap++;
  compactIfWorthIt();
}

/** A cancelled entry has left the heap (popTimer): its slot is released. */
// @ts-ignore: decorator
@inline export function releaseCancelled(slot: u32): void {
  release(slot);
  cancelledInHeap--;
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
    siftDown(<u32>index, whenAt(<u32>index), seqAt(<u32>index), slotAt(<u32>index));
  }
}

/** Pops cancelled entries off the root, so the root is the earliest live timer. */
// @ts-ignore: decorator
@inline export function dropCancelledHead(): void {
  if (cancelledInHeap > 0) dropCancelledHeadSlow();
}

function dropCancelledHeadSlow(): void {
  while (heapLength > 0 && stateOf(slotAt(0)) == CANCELLED) releaseCancelled(popTimer());
}

// Sequence numbers are u32; once in 4 billion timers they are renumbered
// 0..n-1 in heap order, which keeps every relative order (in-place heapsort,
// then a reversal: a sorted array is a valid heap).
function renumber(): void {
  const length = heapLength;
  for (let end = length; end > 1; end--) {
    const last = end - 1;
    const at = entry(last);
    const when = load<f64>(at, WHEN_OFFSET);
    const seq = load<u32>(at, SEQ_OFFSET);
    const slot = load<u32>(at, SLOT_OFFSET);
    copyEntry(last, 0);
    heapLength = last;
    siftDown(0, when, seq, slot);
  }
  heapLength = length;
  for (let low: u32 = 0, high = length - 1; low < high && length > 0; low++, high--) {
    const a = entry(low);
    const b = entry(high);
    const low = load<u64>(a, LOW_HALF);
    const high = load<u64>(a, HIGH_HALF);
    store<u64>(a, load<u64>(b, LOW_HALF), LOW_HALF);
    store<u64>(a, load<u64>(b, HIGH_HALF), HIGH_HALF);
    store<u64>(b, low, LOW_HALF);
    store<u64>(b, high, HIGH_HALF);
  }
  for (let index: u32 = 0; index < length; index++) store<u32>(entry(index), index, SEQ_OFFSET);
  nextSeq = length;
}

/** Test hook: lets a test reach the renumbering without 4 billion timers. */
export function setNextSeq(seq: u32): void {
  nextSeq = seq;
}

/** The current core's heap counters, from its descriptor (cores.ts). */
// @ts-ignore: decorator
@inline export function loadTimerState(core: usize): void {
  heapLength = load<u32>(core, HEAP_LENGTH_OFFSET);
  cancelledInHeap = load<u32>(core, CANCELLED_COUNT_OFFSET);
  nextSeq = load<u32>(core, NEXT_SEQ_OFFSET);
}

/** The current core's heap counters, into its descriptor (cores.ts). */
// @ts-ignore: decorator
@inline export function saveTimerState(core: usize): void {
  store<u32>(core, heapLength, HEAP_LENGTH_OFFSET);
  store<u32>(core, cancelledInHeap, CANCELLED_COUNT_OFFSET);
  store<u32>(core, nextSeq, NEXT_SEQ_OFFSET);
}

// @ts-ignore: decorator
@inline export function clearTimerState(): void {
  heapLength = 0;
  cancelledInHeap = 0;
  nextSeq = 0;
}
