/**
 * ReferenceCore: the scheduling core in plain TypeScript.
 *
 * It exists for two reasons: the differential fuzzer needs a second, independently
 * written implementation to hold the Wasm core to, and the benchmarks need an honest
 * baseline. So it follows the Wasm core's algorithm step for step (ids, free order and
 * heap layout must agree, or ids would diverge after the first compaction), and it is
 * written the way fast JS is written: flat typed arrays, no objects per handle.
 *
 * Structures (one capacity `cap` shared by all of them, see grow()):
 *
 *   words[slot]   generation << 3 | state, for slot < slotsUsed
 *   free[0..freeLength)             LIFO stack of FREE slots
 *   ready[0..readyLength)           FIFO of slots scheduled by soon() or moved from the heap
 *   batch[0..batchLength)           slots handed out by the last runOnce
 *   heapWhen/heapSeq/heapSlot[0..heapLength)   binary min-heap on (when, seq)
 *
 * Invariants:
 * - A FREE slot is on the free stack exactly once; a RETIRED slot is nowhere (its
 *   generation is spent, so reusing it would let an old id name a new handle).
 * - A TIMER slot is in the heap exactly once. A READY slot is in the ready list or
 *   in the batch, never both. A CANCELLED slot is in exactly one of heap, ready, batch;
 *   `cancelledInHeap` counts the ones in the heap.
 * - Each slot appears at most once across all of the above, so no array ever needs
 *   more than `slotsUsed` entries: only taking a never-used slot can require growth.
 * - heap[parent] < heap[child] in (when, seq) order. seq is unique per core, so the
 *   order is total and equal deadlines pop in scheduling order (FIFO). The sifts
 *   follow the same rules as the Wasm core's, so the heap arrays agree entry for
 *   entry: compaction walks the array, and its free order decides later ids.
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
import {
  CANCELLED_READY,
  CANCELLED_TIMER,
  FULL,
  MAX_GENERATION,
  MAX_SLOTS,
  MAX_WAIT,
  MIN_HEAP_FOR_COMPACTION,
  NO_MEMORY,
  SLOT_SPAN,
  STALE,
  WAIT,
  type SchedulingCore,
} from "./types.js";

// Slot states, in the low 3 bits of a slot word. Nothing outside this file sees them.
const FREE = 0;
const READY = 1;
const TIMER = 2;
const CANCELLED = 3;
const RETIRED = 4;
const STATE_BITS = 3;
const STATE_MASK = 7;
/** The Wasm core's u32 sequence limit: reaching it triggers renumber(). */
const SEQ_LIMIT = 2 ** 32 - 1;

/** The Wasm core's starting slot count: small, so that many idle loops cost little. */
const INITIAL_CAPACITY = 16;
/** Tables of at most this many slots never shrink (see maybeShrink): the Wasm core's SHRINK_MIN_SLOTS. */
const SHRINK_MIN_SLOTS = 4096;

export class ReferenceCore implements SchedulingCore {
  private cap = 0;
  private words!: Uint32Array;
  private free!: Uint32Array;
  private ready!: Uint32Array;
  private batchSlots!: Uint32Array;
  private heapWhen!: Float64Array;
  // seq follows the Wasm core's u32 rule exactly, renumbering included (see renumber()),
  // so both cores keep identical heap layouts and hand out identical ids.
  private heapSeq!: Float64Array;
  private heapSlot!: Uint32Array;

  private slotsUsed = 0;
  private freeLength = 0;
  private readyLength = 0;
  private batchLength = 0;
  private heapSize = 0;
  private cancelledInHeap = 0;
  private nextSeq = 0;
  /** Fresh slots start at this generation: above every generation a slot dropped by a shrink issued. */
  private generationFloor = 0;
  private releasedSinceLook = 0;
  private lookCost = 0;
  private lastTimeout = Infinity;
  private lastDeadline = Infinity;

  constructor() {
    this.allocateArrays(INITIAL_CAPACITY);
  }

  get timeout(): number {
    return this.lastTimeout;
  }

  get nextDeadline(): number {
    return this.lastDeadline;
  }

  /** The whole buffer, not a subarray: only 0 .. n-1 are meaningful, and a view per call would allocate. */
  get batch(): ArrayLike<number> {
    return this.batchSlots;
  }

  get timerCount(): number {
    return this.heapSize - this.cancelledInHeap;
  }

  get readyCount(): number {
    return this.readyLength;
  }

  get heapLength(): number {
    return this.heapSize;
  }

  /** Slots the arrays have room for (they double when full). */
  get capacity(): number {
    return this.cap;
  }

  soon(): number {
    const slot = this.allocate(READY);
    if (slot < 0) return slot;
    this.ready[this.readyLength++] = slot;
    return this.idOf(slot);
  }

  at(when: number): number {
    const slot = this.allocate(TIMER);
    if (slot < 0) return slot;
    if (this.nextSeq === SEQ_LIMIT) this.renumber();
    this.siftUp(this.heapSize++, when, this.nextSeq++, slot);
    return this.idOf(slot);
  }

  cancel(id: number): number {
    // `!(id >= 0)` also rejects NaN; fractions and ±Infinity fail isInteger.
    if (!(id >= 0) || !Number.isInteger(id)) return STALE;
    const slot = id % SLOT_SPAN;
    if (slot >= this.slotsUsed) return STALE;
    const word = this.words[slot];
    const generation = (id - slot) / SLOT_SPAN;
    if (word >>> STATE_BITS !== generation) return STALE;
    switch (word & STATE_MASK) {
      case READY:
        this.words[slot] = word - READY + CANCELLED;
        return CANCELLED_READY;
      case TIMER:
        this.words[slot] = word - TIMER + CANCELLED;
        this.cancelledInHeap++;
        this.maybeCompact();
        return CANCELLED_TIMER;
      default:
        return STALE;
    }
  }

  finishBatch(): number {
    if (this.batchLength === 0) return this.slotsUsed;
    const done = this.batchSlots;
    for (let i = 0; i < this.batchLength; i++) this.release(done[i]);
    this.batchLength = 0;
    this.maybeShrink();
    return this.slotsUsed;
  }

  runOnce(now: number, resolution: number, stopping: boolean): number {
    // 1. The loop has finished with the previous batch: its ids become stale.
    this.finishBatch();

    // 2. Drop cancelled timers before the wait is computed, so that a cancelled head
    //    never makes the loop wake early (asyncio rule 38).
    this.maybeCompact();
    while (this.heapSize > 0 && (this.words[this.heapSlot[0]] & STATE_MASK) === CANCELLED) {
      this.release(this.pop());
      this.cancelledInHeap--;
    }
    this.maybeShrink();

    // 3. Wait. A non-empty ready list forces 0 even if every entry is cancelled,
    //    as asyncio's `if self._ready` does.
    if (this.readyLength === 0 && !stopping) {
      let wait = Infinity;
      let deadline = Infinity;
      if (this.heapSize > 0) {
        deadline = this.heapWhen[0];
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
    const words = this.words;
    while (this.heapSize > 0 && (this.heapWhen[0] < end || this.heapWhen[0] <= now)) {
      const slot = this.pop();
      const word = words[slot];
      if ((word & STATE_MASK) === CANCELLED) {
        this.release(slot);
        this.cancelledInHeap--;
      } else {
        words[slot] = word - TIMER + READY;
        this.ready[this.readyLength++] = slot;
      }
    }

    // 5. The ready list becomes the batch: filter it in place and swap the buffers,
    //    which costs nothing and leaves the old batch buffer empty for new soon()s.
    const list = this.ready;
    let n = 0;
    for (let i = 0; i < this.readyLength; i++) {
      const slot = list[i];
      if ((words[slot] & STATE_MASK) === CANCELLED) this.release(slot);
      else list[n++] = slot;
    }
    this.ready = this.batchSlots;
    this.batchSlots = list;
    this.batchLength = n;
    this.readyLength = 0;
    return n;
  }

  reset(): void {
    this.slotsUsed = 0;
    this.freeLength = 0;
    this.readyLength = 0;
    this.batchLength = 0;
    this.heapSize = 0;
    this.cancelledInHeap = 0;
    this.nextSeq = 0;
    this.generationFloor = 0;
    this.releasedSinceLook = 0;
    this.lookCost = 0;
    this.lastTimeout = Infinity;
    this.lastDeadline = Infinity;
    // Slot words need no clearing: slots >= slotsUsed are rewritten when first taken.
    // A closed loop should not keep a large peak's memory alive.
    if (this.cap !== INITIAL_CAPACITY) this.allocateArrays(INITIAL_CAPACITY);
  }

  dispose(): void {
    this.reset();
    this.allocateArrays(0);
  }

  // ---- slots ----

  private idOf(slot: number): number {
    return (this.words[slot] >>> STATE_BITS) * SLOT_SPAN + slot;
  }

  /**
   * Returns the slot, or FULL / NO_MEMORY when none can be had. A reused slot
   * keeps the generation release() gave it.
   */
  private allocate(state: number): number {
    let slot: number;
    if (this.freeLength > 0) {
      slot = this.free[--this.freeLength];
      this.words[slot] = (this.words[slot] & ~STATE_MASK) | state;
    } else {
      if (this.slotsUsed >= MAX_SLOTS) return FULL;
      if (this.slotsUsed === this.cap && !this.grow()) return NO_MEMORY;
      slot = this.slotsUsed++;
      this.words[slot] = (this.generationFloor << STATE_BITS) | state;
    }
    return slot;
  }

  private release(slot: number): void {
    const generation = this.words[slot] >>> STATE_BITS;
    if (generation === MAX_GENERATION) {
      this.words[slot] = (generation << STATE_BITS) | RETIRED;
      return;
    }
    // `<<` yields a negative int32 for generations >= 2**28; the Uint32Array store
    // takes it modulo 2**32, which is the intended bit pattern.
    this.words[slot] = ((generation + 1) << STATE_BITS) | FREE;
    this.free[this.freeLength++] = slot;
    this.releasedSinceLook++;
  }

  // ---- shrinking ----

  /**
   * The Wasm core's rule (assembly/shrink.ts), on the table's logical size
   * only, so both cores shrink at the same calls and issue the same ids:
   * more than SHRINK_MIN_SLOTS slots ever taken, at most a quarter in use,
   * and as many released since the last look as it cost (what it scanned
   * if it dropped nothing, an eighth of the table if it shrank it), which
   * keeps the looks amortised O(1).
   */
  private maybeShrink(): void {
    const used = this.slotsUsed;
    if (used <= SHRINK_MIN_SLOTS || (used - this.freeLength) * 4 > used || this.releasedSinceLook < this.lookCost) return;
    this.releasedSinceLook = 0;
    const words = this.words;
    let top = used;
    let floor = this.generationFloor;
    // Only FREE slots above the highest slot in use are dropped; a RETIRED one stops the scan.
    while (top > 0 && (words[top - 1] & STATE_MASK) === FREE) {
      floor = Math.max(floor, words[top - 1] >>> STATE_BITS);
      top--;
    }
    if (top * 2 > used) {
      this.lookCost = used - top + 1;
      return;
    }
    this.lookCost = top >>> 3;
    const free = this.free;
    let kept = 0;
    for (let i = 0; i < this.freeLength; i++) if (free[i] < top) free[kept++] = free[i];
    this.freeLength = kept;
    this.slotsUsed = top;
    this.generationFloor = floor;
    if (top * 4 <= this.cap && this.cap > INITIAL_CAPACITY) {
      let cap = INITIAL_CAPACITY;
      while (cap < top * 2) cap *= 2;
      if (cap < this.cap) this.resize(cap);
    }
  }

  // ---- growth ----

  private grow(): boolean {
    return this.resize(Math.min(this.cap * 2, MAX_SLOTS));
  }

  /** New arrays of `cap` entries (larger or smaller) with everything live copied over. */
  private resize(cap: number): boolean {
    const old = {
      words: this.words,
      free: this.free,
      ready: this.ready,
      batch: this.batchSlots,
      when: this.heapWhen,
      seq: this.heapSeq,
      slot: this.heapSlot,
    };
    try {
      this.allocateArrays(cap);
    } catch (error) {
      // Out of memory is reported as NO_MEMORY, like the Wasm core's failed memory.grow;
      // allocateArrays assigns nothing until every array exists, so the state is intact.
      if (error instanceof RangeError) return false;
      throw error;
    }
    this.words.set(old.words.subarray(0, this.slotsUsed));
    this.free.set(old.free.subarray(0, this.freeLength));
    this.ready.set(old.ready.subarray(0, this.readyLength));
    this.batchSlots.set(old.batch.subarray(0, this.batchLength));
    this.heapWhen.set(old.when.subarray(0, this.heapSize));
    this.heapSeq.set(old.seq.subarray(0, this.heapSize));
    this.heapSlot.set(old.slot.subarray(0, this.heapSize));
    return true;
  }

  private allocateArrays(cap: number): void {
    const words = new Uint32Array(cap);
    const free = new Uint32Array(cap);
    const ready = new Uint32Array(cap);
    const batch = new Uint32Array(cap);
    const when = new Float64Array(cap);
    const seq = new Float64Array(cap);
    const slot = new Uint32Array(cap);
    this.words = words;
    this.free = free;
    this.ready = ready;
    this.batchSlots = batch;
    this.heapWhen = when;
    this.heapSeq = seq;
    this.heapSlot = slot;
    this.cap = cap;
  }

  // ---- heap ----

  /**
   * Compaction is asyncio's (rule 34), both comparisons strict: more than
   * MIN_HEAP_FOR_COMPACTION entries and more than half of them cancelled.
   * Checking on every cancel as well as in runOnce keeps an idle loop that keeps
   * scheduling and cancelling from growing without bound.
   */
  private maybeCompact(): void {
    const length = this.heapSize;
    if (length <= MIN_HEAP_FOR_COMPACTION || this.cancelledInHeap * 2 <= length) return;
    const words = this.words;
    const when = this.heapWhen;
    const seq = this.heapSeq;
    const slots = this.heapSlot;
    let kept = 0;
    // Array order, not heap order: the Wasm core frees in this order too, and the
    // free stack's order decides which ids are issued next.
    for (let i = 0; i < length; i++) {
      const slot = slots[i];
      if ((words[slot] & STATE_MASK) === CANCELLED) {
        this.release(slot);
      } else {
        when[kept] = when[i];
        seq[kept] = seq[i];
        slots[kept] = slot;
        kept++;
      }
    }
    this.heapSize = kept;
    this.cancelledInHeap = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, when[i], seq[i], slots[i]);
  }

  /** Test hook, as on the Wasm core: sets the next timer sequence number. */
  setNextSequence(seq: number): void {
    this.nextSeq = seq;
  }

  /**
   * Sequence numbers are u32 in the Wasm core; when they run out, both cores
   * heap-sort the heap in place (it comes out in descending order), reverse it
   * (a sorted array is a valid heap) and number the entries 0..n-1. Every
   * relative order is kept; the array layout matches the Wasm core's.
   */
  private renumber(): void {
    const length = this.heapSize;
    const hw = this.heapWhen;
    const hs = this.heapSeq;
    const hl = this.heapSlot;
    for (let end = length; end > 1; end--) {
      const last = end - 1;
      const when = hw[last];
      const seq = hs[last];
      const slot = hl[last];
      hw[last] = hw[0];
      hs[last] = hs[0];
      hl[last] = hl[0];
      this.heapSize = last;
      this.siftDown(0, when, seq, slot);
    }
    this.heapSize = length;
    hw.subarray(0, length).reverse();
    hl.subarray(0, length).reverse();
    for (let i = 0; i < length; i++) hs[i] = i;
    this.nextSeq = length;
  }

  /** Removes the head and returns its slot. The heap must not be empty. */
  private pop(): number {
    const head = this.heapSlot[0];
    const last = --this.heapSize;
    if (last > 0) this.siftDown(0, this.heapWhen[last], this.heapSeq[last], this.heapSlot[last]);
    return head;
  }

  /** Places the entry at hole `i`, moving larger parents down into the hole first. */
  private siftUp(i: number, when: number, seq: number, slot: number): void {
    const hw = this.heapWhen;
    const hs = this.heapSeq;
    const hl = this.heapSlot;
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

  /** Places the entry at hole `i` within the first heapSize entries, moving smaller children up. */
  private siftDown(i: number, when: number, seq: number, slot: number): void {
    const hw = this.heapWhen;
    const hs = this.heapSeq;
    const hl = this.heapSlot;
    const length = this.heapSize;
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
