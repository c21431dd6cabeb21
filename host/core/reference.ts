/**
 * ReferenceCore: the scheduling core in plain TypeScript.
 *
 * It exists for two reasons: the differential fuzzer needs a second, independently
 * written implementation to hold the Wasm core to, and the benchmarks need an honest
 * baseline. So it follows the Wasm core's algorithm step for step (ids, free order and
 * heap layout must agree, or ids would diverge after the first compaction), and it is
 * written the way fast JS is written: flat typed arrays, no objects per handle.
 *
 * Its structures mirror assembly/, one file each, with one capacity `cap` shared by
 * all of them (see grow()):
 *
 *   reference/slots.ts   SlotTable: words[slot] = generation << STATE_BITS | state,
 *                        and the LIFO stack of FREE slots; shrinking
 *   reference/ready.ts   ReadyLists: the FIFO of slots scheduled by soon() or moved
 *                        from the heap, and the batch handed out by the last runOnce
 *   reference/timers.ts  TimerHeap: the binary min-heap on (when, seq)
 *   this file            the scheduler: scheduling, cancellation, runOnce
 *
 * Each slot appears at most once across the free stack, the lists and the heap, so
 * no array ever needs more than `slots.used` entries: only taking a never-used slot
 * can require growth.
 *
 * Costs (n = entries in the heap):
 *   soon                 O(1) amortised (growth doubles)
 *   at                   O(log n)
 *   cancel               O(1) amortised: a compaction costs O(n) but needs more
 *                        cancellations since the last one than there are live timers
 *   runOnce              O(b + r + k log n): b = previous batch, r = ready list,
 *                        k = timers popped (due or cancelled at the head)
 *   reset                O(1) (O(cap) if the arrays had grown and are given back)
 * Nothing allocates except growth.
 */
import { CANCELLED, INITIAL_SLOTS, READY, SHRINK_USE_SHIFT, TIMER } from "./layout.js";
import { type ListArrays, ReadyLists } from "./reference/ready.js";
import { type SlotArrays, SlotTable } from "./reference/slots.js";
import { type HeapArrays, TimerHeap } from "./reference/timers.js";
import {
  CANCELLED_READY,
  CANCELLED_TIMER,
  FULL,
  MAX_SLOTS,
  MAX_WAIT,
  NO_MEMORY,
  type SchedulingCore,
  STALE,
  WAIT,
} from "./types.js";

export class ReferenceCore implements SchedulingCore {
  private cap = 0;
  private readonly slots = new SlotTable();
  private readonly lists = new ReadyLists();
  private readonly heap = new TimerHeap();
  private lastTimeout = Infinity;
  private lastDeadline = Infinity;

  constructor() {
    this.resize(INITIAL_SLOTS);
  }

  get timeout(): number {
    return this.lastTimeout;
  }

  get nextDeadline(): number {
    return this.lastDeadline;
  }

  /** The whole buffer, not a subarray: only 0 .. n-1 are meaningful, and a view per call would allocate. */
  get batch(): ArrayLike<number> {
    return this.lists.batch;
  }

  get timerCount(): number {
    return this.heap.size - this.heap.cancelled;
  }

  get readyCount(): number {
    return this.lists.readyLength;
  }

  get heapLength(): number {
    return this.heap.size;
  }

  /** Slots the arrays have room for (they double when full). */
  get capacity(): number {
    return this.cap;
  }

  soon(): number {
    const slot = this.allocate(READY);
    if (slot < 0) return slot;
    this.lists.push(slot);
    return this.slots.idOf(slot);
  }

  at(when: number): number {
    const slot = this.allocate(TIMER);
    if (slot < 0) return slot;
    this.heap.push(when, slot);
    return this.slots.idOf(slot);
  }

  cancel(id: number): number {
    const slots = this.slots;
    const slot = slots.slotOf(id);
    if (slot < 0) return STALE;
    switch (slots.stateOf(slot)) {
      case READY:
        slots.change(slot, READY, CANCELLED);
        return CANCELLED_READY;
      case TIMER:
        slots.change(slot, TIMER, CANCELLED);
        this.heap.timerCancelled(slots);
        return CANCELLED_TIMER;
      default:
        return STALE;
    }
  }

  finishBatch(): number {
    if (this.lists.batchLength === 0) return this.slots.used;
    this.lists.finish(this.slots);
    this.maybeShrink();
    return this.slots.used;
  }

  runOnce(now: number, resolution: number, stopping: boolean): number {
    const slots = this.slots;
    const heap = this.heap;
    const lists = this.lists;

    // 1. The loop has finished with the previous batch: its ids become stale.
    this.finishBatch();

    // 2. Drop cancelled timers before the wait is computed, so that a cancelled head
    //    never makes the loop wake early (asyncio rule 38).
    heap.maybeCompact(slots);
    heap.dropCancelledHead(slots);
    this.maybeShrink();

    // 3. Wait. A non-empty ready list forces 0 even if every entry is cancelled,
    //    as asyncio's `if self._ready` does.
    if (lists.readyLength === 0 && !stopping) {
      let wait = Infinity;
      let deadline = Infinity;
      if (heap.size > 0) {
        deadline = heap.when[0];
        wait = Math.min(Math.max(0, deadline - now), MAX_WAIT);
      }
      if (wait > 0) {
        this.lastTimeout = wait;
        this.lastDeadline = deadline;
        return WAIT;
      }
    }

    // 4. Due timers go behind what is already ready (asyncio rule 30). Strict `<`:
    //    a timer exactly one resolution ahead is not due yet (rule 22). Past 2**24 s
    //    the resolution vanishes in rounding (now + 1e-9 === now), so `<= now` keeps
    //    a timer due now from never becoming due.
    const end = now + resolution;
    while (heap.size > 0 && (heap.when[0] < end || heap.when[0] <= now)) {
      const slot = heap.pop();
      if (slots.isCancelled(slot)) {
        heap.releaseCancelled(slot, slots);
      } else {
        slots.change(slot, TIMER, READY);
        lists.push(slot);
      }
    }

    // 5. The ready list becomes the batch.
    return lists.handOut(slots);
  }

  reset(): void {
    this.slots.clear();
    this.lists.clear();
    this.heap.clear();
    this.lastTimeout = Infinity;
    this.lastDeadline = Infinity;
    // A closed loop should not keep a large peak's memory alive.
    if (this.cap !== INITIAL_SLOTS) this.resize(INITIAL_SLOTS);
  }

  dispose(): void {
    this.reset();
    this.resize(0);
  }

  /** Test hook, as on the Wasm core: sets the next timer sequence number. */
  setNextSequence(seq: number): void {
    this.heap.setNextSequence(seq);
  }

  /**
   * Returns the slot, or FULL / NO_MEMORY when none can be had. A reused slot
   * keeps the generation release() gave it.
   */
  private allocate(state: number): number {
    const slots = this.slots;
    if (slots.freeLength === 0) {
      if (slots.used >= MAX_SLOTS) return FULL;
      if (slots.used === this.cap && !this.grow()) return NO_MEMORY;
    }
    return slots.take(state);
  }

  /** After the table shrank to a quarter of the capacity or less, the arrays halve at least. */
  private maybeShrink(): void {
    if (!this.slots.maybeShrink()) return;
    const top = this.slots.used;
    if (top * 2 ** SHRINK_USE_SHIFT <= this.cap && this.cap > INITIAL_SLOTS) {
      let cap = INITIAL_SLOTS;
      while (cap < top * 2) cap *= 2;
      if (cap < this.cap) this.resize(cap);
    }
  }

  private grow(): boolean {
    return this.resize(Math.min(this.cap * 2, MAX_SLOTS));
  }

  /** New arrays of `cap` entries (larger or smaller) for every structure, everything live copied over. */
  private resize(cap: number): boolean {
    let slots: SlotArrays;
    let lists: ListArrays;
    let heap: HeapArrays;
    try {
      slots = SlotTable.arrays(cap);
      lists = ReadyLists.arrays(cap);
      heap = TimerHeap.arrays(cap);
    } catch (error) {
      // Out of memory is reported as NO_MEMORY, like the Wasm core's failed memory.grow;
      // nothing is replaced until every array exists, so the state is intact.
      if (error instanceof RangeError) return false;
      throw error;
    }
    this.slots.adopt(slots);
    this.lists.adopt(lists);
    this.heap.adopt(heap);
    this.cap = cap;
    return true;
  }
}
