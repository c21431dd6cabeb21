/**
 * The reference core's timer heap (assembly/timers.ts): a binary min-heap
 * on (when, seq), kept in three parallel arrays.
 *
 * Invariants:
 * - heap[parent] < heap[child] in (when, seq) order. seq is unique per core,
 *   so the order is total and equal deadlines pop in scheduling order (FIFO).
 * - A TIMER slot is in the heap exactly once; a CANCELLED slot in the heap
 *   stays until it reaches the root or a compaction drops it, and
 *   `cancelled` counts those.
 * - The sifts follow the same rules as the Wasm core's, so the arrays agree
 *   with its heap entry for entry: compaction walks the array, and the
 *   order in which it frees slots decides later ids.
 * Costs (n entries): push O(log n), pop O(log n), compaction O(n), paid for
 * by the cancellations before it (more than COMPACTION_FRACTION of the heap).
 */
import { SEQ_BITS } from "../layout.js";
import { COMPACTION_FRACTION, MIN_HEAP_FOR_COMPACTION } from "../types.js";
import type { SlotTable } from "./slots.js";

/** The Wasm core's u32 sequence numbers: reaching the last one triggers renumber(). */
const SEQ_LIMIT = 2 ** SEQ_BITS - 1;

export interface HeapArrays {
  when: Float64Array;
  // seq follows the Wasm core's u32 rule exactly, renumbering included, so
  // both cores keep identical heap layouts and hand out identical ids.
  seq: Float64Array;
  slot: Uint32Array;
}

export class TimerHeap {
  when: Float64Array = new Float64Array(0);
  private seq: Float64Array = new Float64Array(0);
  slot: Uint32Array = new Uint32Array(0);
  size = 0;
  /** Entries whose slot is CANCELLED. Only this file changes it. */
  cancelled = 0;
  private nextSeq = 0;

  static arrays(capacity: number): HeapArrays {
    return { when: new Float64Array(capacity), seq: new Float64Array(capacity), slot: new Uint32Array(capacity) };
  }

  /** Takes arrays of another capacity, everything live copied over. */
  adopt(arrays: HeapArrays): void {
    arrays.when.set(this.when.subarray(0, this.size));
    arrays.seq.set(this.seq.subarray(0, this.size));
    arrays.slot.set(this.slot.subarray(0, this.size));
    this.when = arrays.when;
    this.seq = arrays.seq;
    this.slot = arrays.slot;
  }

  clear(): void {
    this.size = 0;
    this.cancelled = 0;
    this.nextSeq = 0;
  }

  /** Test hook, as on the Wasm core: sets the next timer sequence number. */
  setNextSequence(seq: number): void {
    this.nextSeq = seq;
  }

  push(when: number, slot: number): void {
    if (this.nextSeq === SEQ_LIMIT) this.renumber();
    this.siftUp(this.size++, when, this.nextSeq++, slot);
  }

  /** Removes the head and returns its slot. The heap must not be empty. */
  pop(): number {
    const head = this.slot[0];
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.when[last], this.seq[last], this.slot[last]);
    return head;
  }

  /** A timer's slot was just marked CANCELLED; its entry stays until it leaves the heap. */
  timerCancelled(slots: SlotTable): void {
    this.cancelled++;
    this.maybeCompact(slots);
  }

  /** A cancelled entry has left the heap (pop): its slot is released. */
  releaseCancelled(slot: number, slots: SlotTable): void {
    slots.release(slot);
    this.cancelled--;
  }

  /** Pops cancelled entries off the head, so that the head is the earliest live timer. */
  dropCancelledHead(slots: SlotTable): void {
    while (this.size > 0 && slots.isCancelled(this.slot[0])) this.releaseCancelled(this.pop(), slots);
  }

  /**
   * Compaction is asyncio's (rule 34), both comparisons strict: more than
   * MIN_HEAP_FOR_COMPACTION entries and more than COMPACTION_FRACTION of
   * them cancelled. Checking on every cancel as well as in runOnce keeps an
   * idle loop that keeps scheduling and cancelling from growing without bound.
   */
  maybeCompact(slots: SlotTable): void {
    const length = this.size;
    if (length <= MIN_HEAP_FOR_COMPACTION || this.cancelled <= length * COMPACTION_FRACTION) return;
    const when = this.when;
    const seq = this.seq;
    const slot = this.slot;
    let kept = 0;
    // Array order, not heap order: the Wasm core frees in this order too, and the
    // free stack's order decides which ids are issued next.
    for (let i = 0; i < length; i++) {
      const s = slot[i];
      if (slots.isCancelled(s)) {
        slots.release(s);
      } else {
        when[kept] = when[i];
        seq[kept] = seq[i];
        slot[kept] = s;
        kept++;
      }
    }
    this.size = kept;
    this.cancelled = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, when[i], seq[i], slot[i]);
  }

  /**
   * Sequence numbers are u32 in the Wasm core; when they run out, both cores
   * heap-sort the heap in place (it comes out in descending order), reverse it
   * (a sorted array is a valid heap) and number the entries 0..n-1. Every
   * relative order is kept; the array layout matches the Wasm core's.
   */
  private renumber(): void {
    const length = this.size;
    const hw = this.when;
    const hs = this.seq;
    const hl = this.slot;
    for (let end = length; end > 1; end--) {
      const last = end - 1;
      const when = hw[last];
      const seq = hs[last];
      const slot = hl[last];
      hw[last] = hw[0];
      hs[last] = hs[0];
      hl[last] = hl[0];
      this.size = last;
      this.siftDown(0, when, seq, slot);
    }
    this.size = length;
    hw.subarray(0, length).reverse();
    hl.subarray(0, length).reverse();
    for (let i = 0; i < length; i++) hs[i] = i;
    this.nextSeq = length;
  }

  /** Places the entry at hole `i`, moving larger parents down into the hole first. */
  private siftUp(i: number, when: number, seq: number, slot: number): void {
    const hw = this.when;
    const hs = this.seq;
    const hl = this.slot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pw = hw[parent];
      if (!(when < pw || (when === pw && seq < hs[parent]))) break;
      hw[i] = pw;
      hs[i] = hs[parent];
      hl[i] = hl[parent];
      i = parent;
    }
    hw[i] = when;
    hs[i] = seq;
    hl[i] = slot;
  }

  /** Places the entry at hole `i` within the first `size` entries, moving smaller children up. */
  private siftDown(i: number, when: number, seq: number, slot: number): void {
    const hw = this.when;
    const hs = this.seq;
    const hl = this.slot;
    const length = this.size;
    const firstLeaf = length >> 1;
    while (i < firstLeaf) {
      let child = 2 * i + 1;
      let cw = hw[child];
      let cs = hs[child];
      const right = child + 1;
      if (right < length) {
        const rw = hw[right];
        if (rw < cw || (rw === cw && hs[right] < cs)) {
          child = right;
          cw = rw;
          cs = hs[right];
        }
      }
      if (!(cw < when || (cw === when && cs < seq))) break;
      hw[i] = cw;
      hs[i] = cs;
      hl[i] = hl[child];
      i = child;
    }
    hw[i] = when;
    hs[i] = seq;
    hl[i] = slot;
  }
}
