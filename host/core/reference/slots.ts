/**
 * The reference core's slot table (assembly/handles.ts and shrink.ts): one
 * word per slot, `generation << STATE_BITS | state`, and a LIFO stack of
 * FREE slots.
 *
 * Invariants:
 * - An id `generation * SLOT_SPAN + slot` names a live handle iff the slot's
 *   word carries that generation and a live state. Releasing a slot bumps
 *   its generation, so every earlier id for it turns stale.
 * - A FREE slot is on the free stack exactly once; a RETIRED slot is nowhere
 *   (its generation is spent, so reusing it would let an old id name a new
 *   handle).
 * - Slots at and above `used` have never been taken, or were dropped by a
 *   shrink; fresh slots start at `generationFloor`, above every generation a
 *   dropped slot issued, so no id is ever issued twice.
 * Costs: take O(1), release O(1), lookup O(1); a shrink O(table), amortised
 * O(1) by the rule in maybeShrink.
 * The table has no capacity of its own: the core gives it arrays of the
 * capacity all its structures share (reference.ts).
 */
import {
  CANCELLED,
  FREE,
  RELOOK_SHIFT,
  RETIRED,
  SHRINK_MIN_SLOTS,
  SHRINK_USE_SHIFT,
  STATE_BITS,
  STATE_MASK,
} from "../layout.js";
import { MAX_GENERATION, SLOT_SPAN } from "../types.js";

export interface SlotArrays {
  words: Uint32Array;
  free: Uint32Array;
}

export class SlotTable {
  words: Uint32Array = new Uint32Array(0);
  free: Uint32Array = new Uint32Array(0);
  /** Slots ever taken (since the last shrink): the words below it are meaningful. */
  used = 0;
  freeLength = 0;
  /** Fresh slots start at this generation: above every generation a slot dropped by a shrink issued. */
  private generationFloor = 0;
  private releasedSinceLook = 0;
  private lookCost = 0;

  static arrays(capacity: number): SlotArrays {
    return { words: new Uint32Array(capacity), free: new Uint32Array(capacity) };
  }

  /** Takes arrays of another capacity, everything live copied over. */
  adopt(arrays: SlotArrays): void {
    arrays.words.set(this.words.subarray(0, this.used));
    arrays.free.set(this.free.subarray(0, this.freeLength));
    this.words = arrays.words;
    this.free = arrays.free;
  }

  /** Forgets every slot; the arrays stay (words at and above `used` are rewritten when taken). */
  clear(): void {
    this.used = 0;
    this.freeLength = 0;
    this.generationFloor = 0;
    this.releasedSinceLook = 0;
    this.lookCost = 0;
  }

  stateOf(slot: number): number {
    return this.words[slot] & STATE_MASK;
  }

  idOf(slot: number): number {
    return (this.words[slot] >>> STATE_BITS) * SLOT_SPAN + slot;
  }

  /** The slot a current id names (any state), else -1. */
  slotOf(id: number): number {
    // `!(id >= 0)` also rejects NaN; fractions and ±Infinity fail isInteger.
    if (!(id >= 0) || !Number.isInteger(id)) return -1;
    const slot = id % SLOT_SPAN;
    if (slot >= this.used) return -1;
    return this.words[slot] >>> STATE_BITS === (id - slot) / SLOT_SPAN ? slot : -1;
  }

  /** From one live state to another (READY or TIMER to CANCELLED, TIMER to READY). */
  change(slot: number, from: number, to: number): void {
    this.words[slot] = this.words[slot] - from + to;
  }

  /**
   * A slot in `state`: a released one if any (it keeps the generation
   * release() gave it), else a fresh one, for which the caller made room.
   */
  take(state: number): number {
    let slot: number;
    if (this.freeLength > 0) {
      slot = this.free[--this.freeLength];
      this.words[slot] = (this.words[slot] & ~STATE_MASK) | state;
    } else {
      slot = this.used++;
      this.words[slot] = (this.generationFloor << STATE_BITS) | state;
    }
    return slot;
  }

  release(slot: number): void {
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

  isCancelled(slot: number): boolean {
    return (this.words[slot] & STATE_MASK) === CANCELLED;
  }

  /**
   * The Wasm core's rule (assembly/shrink.ts), on the table's logical size
   * only, so both cores shrink at the same calls and issue the same ids:
   * more than SHRINK_MIN_SLOTS slots ever taken, at most a quarter in use,
   * and as many released since the last look as it cost (what it scanned
   * if it dropped nothing, an eighth of the table if it shrank it), which
   * keeps the looks amortised O(1). True when the table shrank.
   */
  maybeShrink(): boolean {
    const used = this.used;
    if (
      used <= SHRINK_MIN_SLOTS ||
      (used - this.freeLength) * 2 ** SHRINK_USE_SHIFT > used ||
      this.releasedSinceLook < this.lookCost
    )
      return false;
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
      return false;
    }
    this.lookCost = top >>> RELOOK_SHIFT;
    const free = this.free;
    let kept = 0;
    for (let i = 0; i < this.freeLength; i++) if (free[i] < top) free[kept++] = free[i];
    this.freeLength = kept;
    this.used = top;
    this.generationFloor = floor;
    return true;
  }
}
