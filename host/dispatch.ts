/**
 * Dispatch: the loop's callback table, the one function that calls user
 * callbacks, and the run's phase (asyncio: the tail of `_run_once` plus
 * `Handle._run`).
 *
 * THE TABLE. `#scheduled[slot]` is the callback of the pending handle in
 * the core's slot (bare when it takes no arguments), undefined once run or
 * cancelled; `#deadlines[slot]` its deadline (NaN for callSoon), kept only
 * to describe it. Never the Handle: a handle nobody keeps costs nothing once
 * callSoon returns. Both grow with the core's slots (doubling, O(1)
 * amortised) and shrink with its table, never below KEPT_SLOTS.
 *
 * THE PHASE. One field says where the run is; every transition is a
 * method of this file (or the callback's return, in #run):
 *
 *          begin()               a callback is called        hold()
 *   IDLE ----------> RUNNING -------------------> CALLING ----------> HOLDING
 *    ^                | ^ ^ <-------------------    ^  <-------------   |
 *    | end(), from    | | |     it returns           release() before   | it returns
 *    | any phase      | | |                          it returns         v
 *    +----------------+ | +------------ release() ------------------- HELD
 *                       |                                             |
 *     park() / unpark() | RUNNING <--- host turn ---+                   | release() once
 *                       v                           |                   | the slice is over
 *                    WAITING ---- wokenUp() ---> YIELDED <--------------+
 *                                                   ^
 *                         RUNNING -- yieldTurn() ---+  (the slice is over)
 *
 *   RUNNING  the run iterates: asks the core for batches, runs them
 *   CALLING  a callback of the batch is on the stack
 *   HOLDING  that callback was an async task's step that resumed its code:
 *            the batch will wait for the code to suspend (host/asyncstep.ts)
 *   HELD     the batch waits: the step's code runs in promise jobs, and
 *            release() goes on with the rest of the batch
 *   YIELDED  the run gave the host a turn (the slice ran out, or a wake-up
 *            from host code); a resumption is queued
 *   WAITING  parked in the loop's waiter (host/waiter.ts)
 *
 * A stop request is not a phase: asyncio's `_stopping` can be set in any
 * phase, even before a run, and is read between batches (host/loop.ts).
 *
 * THE SLICE. Busy running yields to the host at least every SLICE_MS, between
 * batches or inside one, so host I/O and promise continuations are never
 * starved; the host clock is read every SLICE_CHECK_EVERY callbacks only.
 */
import { badReading, type Clock } from "./clock.js";
import { MAX_SLOTS, NO_MEMORY, type SchedulingCore, SLOT_MASK, STALE } from "./core/types.js";
import type { ExceptionContext, Logger } from "./exceptions.js";
import { formatCallback, ownRepr } from "./format.js";
import { detachedHandle, type Handle, type HandleOwner } from "./handles.js";
import { hostMilliseconds, nextHostTurn } from "./hostturns.js";
import type { BatchHold } from "./running.js";
import { stepOwner } from "./taskrepr.js";

export type Callback = (...args: any[]) => unknown;

/**
 * What the table keeps per pending handle: the bare callback when it takes
 * no arguments, else the callback with its arguments (and, in debug mode,
 * where it was scheduled).
 */
type Scheduled =
  | Callback
  | { readonly callback: Callback; readonly args: readonly unknown[]; readonly sourceTraceback?: string };

export const IDLE = 0;
export const RUNNING = 1;
export const CALLING = 2;
export const HOLDING = 3;
export const HELD = 4;
export const YIELDED = 5;
export const WAITING = 6;
export type Phase =
  | typeof IDLE
  | typeof RUNNING
  | typeof CALLING
  | typeof HOLDING
  | typeof HELD
  | typeof YIELDED
  | typeof WAITING;

/** Busy running yields to the host at least this often (ms): short enough for I/O latency, long enough that a host turn (~1-2 us) costs under 0.1%. */
const SLICE_MS = 5;
/** Work units (callbacks + iterations) between two looks at the host clock. */
export const SLICE_CHECK_EVERY = 64;
/** Released held batches between two looks at the host clock, minus one (a mask). */
const RELEASES_PER_CLOCK_READ = 7;
/** asyncio's default slow_callback_duration, seconds. */
const DEFAULT_SLOW_CALLBACK_DURATION = 0.1;
/** Slots #deadlines has room for at first: the core's first capacity, so an idle loop costs little. */
const INITIAL_DEADLINES = 16;
/**
 * The per-slot arrays never shrink below this many slots (2 MB for both):
 * regrowing a JS array costs ~20-40 ns per entry, so a loop that handles
 * bursts of up to ~100,000 handles one after another keeps its arrays.
 */
const KEPT_SLOTS = 1 << 17;
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** What dispatch needs from its loop. */
export interface DispatchOwner {
  /** Reports a callback's error (the loop's exception handler; never throws). */
  callExceptionHandler(context: ExceptionContext): void;
}

export class Dispatch implements HandleOwner, BatchHold {
  /** Read per callback, as asyncio does: a callback may switch debug mode. */
  debug: boolean;
  slowCallbackDuration = DEFAULT_SLOW_CALLBACK_DURATION;
  #phase: Phase = IDLE;

  readonly #core: SchedulingCore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #owner: DispatchOwner;
  /** Goes on with the run (a new slice, or the current one after a release). */
  readonly #continueRun: (newSlice: boolean) => void;

  #scheduled: Array<Scheduled | undefined> = [];
  #deadlines = new Float64Array(INITIAL_DEADLINES);
  /** The slot whose callback is running, and whether its handle was cancelled meanwhile. */
  #runningSlot = -1;
  #runningCancelled = false;
  /** The batch's rest: #batchNext up to #batchEnd; #batchEnd is 0 between batches. */
  #batchNext = 0;
  #batchEnd = 0;
  /** Debug mode: the held callback and when it started, to time it once it ends. */
  #heldSlot = -1;
  #heldEntry: Scheduled | null = null;
  #heldStarted = 0;
  /** Debug mode timed a callback with a clock reading that was not a finite number: the run fails after the batch. */
  #badTiming: Error | null = null;
  /** Host time (ms) at which the current slice yields to the host; a released batch keeps it. */
  #sliceEnd = 0;
  #releases = 0;

  constructor(
    core: SchedulingCore,
    clock: Clock,
    logger: Logger,
    debug: boolean,
    owner: DispatchOwner,
    continueRun: (newSlice: boolean) => void,
  ) {
    this.#core = core;
    this.#clock = clock;
    this.#logger = logger;
    this.debug = debug;
    this.#owner = owner;
    this.#continueRun = continueRun;
  }

  get phase(): Phase {
    return this.#phase;
  }

  // ---- The table -------------------------------------------------------------

  /** Keeps the callback of the handle `id` the core just accepted. */
  remember(id: number, callback: Callback, args: readonly unknown[], when: number): void {
    const slot = id & SLOT_MASK;
    this.#scheduled[slot] = this.debug
      ? { callback, args, sourceTraceback: creationStack() }
      : args.length === 0
        ? callback
        : { callback, args };
    if (slot >= this.#deadlines.length) this.#growDeadlines(slot);
    this.#deadlines[slot] = when;
  }

  /** Handle.cancel(): forgets the callback of `id` if it is still pending; stale ids are ignored. */
  cancelScheduled(id: number): void {
    if (this.#core.cancel(id) === STALE) return;
    const slot = id & SLOT_MASK;
    this.#scheduled[slot] = undefined;
    if (slot === this.#runningSlot) this.#runningCancelled = true;
  }

  /** The loop is closed: the table goes. */
  clear(): void {
    this.#scheduled = [];
    this.#deadlines = new Float64Array(0);
  }

  #growDeadlines(slot: number): void {
    let length = Math.max(this.#deadlines.length * 2, INITIAL_DEADLINES);
    while (length <= slot) length *= 2;
    const grown = new Float64Array(length);
    grown.set(this.#deadlines);
    this.#deadlines = grown;
  }

  /** The core's table shrank to `span` slots: so do the per-slot arrays, down to KEPT_SLOTS. */
  #shrinkSlots(span: number): void {
    let length = KEPT_SLOTS;
    while (length < span * 2) length *= 2;
    if (length < this.#deadlines.length) this.#deadlines = this.#deadlines.slice(0, length);
    if (this.#scheduled.length > length) this.#scheduled.length = length;
  }

  /** The handle the exception handler and slow-callback warnings describe, detached from the loop. */
  #handleFor(slot: number, entry: Scheduled, cancelled: boolean): Handle {
    const callback = typeof entry === "function" ? entry : entry.callback;
    const args = typeof entry === "function" ? NO_ARGS : entry.args;
    return detachedHandle(slot, this.#deadlines[slot], callback, args, cancelled);
  }

  // ---- The phase -------------------------------------------------------------

  /** IDLE -> RUNNING: a run starts, with a new slice. */
  begin(): void {
    this.#phase = RUNNING;
  }

  /** Any phase -> IDLE: the run is over. */
  end(): void {
    this.#phase = IDLE;
  }

  /** RUNNING -> WAITING. */
  park(): void {
    this.#phase = WAITING;
  }

  /** WAITING -> RUNNING, when the wait ended; false if it is no longer waited for. */
  unpark(): boolean {
    if (this.#phase !== WAITING) return false;
    this.#phase = RUNNING;
    return true;
  }

  /** WAITING -> YIELDED: host code woke the loop; the run goes on in a microtask. */
  wokenUp(): void {
    this.#phase = YIELDED;
    queueMicrotask(this.#resume);
  }

  /** RUNNING -> YIELDED: the slice is over; the run goes on after a host turn. */
  yieldTurn(): void {
    this.#phase = YIELDED;
    nextHostTurn(this.#resume);
  }

  #resume = (): void => {
    if (this.#phase !== YIELDED) return;
    this.#phase = RUNNING;
    this.#continueRun(true);
  };

  /** A new slice starts now. */
  startSlice(): void {
    this.#sliceEnd = hostMilliseconds() + SLICE_MS;
  }

  sliceOver(): boolean {
    return hostMilliseconds() >= this.#sliceEnd;
  }

  /** CALLING -> HOLDING (see BatchHold). */
  hold(): boolean {
    if (this.#phase !== CALLING && this.#phase !== HOLDING) return false;
    this.#phase = HOLDING;
    return true;
  }

  /** HOLDING -> CALLING (released before the batch noticed: it just goes on); HELD -> RUNNING. */
  release(): void {
    if (this.#phase === HOLDING) {
      this.#phase = CALLING;
      return;
    }
    if (this.#phase !== HELD) return;
    const entry = this.#heldEntry;
    if (entry !== null) {
      this.#heldEntry = null;
      const took = this.#timingNow() - this.#heldStarted;
      if (took >= this.slowCallbackDuration) this.#warnSlow(this.#heldSlot, entry, took);
    }
    this.#phase = RUNNING;
    // A chain of held steps continues in promise jobs: give the host its turn on
    // time (the clock is read every few releases, as the run does).
    if ((++this.#releases & RELEASES_PER_CLOCK_READ) === 0 && this.sliceOver()) this.yieldTurn();
    else this.#continueRun(false);
  }

  // ---- Running a batch ---------------------------------------------------------

  /** Whether a batch's rest waits (it was held, or paused for a host turn). */
  get midBatch(): boolean {
    return this.#batchEnd !== 0;
  }

  /** Runs the core's batch of `count` slots; false if a step held it or it paused for a host turn. */
  runBatch(count: number): boolean {
    this.#batchNext = 0;
    this.#batchEnd = count;
    return this.continueBatch();
  }

  /**
   * Runs the batch from #batchNext. Returns false when a callback held the
   * batch (the rest waits for release()) or when the slice ran out (the run
   * goes on with it after a host turn).
   */
  continueBatch(): boolean {
    const scheduled = this.#scheduled;
    const count = this.#batchEnd;
    let batch = this.#core.batch;
    let index = this.#batchNext;
    let nextCheck = index + SLICE_CHECK_EVERY;
    for (; index < count; index++) {
      if (index === nextCheck) {
        if (this.sliceOver()) {
          // A long batch gives the host its turn too. It stays one batch: a
          // stop meanwhile ends the run after its rest (rule 7), and what is
          // scheduled meanwhile waits for the next iteration (rule 14).
          this.#batchNext = index;
          this.yieldTurn();
          return false;
        }
        nextCheck = index + SLICE_CHECK_EVERY;
      }
      let slot = batch[index];
      if (slot === undefined) {
        // A callback grew the Wasm memory: the old view is detached.
        batch = this.#core.batch;
        slot = batch[index];
      }
      const entry = scheduled[slot];
      if (entry === undefined) continue; // cancelled after the batch was fixed
      scheduled[slot] = undefined;
      if (!this.#run(slot, entry)) {
        this.#batchNext = index + 1;
        return false;
      }
    }
    this.#endBatch();
    return true;
  }

  /**
   * Calls one callback, the only place where user callbacks are called:
   * RUNNING -> CALLING -> RUNNING, or HELD if its step held the batch (then
   * false: the rest of the batch waits).
   */
  #run(slot: number, entry: Scheduled): boolean {
    const debug = this.debug;
    const started = debug ? this.#timingNow() : 0;
    this.#phase = CALLING;
    this.#runningSlot = slot;
    this.#runningCancelled = false;
    try {
      if (typeof entry === "function") entry();
      else entry.callback(...entry.args);
    } catch (exception) {
      this.#reportCallbackError(slot, entry, exception);
    } finally {
      // The callback may have held the batch (TypeScript cannot see it change).
      this.#phase = (this.#phase as Phase) === HOLDING ? HELD : RUNNING;
      this.#runningSlot = -1;
    }
    if (this.#phase === HELD) {
      // The step goes on in promise jobs: it is timed when it ends.
      this.#heldSlot = slot;
      this.#heldEntry = debug ? entry : null;
      this.#heldStarted = started;
      return false;
    }
    if (debug) {
      const took = this.#timingNow() - started;
      if (took >= this.slowCallbackDuration) this.#warnSlow(slot, entry, took);
    }
    return true;
  }

  #endBatch(): void {
    this.#batchEnd = 0;
    // Its slots are free at once, not at the next iteration: a run that
    // stops here leaves the whole table available.
    const span = this.#core.finishBatch();
    if (span * 4 < this.#deadlines.length && this.#deadlines.length > KEPT_SLOTS) this.#shrinkSlots(span);
    const badTiming = this.#badTiming;
    if (badTiming !== null) {
      this.#badTiming = null;
      throw badTiming;
    }
  }

  /**
   * Debug mode's clock reading to time a callback. Throwing mid-batch would
   * split the batch: a bad reading is kept, and fails the run once the batch
   * is over; NaN makes no slow-callback warning.
   */
  #timingNow(): number {
    const now = this.#clock.now();
    if (typeof now === "number" && now - now === 0) return now;
    this.#badTiming ??= badReading(this.#clock, now, "Timing a callback in debug mode");
    return NaN;
  }

  /** A task's step is logged as the Task (asyncio's `_format_handle`), any other callback as its handle. */
  #warnSlow(slot: number, entry: Scheduled, took: number): void {
    const task = stepOwner(typeof entry === "function" ? entry : entry.callback);
    const what = task !== undefined ? ownRepr(task) : String(this.#handleFor(slot, entry, false));
    try {
      this.#logger.warn(`Executing ${what} took ${took.toFixed(3)} seconds`);
    } catch {
      // A broken logger must not cost the batch its remaining callbacks.
    }
  }

  #reportCallbackError(slot: number, entry: Scheduled, exception: unknown): void {
    const callback = typeof entry === "function" ? entry : entry.callback;
    const args = typeof entry === "function" ? NO_ARGS : entry.args;
    // formatCallback is total (format.ts): whatever the callback and its
    // arguments are, the handler gets the callback's own error.
    const context: ExceptionContext = {
      message: `Exception in callback ${formatCallback(callback, args)}`,
      exception,
      handle: this.#handleFor(slot, entry, this.#runningCancelled),
    };
    if (typeof entry !== "function" && entry.sourceTraceback !== undefined) {
      context.source_traceback = entry.sourceTraceback;
    }
    this.#owner.callExceptionHandler(context);
  }
}

/** Debug mode's record of where a handle was scheduled (asyncio's source_traceback). */
function creationStack(): string {
  const stack = new Error().stack ?? "";
  // Drop the "Error" line and the frames of wasmloop's own (creationStack, remember, #schedule*, the public method).
  return stack.split("\n").slice(5).join("\n");
}

/** Why the core refused a handle: its slot limit, or memory the host would not give. */
export function tooManyHandles(method: string, refusal: number): RangeError {
  if (refusal === NO_MEMORY) {
    return new RangeError(
      `${method}(): out of memory: the scheduling core could not grow its memory to hold another handle`,
    );
  }
  return new RangeError(`${method}(): the loop already holds ${MAX_SLOTS} pending handles, its limit`);
}
