/**
 * The scheduling core's interface: what the event loop asks of a core.
 *
 * Two implementations exist and must behave identically, call for call:
 * the WebAssembly core (`binding.ts`, over `assembly/`) and the pure-TypeScript
 * reference core (`reference.ts`). Every core test runs against both, and a
 * differential fuzzer drives them side by side.
 *
 * A core knows nothing of callbacks: it hands out handle ids, orders them, and
 * says which ids form the next batch. The loop keeps the callbacks, indexed by
 * `slotOf(id)`.
 *
 * Ids are `generation * 2**24 + slot`: a slot is reused only with a new
 * generation, so a stale id is recognised (`cancel` answers STALE) and never
 * names another handle. A slot whose generation would pass MAX_GENERATION is
 * retired for good rather than wrapped.
 */
export interface SchedulingCore {
  /**
   * Appends a new handle to the ready queue (FIFO). Returns its id, FULL, or
   * NO_MEMORY. All the memory a handle needs is reserved here, so that no
   * later call (runOnce included) can fail for the lack of it; a refused
   * call changes nothing.
   */
  soon(): number;

  /**
   * Adds a timer due at `when` (seconds; any number but NaN, ±Infinity
   * included). Equal deadlines keep scheduling order. Returns its id, FULL,
   * or NO_MEMORY, as soon() does.
   */
  at(when: number): number;

  /**
   * Cancels a pending handle: CANCELLED_READY if it was in the ready queue or
   * in the batch last handed out, CANCELLED_TIMER if it was a timer still
   * waiting, STALE for anything else (unknown, already cancelled, released).
   */
  cancel(id: number): number;

  /**
   * One iteration's bookkeeping, asyncio's `_run_once` up to running the
   * handles. Releases the previous batch's slots, drops cancelled timers,
   * then computes the wait (0 when something is ready or `stopping`).
   * - wait > 0: nothing is moved; returns WAIT, and `timeout` / `nextDeadline`
   *   say how long and until when. The loop waits, then calls again.
   * - wait = 0: moves every timer with `when < now + resolution` behind the
   *   ready handles, hands the whole ready queue out as the batch (cancelled
   *   ones left out) and returns its length (possibly 0).
   */
  runOnce(now: number, resolution: number, stopping: boolean): number;

  /**
   * The loop has run the last batch: its slots are released now (in batch
   * order, as runOnce would), so they can be had again before the next
   * iteration. Does nothing when no batch is out. Returns how many slots
   * the table spans (ids name slots below it; the table shrinks when few
   * are in use), so the loop can size its per-slot arrays.
   */
  finishBatch(): number;

  /** After WAIT: seconds to wait, capped at MAX_WAIT; Infinity when nothing is scheduled. */
  readonly timeout: number;
  /** After WAIT: the earliest live timer's deadline, or Infinity. */
  readonly nextDeadline: number;

  /**
   * The slots of the last batch, in run order: entries 0 .. n-1 after
   * runOnce returned n. Valid until the next runOnce; re-read this property
   * after any other core call (the Wasm memory may have grown, which detaches
   * the previous view; a detached view reads `undefined`).
   */
  readonly batch: ArrayLike<number>;

  /** Live (not cancelled) timers still waiting. */
  readonly timerCount: number;
  /** Handles in the ready queue (cancelled ones included, as asyncio counts them). */
  readonly readyCount: number;
  /** Entries in the timer heap, cancelled ones not yet dropped included. */
  readonly heapLength: number;

  /** Forgets everything: all ids become stale. */
  reset(): void;

  /**
   * Gives back all the core's memory (close()): all ids become stale.
   * Afterwards cancel() answers STALE and the counts read 0; nothing else
   * may be called.
   */
  dispose(): void;
}

// The id format, the results and asyncio's limits, as the Wasm core has them.
// *Must* match assembly/layout.ts; test/wasm/layout.test.ts checks them.

/** Bits of an id that hold the slot; the generation sits above them. */
export const SLOT_BITS = 24;
/** 2**SLOT_BITS: ids are `generation * SLOT_SPAN + slot`. */
export const SLOT_SPAN = 2 ** SLOT_BITS;
export const SLOT_MASK = SLOT_SPAN - 1;
/** The most slots a core can hold (slot ids 0 .. MAX_SLOTS-1). */
export const MAX_SLOTS = SLOT_SPAN - 1;
/** Generations run 0 .. MAX_GENERATION; ids stay below 2**53, so an f64 carries them exactly. */
export const MAX_GENERATION = 2 ** (53 - SLOT_BITS) - 1;

/** soon()/at() result when every slot is taken (MAX_SLOTS). */
export const FULL = -1;
/** soon()/at() result when the memory could not grow to hold another handle. */
export const NO_MEMORY = -2;
/** runOnce() result when the loop must wait `timeout` seconds first. */
export const WAIT = -1;

/** cancel() results. */
export const STALE = 0;
export const CANCELLED_READY = 1;
export const CANCELLED_TIMER = 2;

/** asyncio's MAXIMUM_SELECT_TIMEOUT: one wait never exceeds a day (seconds). */
export const MAX_WAIT = 24 * 3600;
/** asyncio's _MIN_SCHEDULED_TIMER_HANDLES: heaps this small are never compacted. */
export const MIN_HEAP_FOR_COMPACTION = 100;
/** asyncio's _MIN_CANCELLED_TIMER_HANDLES_FRACTION: compact when more than this share is cancelled. */
export const COMPACTION_FRACTION = 0.5;
