/**
 * EventLoop: CPython asyncio's event loop (BaseEventLoop) on a scheduling core.
 *
 * The core (Wasm, or the pure-TS reference) orders handle ids; this file
 * keeps the callbacks, indexed by the core's slots, and runs them. One run
 * (`runForever`, `runUntilComplete`) is a series of iterations, each asking
 * the core for a batch and running it:
 *
 *   slice:   iterate back to back, as long as there is work and the time
 *            slice lasts: runOnce -> batch -> run it -> stop? -> again
 *   wait:    the core says "wait t": with the real clock, a host timer (or
 *            a wake-up from a callSoon/callLater/stop made by host code);
 *            with a VirtualClock, time jumps to the deadline at the next
 *            host turn, once every pending promise continuation has run
 *   yield:   after SLICE_MS of busy running, between batches or inside one,
 *            one host turn, so host I/O and promise continuations are never
 *            starved
 *
 * asyncio's rules hold per iteration: the batch is fixed before it runs, a
 * stop takes effect after the current batch, one stop is consumed by one run.
 * `#continueBatch` is the only place where user callbacks are called;
 * everything else just schedules them.
 */
import { type Clock, MonotonicClock, VirtualClock, badReading, readClock } from "./clock.js";
import { WasmCore } from "./core/binding.js";
import { coreModule } from "./core/module.js";
import { ReferenceCore } from "./core/reference.js";
import { MAX_SLOTS, MAX_WAIT, NO_MEMORY, SLOT_MASK, STALE, type SchedulingCore, WAIT } from "./core/types.js";
import {
  ALREADY_RUNNING,
  ANOTHER_LOOP_RUNNING,
  AWAITABLE_REQUIRED,
  CALLABLE_OR_NULL,
  CLOSE_RUNNING,
  DELAY_NOT_NULL,
  FOREIGN_FUTURE,
  LOOP_CLOSED,
  RuntimeError,
  STOPPED_BEFORE_DONE,
  WHEN_NOT_NULL,
  WOULD_WAIT_FOREVER,
} from "./errors.js";
import { describe, formatCallback, repr, toText } from "./format.js";
import { Future } from "./futures.js";
import { Handle, type HandleOwner, TimerHandle } from "./handles.js";
import type { Task, TaskOptions, TaskTarget } from "./tasks.js";
import {
  asyncioError,
  callName,
  expectedError,
  hasMethod,
  isCoroutineFunction,
  isGenerator,
  isInstanceOf,
  isTaskFunction,
  isThenable,
  readOption,
  type SecondsRange,
  validateBoolean,
  validateCallback,
  validateObject,
  validateSeconds,
} from "./validate.js";
import { type HostTimer, hostMilliseconds, nextHostTurn, startHostTimer, stopHostTimer } from "./waiter.js";

export interface Logger {
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

export interface EventLoopOptions {
  /** Where time comes from; default: the host's monotonic clock. */
  clock?: Clock;
  /** Seconds; a timer is due when `when < now + clockResolution`. Default 1e-9 (asyncio on Linux). */
  clockResolution?: number;
  /** asyncio's debug mode: slow callbacks are logged, coroutine functions refused. Default false. */
  debug?: boolean;
  /** Receives slow-callback warnings and the default exception handler's errors. Default: console. */
  logger?: Logger;
  /** Which scheduling core: the Wasm core (default) or the pure-TypeScript reference core. */
  core?: "wasm" | "reference";
}

/** asyncio's exception-handler context. */
export interface ExceptionContext {
  message?: string;
  exception?: unknown;
  handle?: Handle;
  future?: Future<unknown>;
  [key: string]: unknown;
}

export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => unknown;

type Callback = (...args: any[]) => unknown;
/** Busy running yields to the host at least this often (ms): short enough for I/O latency, long enough that a host turn (~1-2 us) costs under 0.1%. */
const SLICE_MS = 5;
/** Work units (callbacks + iterations) between two looks at the host clock. */
const SLICE_CHECK_EVERY = 64;
/** Released held batches between two looks at the host clock, minus one (a mask). */
const RELEASES_PER_CLOCK_READ = 7;
/** asyncio's default slow_callback_duration, seconds. */
const DEFAULT_SLOW_CALLBACK_DURATION = 0.1;
/** asyncio's clock resolution on Linux (time.get_clock_info('monotonic').resolution). */
const DEFAULT_CLOCK_RESOLUTION = 1e-9;
/** What callLater's delay and callAt's deadline accept (rules 19-21, J6): made once, not per call. */
const DELAY: SecondsRange = { accept: "any", nullMessage: DELAY_NOT_NULL };
const WHEN: SecondsRange = { accept: "any", nullMessage: WHEN_NOT_NULL };
/** Slots #deadlines has room for at first: the core's first capacity, so an idle loop costs little. */
const INITIAL_DEADLINES = 16;
/**
 * The per-slot arrays never shrink below this many slots (2 MB for both):
 * regrowing a JS array costs ~20-40 ns per entry, so a loop that handles
 * bursts of up to ~100,000 handles one after another keeps its arrays.
 */
const KEPT_SLOTS = 1 << 17;
/** Shared by every handle scheduled without arguments. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * What the loop keeps per pending handle: the bare callback when it takes no
 * arguments, else the callback with its arguments (and, in debug mode, where
 * it was scheduled). Never the Handle: a handle nobody keeps costs nothing
 * once callSoon returns, and a pending timer costs the JS heap one array
 * entry, not an object.
 */
type Scheduled =
  | Callback
  | { readonly callback: Callback; readonly args: readonly unknown[]; readonly sourceTraceback?: string };

/**
 * asyncio's running loop: the loop whose iteration is executing right now,
 * or whose async task's code runs in the current promise job (host/stepwindows.ts
 * brackets exactly those jobs with _enterRunningLoop/_leaveRunningLoop).
 */
let runningLoop: EventLoop | null = null;
/** Counts reads of the running loop: code that reads it is still running (host/stepwindows.ts). */
export let runningLoopReads = 0;

/** @internal The loop running the current callback or task code, or null. */
export function currentRunningLoop(): EventLoop | null {
  runningLoopReads++;
  return runningLoop;
}

/** @internal A promise job of a task's code begins: `loop` runs; returns what ran before, for _leaveRunningLoop. */
export function _enterRunningLoop(loop: EventLoop): EventLoop | null {
  const outer = runningLoop;
  runningLoop = loop;
  return outer;
}

/** @internal */
export function _leaveRunningLoop(outer: EventLoop | null): void {
  runningLoop = outer;
}

/** What createTask() accepts; host/tasks.ts defines and checks it. */
export type TaskFactory = (loop: EventLoop, coro: unknown, options: unknown) => Future<any>;
/** Set by host/tasks.ts, a floor above this file, when it is loaded. */
let taskFactory: TaskFactory | null = null;

/** @internal */
export function _setTaskFactory(factory: TaskFactory): void {
  taskFactory = factory;
}

export class EventLoop implements HandleOwner {
  readonly #core: SchedulingCore;
  readonly #clock: Clock;
  readonly #virtualClock: VirtualClock | null;
  readonly #resolution: number;
  readonly #logger: Logger;
  #debug: boolean;
  #slowCallbackDuration = DEFAULT_SLOW_CALLBACK_DURATION;
  #exceptionHandler: ExceptionHandler | null = null;

  /** Callbacks of pending handles by the core's slot; undefined once run or cancelled. */
  #scheduled: Array<Scheduled | undefined> = [];
  /** Deadlines of pending timers by slot (NaN for callSoon handles), to describe them; grows with the slots. */
  #deadlines = new Float64Array(INITIAL_DEADLINES);
  /** The slot whose callback is running, and whether its handle was cancelled meanwhile. */
  #runningSlot = -1;
  #runningCancelled = false;

  #closed = false;
  #running = false;
  #stopping = false;
  /** The run is parked on a host timer or waiting to be woken. */
  #waiting = false;
  #hostTimer: HostTimer | null = null;
  /** A resumption of the run is already queued with the host. */
  #resumeQueued = false;
  /** Under a VirtualClock, an idle loop gives the host one turn before it declares it would wait forever. */
  #idleTurnTaken = false;
  /** Promises given to the current runUntilComplete that have not settled: they can still wake the loop. */
  #externalWaits = 0;
  /** Counts waits and wake-ups, so a host callback of an outdated wait does nothing. */
  #waitTurn = 0;
  /** Debug mode timed a callback with a clock reading that was not a finite number: the run fails after the batch. */
  #badTiming: Error | null = null;
  #settleRun: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  /** @internal The Task whose step is running (asyncio's _current_tasks[loop]); kept by host/tasks.ts. */
  _currentTask: object | null = null;
  /**
   * An async-function step holds the batch until its code suspends again
   * (see host/tasks.ts): the batch pauses after that callback, its rest
   * (#batchNext up to #batchEnd) waits, and _releaseBatch() goes on with it.
   */
  #held = false;
  /** The batch returned early because of a hold. */
  #paused = false;
  /** Debug mode: the held callback and when it started, to time it once it ends. */
  #heldSlot = -1;
  #heldEntry: Scheduled | null = null;
  #heldStarted = 0;
  /** A callback of #continueBatch is on the stack (only then can a step hold the batch). */
  #inCallback = false;
  #batchNext = 0;
  #batchEnd = 0;
  /** Host time (ms) at which the current slice yields to the host; a resumed held batch keeps it. */
  #sliceEnd = 0;
  #releases = 0;

  constructor(options: EventLoopOptions = {}) {
    const { clock, clockResolution, debug, logger, core } = readLoopOptions(options, "EventLoop");
    this.#core = core === "wasm" ? new WasmCore(coreModule()) : new ReferenceCore();
    this.#clock = clock;
    this.#virtualClock = isInstanceOf(clock, VirtualClock) ? clock : null;
    this.#resolution = clockResolution;
    this.#debug = debug;
    this.#logger = logger;
  }

  // ---- Scheduling -------------------------------------------------------

  /** Runs `callback(...args)` in the next iteration, after everything already scheduled. */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  callSoon(callback: Callback): Handle {
    // `arguments` rather than a rest parameter: without extra arguments V8
    // then allocates no array at all (the allocation-free path).
    let args: readonly unknown[] = NO_ARGS;
    if (arguments.length > 1) {
      const rest = new Array<unknown>(arguments.length - 1);
      for (let index = 1; index < arguments.length; index++) rest[index - 1] = arguments[index];
      args = rest;
    }
    return this.#scheduleSoon("callSoon", callback, args);
  }

  /** callSoon for callers outside the loop's own callbacks; wakes a waiting loop. */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  callSoonThreadsafe(callback: Callback): Handle {
    const args = arguments.length > 1 ? argumentsAfter(arguments, 1) : NO_ARGS;
    return this.#scheduleSoon("callSoonThreadsafe", callback, args);
  }

  /** Runs `callback(...args)` after `delay` **seconds** (not ms); 0 or negative: next iteration. */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    validateSeconds(delay, "callLater", "delay", DELAY);
    this.#checkClosed();
    this.#checkCallback(callback, "callLater");
    return this.#scheduleAt("callLater", readClock(this.#clock, "callLater()") + delay, callback, args);
  }

  /** Runs `callback(...args)` at `when`, absolute **seconds** on loop.time(). */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    validateSeconds(when, "callAt", "when", WHEN);
    this.#checkClosed();
    this.#checkCallback(callback, "callAt");
    return this.#scheduleAt("callAt", when, callback, args);
  }

  /** The loop's time in seconds (its clock's now()). */
  time(): number {
    return readClock(this.#clock, "time()");
  }

  createFuture<T = unknown>(): Future<T> {
    return new Future<T>(this);
  }

  /**
   * Wraps a coroutine in a Task whose first step runs in the next iteration:
   * a generator object, or an async function (or generator function)
   * called with no arguments in that first step. See host/tasks.ts for how
   * both kinds are stepped.
   */
  createTask<T>(coro: TaskTarget<T>, options?: TaskOptions): Task<T> {
    this.#checkClosed();
    if (taskFactory === null) throw new RuntimeError("createTask(): wasmloop's tasks module is not loaded");
    return taskFactory(this, coro, options) as Task<T>;
  }

  #scheduleSoon(method: string, callback: Callback, args: readonly unknown[]): Handle {
    this.#checkClosed();
    this.#checkCallback(callback, method);
    const id = this.#core.soon();
    if (id < 0) throw tooManyHandles(method, id);
    this.#remember(id, callback, args, NaN);
    return new Handle(this, id, callback, args);
  }

  #scheduleAt(method: string, when: number, callback: Callback, args: unknown[]): TimerHandle {
    const id = this.#core.at(when);
    if (id < 0) throw tooManyHandles(method, id);
    const kept = args.length === 0 ? NO_ARGS : args;
    this.#remember(id, callback, kept, when);
    return new TimerHandle(this, id, when, callback, kept);
  }

  #remember(id: number, callback: Callback, args: readonly unknown[], when: number): void {
    const slot = id & SLOT_MASK;
    this.#scheduled[slot] = this.#debug
      ? { callback, args, sourceTraceback: creationStack() }
      : args.length === 0
        ? callback
        : { callback, args };
    if (slot >= this.#deadlines.length) this.#growDeadlines(slot);
    this.#deadlines[slot] = when;
    if (this.#waiting) this.#wake();
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

  /**
   * The handle the exception handler and slow-callback warnings describe: a
   * Handle (TimerHandle for a timer) for the same callback, arguments and
   * deadline, cancelled if its callback cancelled it, detached from the loop.
   */
  #handleFor(slot: number, entry: Scheduled, cancelled: boolean): Handle {
    const callback = typeof entry === "function" ? entry : entry.callback;
    const args = typeof entry === "function" ? NO_ARGS : entry.args;
    const when = this.#deadlines[slot];
    const handle = when === when ? new TimerHandle(null, slot, when, callback, args) : new Handle(null, slot, callback, args);
    if (cancelled) handle._cancelled = true;
    return handle;
  }

  /** @internal Called by Handle.cancel(). */
  _cancelScheduled(id: number): void {
    if (this.#core.cancel(id) === STALE) return;
    const slot = id & SLOT_MASK;
    this.#scheduled[slot] = undefined;
    if (slot === this.#runningSlot) this.#runningCancelled = true;
  }

  // ---- Running and stopping ----------------------------------------------

  /**
   * Runs until stop() is called. The returned promise settles when the run
   * ends; errors about the loop's state (closed, already running, another
   * loop running) are thrown at once, not through the promise.
   */
  runForever(): Promise<void> {
    this.#checkClosed();
    this.#checkRunning();
    return this.#startRun();
  }

  /**
   * Runs until `awaitable` (a Future of this loop, a coroutine, which becomes
   * a Task, or any promise/thenable) is done, and resolves with its result
   * (or rejects with its exception).
   */
  runUntilComplete<T>(awaitable: Future<T> | TaskTarget<T> | PromiseLike<T>): Promise<T> {
    this.#checkClosed();
    this.#checkRunning();
    const { future, release } = this.#futureFor(awaitable);
    const stopWhenDone = () => this.stop();
    future.addDoneCallback(stopWhenDone);
    return this.#startRun().then(
      () => {
        release();
        future.removeDoneCallback(stopWhenDone);
        if (!future.done()) throw new RuntimeError(STOPPED_BEFORE_DONE);
        return future.result();
      },
      (error: unknown) => {
        release();
        future.removeDoneCallback(stopWhenDone);
        throw error;
      },
    );
  }

  /** Ends the run after the current batch; before a run, the next run does one iteration. Never throws. */
  stop(): void {
    this.#stopping = true;
    if (this.#waiting) this.#wake();
  }

  isRunning(): boolean {
    return this.#running;
  }

  isClosed(): boolean {
    return this.#closed;
  }

  /** Drops everything still scheduled (nothing is cancelled: it just never runs). Idempotent. */
  close(): void {
    if (this.#running) throw new RuntimeError(CLOSE_RUNNING);
    if (this.#closed) return;
    this.#closed = true;
    // Everything goes: the core's memory (and its Wasm instance, once no
    // other loop's core is there) and the per-slot arrays.
    this.#core.dispose();
    this.#scheduled = [];
    this.#deadlines = new Float64Array(0);
  }

  /**
   * The Future a run waits for, and a function that stops counting a wrapped
   * promise as something that can wake the loop (once the run is over, it no
   * longer can: its future has nobody listening).
   */
  #futureFor<T>(awaitable: Future<T> | TaskTarget<T> | PromiseLike<T>): { future: Future<T>; release: () => void } {
    if (isInstanceOf<Future<T>>(awaitable, Future)) {
      if (awaitable.getLoop() !== this) throw new RangeError(FOREIGN_FUTURE);
      return { future: awaitable, release: doNothing };
    }
    // A generator is checked first: toolkit coroutines are thenables too.
    if (isGenerator(awaitable) || isTaskFunction(awaitable)) {
      return { future: this.createTask(awaitable as TaskTarget<T>), release: doNothing };
    }
    if (!isThenable(awaitable)) {
      throw asyncioError(TypeError, "runUntilComplete", `${AWAITABLE_REQUIRED}, got ${describe(awaitable)}`);
    }
    const future = new Future<T>(this);
    let counted = true;
    this.#externalWaits++;
    const release = () => {
      if (!counted) return;
      counted = false;
      this.#externalWaits--;
    };
    const settle = (complete: () => void) => {
      release();
      // A loop closed meanwhile has nobody left to tell.
      if (future.done() || this.#closed) return;
      try {
        complete();
      } catch (exception) {
        // A promise job: what it threw would reach the host as an unhandled rejection.
        const context = { message: "Exception in a promise job of a future", exception, future: future as Future<unknown> };
        this.callExceptionHandler(context);
      }
    };
    Promise.resolve(awaitable).then(
      (value) => settle(() => future.setResult(value)),
      (error: unknown) => settle(() => future.setException(error)),
    );
    return { future, release };
  }

  /**
   * @internal ensureFuture() of a promise: a Future of this loop that the
   * promise settles; until it does, it counts as something that can wake the loop.
   */
  _futureOf<T>(thenable: PromiseLike<T>): Future<T> {
    return this.#futureFor(thenable).future;
  }

  /**
   * @internal Called by the step of an async-function task that has resumed
   * its code: the batch pauses after the current callback until
   * _releaseBatch(). Returns false (and holds nothing) outside a batch callback.
   */
  _holdBatch(): boolean {
    if (!this.#inCallback) return false;
    this.#held = true;
    return true;
  }

  /** @internal The held step's code has suspended: the rest of the batch runs. */
  _releaseBatch(): void {
    if (!this.#held) return;
    this.#held = false;
    if (!this.#paused) return; // released before the batch noticed: it just goes on
    const entry = this.#heldEntry;
    if (entry !== null) {
      this.#heldEntry = null;
      const took = this.#timingNow() - this.#heldStarted;
      if (took >= this.#slowCallbackDuration) this.#warnSlow(this.#handleFor(this.#heldSlot, entry, false), took);
    }
    this.#paused = false;
    // A chain of held steps continues in promise jobs: give the host its turn on
    // time (the clock is read every few releases, as #iterate does).
    if ((++this.#releases & RELEASES_PER_CLOCK_READ) === 0 && hostMilliseconds() >= this.#sliceEnd) {
      this.#resumeQueued = true;
      nextHostTurn(this.#resume);
    } else {
      this.#runSlice(false);
    }
  }

  #startRun(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#settleRun = { resolve, reject };
      this.#running = true;
      this.#runSlice();
    });
  }

  #resume = (): void => {
    this.#resumeQueued = false;
    if (this.#running && !this.#waiting) this.#runSlice();
  };

  #onHostTimer = (): void => {
    this.#hostTimer = null;
    this.#waiting = false;
    this.#runSlice();
  };

  /** Called when something from outside the loop needs it awake. */
  #wake(): void {
    this.#waiting = false;
    this.#waitTurn++;
    if (this.#hostTimer !== null) {
      stopHostTimer(this.#hostTimer);
      this.#hostTimer = null;
    }
    if (!this.#resumeQueued) {
      this.#resumeQueued = true;
      queueMicrotask(this.#resume);
    }
  }

  /** `newSlice` is false when a released batch goes on within the current slice. */
  #runSlice(newSlice = true): void {
    if (newSlice) this.#sliceEnd = hostMilliseconds() + SLICE_MS;
    // Not null when a held batch is released from a promise job of a task's code.
    const outer = runningLoop;
    runningLoop = this;
    let failure: unknown;
    let failed = false;
    try {
      this.#iterate();
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      // A held step's code goes on in promise jobs, which see this loop only
      // if they are that code's (host/stepwindows.ts); none sees a loop whose run ended.
      runningLoop = outer === this && !this.#running ? null : outer;
    }
    if (failed) this.#endRun(true, failure);
  }

  /** Iterations back to back until the loop stops, waits in the host, yields or is held. */
  #iterate(): void {
    const core = this.#core;
    const clock = this.#clock;
    const resolution = this.#resolution;
    const sliceEnd = this.#sliceEnd;
    let work = 0;
    let nextCheck = SLICE_CHECK_EVERY;
    if (this.#batchEnd !== 0) {
      // The rest of a batch that a step held, or that paused for a host turn.
      if (this.#held || !this.#continueBatch()) return;
      if (this.#stopping) {
        this.#endRun();
        return;
      }
    }
    for (;;) {
      // Only timers need the time, and a clock read costs ~47 ns (more than
      // a callback): with no timer pending, skip it.
      const now = core.heapLength > 0 ? readClock(clock, "The run") : 0;
      const count = core.runOnce(now, resolution, this.#stopping);
      if (count === WAIT) {
        this.#wait();
        return;
      }
      if (count > 0) {
        this.#idleTurnTaken = false;
        if (!this.#runBatch(count)) return;
      }
      if (this.#stopping) {
        this.#endRun();
        return;
      }
      work += count + 1;
      if (work >= nextCheck) {
        if (hostMilliseconds() >= sliceEnd) {
          this.#resumeQueued = true;
          nextHostTurn(this.#resume);
          return;
        }
        nextCheck = work + SLICE_CHECK_EVERY;
      }
    }
  }

  /**
   * The wait the core asked for. The slice ends here and the host resumes the
   * run: with the real clock, from a host timer (or a wake-up). With a
   * VirtualClock, time jumps to the deadline at the next host turn: by then
   * every promise continuation started so far has run, however many hops
   * its chain takes, as it would have while the real clock waited (no
   * number of microtask hops can know that). The turn costs 1-2 us per
   * jump on Node. The jump goes to the deadline at once, however
   * far: asyncio's one-day cap (MAX_WAIT) is for host timers, and steps of a
   * day would take forever to reach 1e300 (past ~1e20 s they add nothing).
   */
  #wait(): void {
    const core = this.#core;
    const virtual = this.#virtualClock;
    const turn = ++this.#waitTurn;
    this.#waiting = true;
    if (virtual === null) {
      const timeout = core.timeout;
      this.#hostTimer = startHostTimer(timeout === Infinity ? MAX_WAIT : timeout, this.#onHostTimer);
      return;
    }
    const deadline = core.nextDeadline;
    if (deadline === Infinity) {
      // Nothing scheduled: only the host can still wake the loop. Give it a
      // turn (a continuation may schedule work); if nothing can come, say so
      // rather than hang a deterministic test.
      if (this.#externalWaits === 0 && this.#idleTurnTaken) throw new RuntimeError(WOULD_WAIT_FOREVER);
      this.#idleTurnTaken = true;
      if (this.#externalWaits === 0) nextHostTurn(() => turn === this.#waitTurn && this.#wake());
      return;
    }
    nextHostTurn(() => {
      if (turn !== this.#waitTurn) return; // woken meanwhile: that wake resumes the run
      this.#waiting = false;
      this.#idleTurnTaken = false;
      try {
        // Host code may have advanced the clock past the deadline meanwhile: time never goes back.
        if (deadline > virtual.now()) virtual.advanceTo(deadline);
      } catch (error) {
        this.#endRun(true, error); // a subclass's advanceTo that throws fails the run, never leaves it parked
        return;
      }
      this.#runSlice();
    });
  }

  #endRun(failed = false, failure?: unknown): void {
    const settle = this.#settleRun;
    this.#settleRun = null;
    this.#running = false;
    this.#stopping = false;
    this.#waiting = false;
    this.#idleTurnTaken = false;
    if (this.#hostTimer !== null) {
      stopHostTimer(this.#hostTimer);
      this.#hostTimer = null;
    }
    if (failed) settle?.reject(failure);
    else settle?.resolve();
  }

  /** Runs one batch; false if a step held it (see _holdBatch) or it paused for a host turn. */
  #runBatch(count: number): boolean {
    this.#batchNext = 0;
    this.#batchEnd = count;
    return this.#continueBatch();
  }

  /**
   * Runs the batch from #batchNext: the only place where user callbacks are
   * called. Returns false when a callback held the batch (the rest waits
   * for _releaseBatch()) or when the slice ran out (#resume goes on with it
   * after a host turn).
   */
  #continueBatch(): boolean {
    const scheduled = this.#scheduled;
    const count = this.#batchEnd;
    let batch = this.#core.batch;
    let index = this.#batchNext;
    let nextCheck = index + SLICE_CHECK_EVERY;
    for (; index < count; index++) {
      if (index === nextCheck) {
        if (hostMilliseconds() >= this.#sliceEnd) {
          // A long batch gives the host its turn too. It stays one batch: a
          // stop meanwhile ends the run after its rest (rule 7), and what is
          // scheduled meanwhile waits for the next iteration (rule 14).
          this.#batchNext = index;
          this.#resumeQueued = true;
          nextHostTurn(this.#resume);
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
      // Read per handle, as asyncio does: a callback may switch debug mode.
      const debug = this.#debug;
      const started = debug ? this.#timingNow() : 0;
      this.#inCallback = true;
      this.#runningSlot = slot;
      this.#runningCancelled = false;
      try {
        if (typeof entry === "function") entry();
        else entry.callback(...entry.args);
      } catch (exception) {
        this.#reportCallbackError(slot, entry, exception);
      } finally {
        this.#inCallback = false;
        this.#runningSlot = -1;
      }
      if (this.#held) {
        this.#batchNext = index + 1;
        this.#paused = true;
        // The step goes on in promise jobs: it is timed when it ends.
        this.#heldSlot = slot;
        this.#heldEntry = debug ? entry : null;
        this.#heldStarted = started;
        return false;
      }
      if (debug) {
        const took = this.#timingNow() - started;
        if (took >= this.#slowCallbackDuration) this.#warnSlow(this.#handleFor(slot, entry, false), took);
      }
    }
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
    return true;
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

  #warnSlow(handle: Handle, took: number): void {
    try {
      this.#logger.warn(`Executing ${handle} took ${took.toFixed(3)} seconds`);
    } catch {
      // A broken logger must not cost the batch its remaining callbacks.
    }
  }

  #reportCallbackError(slot: number, entry: Scheduled, exception: unknown): void {
    const handle = this.#handleFor(slot, entry, this.#runningCancelled);
    // formatCallback is total (format.ts): whatever the callback and its
    // arguments are, the handler gets the callback's own error.
    const context: ExceptionContext = {
      message: `Exception in callback ${formatCallback(handle._callback!, handle._args!)}`,
      exception,
      handle,
    };
    if (typeof entry !== "function" && entry.sourceTraceback !== undefined) {
      context.source_traceback = entry.sourceTraceback;
    }
    this.callExceptionHandler(context);
  }

  // ---- Errors --------------------------------------------------------------

  /** Sets the handler called as `handler(loop, context)`; null restores the default. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && handler !== undefined && typeof handler !== "function") {
      throw asyncioError(TypeError, "setExceptionHandler", `${CALLABLE_OR_NULL}, got ${describe(handler)}`);
    }
    this.#exceptionHandler = handler ?? null;
  }

  getExceptionHandler(): ExceptionHandler | null {
    return this.#exceptionHandler;
  }

  /**
   * Logs `context` with logger.error: the message, then `key: value` lines
   * for the other keys (sorted), with the exception as second argument.
   * Whatever the context holds (getters or Proxy traps that throw, values
   * that cannot be printed), it is logged: only a throwing logger throws.
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    validateObject(context, "defaultExceptionHandler", null, "a context object");
    const message = readOrFail(context, "message");
    const lines = [message.value ? toText(message.value) : "Unhandled exception in event loop"];
    let keys: string[] = [];
    try {
      keys = Object.keys(context).sort();
    } catch {
      lines.push("(the other keys of the context could not be read)");
    }
    for (const key of keys) {
      if (key === "message" || key === "exception") continue;
      const read = readOrFail(context, key);
      lines.push(`${key}: ${read.failed ? "<could not be read>" : repr(read.value)}`);
    }
    let hasException = false;
    try {
      hasException = "exception" in context;
    } catch {
      // A Proxy's has trap threw: the context has no exception to hand on.
    }
    const exception = hasException ? readOrFail(context, "exception") : null;
    if (exception !== null && !exception.failed) this.#logger.error(lines.join("\n"), exception.value);
    else this.#logger.error(lines.join("\n"));
  }

  /** Hands `context` to the exception handler; never throws. */
  callExceptionHandler(context: ExceptionContext): void {
    validateObject(context, "callExceptionHandler", null, "a context object");
    const handler = this.#exceptionHandler;
    if (handler === null) {
      this.#runDefaultHandler(context);
      return;
    }
    try {
      handler(this, context);
    } catch (exception) {
      this.#runDefaultHandler({ message: "Unhandled error in exception handler", exception, context });
    }
  }

  #runDefaultHandler(context: ExceptionContext): void {
    try {
      this.defaultExceptionHandler(context);
    } catch (exception) {
      try {
        this.#logger.error("Exception in default exception handler", exception);
      } catch {
        // A logger that throws has nowhere left to report to.
      }
    }
  }

  // ---- Debug mode ----------------------------------------------------------

  getDebug(): boolean {
    return this.#debug;
  }

  setDebug(enabled: boolean): void {
    validateBoolean(enabled, "setDebug", null);
    this.#debug = enabled;
  }

  /** In debug mode, callbacks taking at least this many **seconds** are logged. Default 0.1. */
  get slowCallbackDuration(): number {
    return this.#slowCallbackDuration;
  }

  set slowCallbackDuration(seconds: number) {
    validateSeconds(seconds, "EventLoop.slowCallbackDuration", null, { accept: ">= 0" });
    this.#slowCallbackDuration = seconds;
  }

  // ---- Guards --------------------------------------------------------------

  #checkClosed(): void {
    if (this.#closed) throw new RuntimeError(LOOP_CLOSED);
  }

  #checkRunning(): void {
    if (this.#running) throw new RuntimeError(ALREADY_RUNNING);
    if (runningLoop !== null) throw new RuntimeError(ANOTHER_LOOP_RUNNING);
  }

  #checkCallback(callback: unknown, method: string): void {
    validateCallback(callback, method);
    if (this.#debug && isCoroutineFunction(callback)) {
      throw new TypeError(`coroutines cannot be used with ${method}()`);
    }
  }

  toString(): string {
    const state = this.#closed ? "closed" : this.#running ? "running" : "idle";
    return `<EventLoop ${state} debug=${this.#debug}>`;
  }
}

/**
 * @internal The EventLoop options, each read once (a getter or Proxy trap
 * that throws is a refusal too) and checked; `method` names the caller
 * (`EventLoop`, or `run`, which makes the loop).
 */
export function readLoopOptions(options: unknown, method: string): Required<Omit<EventLoopOptions, "core">> & { core: "wasm" | "reference" } {
  if (options === undefined) options = {};
  validateObject(options, method, "options", "an options object");
  // As destructuring defaults do: only a missing (undefined) option takes its default.
  const read = (key: keyof EventLoopOptions, fallback: unknown) => {
    const value = readOption(options as object, key, method);
    return value === undefined ? fallback : value;
  };
  const given = read("clock", undefined);
  const clock = given === undefined ? new MonotonicClock() : given;
  if (typeof clock !== "object" || !hasMethod(clock, "now")) {
    throw new TypeError(`${callName(method)} expected clock to have a now() method, got ${describe(clock)}`);
  }
  const clockResolution = read("clockResolution", DEFAULT_CLOCK_RESOLUTION);
  // A zero resolution would let a timer due exactly now spin the loop forever.
  validateSeconds(clockResolution, method, "clockResolution", { accept: "> 0 and finite" });
  const debug = read("debug", false);
  validateBoolean(debug, method, "debug");
  const logger = read("logger", console);
  if (typeof logger !== "object" || !hasMethod(logger, "warn") || !hasMethod(logger, "error")) {
    throw new TypeError(`${callName(method)} expected logger to have warn() and error() methods, got ${describe(logger)}`);
  }
  const core = read("core", "wasm");
  if (core !== "wasm" && core !== "reference") {
    throw expectedError(TypeError, method, "core", '"wasm" or "reference"', core);
  }
  return { clock: clock as Clock, clockResolution, debug, logger: logger as Logger, core };
}

/** `object[key]`, or `failed` when a getter or Proxy trap throws. */
function readOrFail(object: object, key: string): { value: unknown; failed: boolean } {
  try {
    return { value: (object as Record<string, unknown>)[key], failed: false };
  } catch {
    return { value: undefined, failed: true };
  }
}

/** Why the core refused a handle: its slot limit, or memory the host would not give. */
function tooManyHandles(method: string, refusal: number): RangeError {
  if (refusal === NO_MEMORY) {
    return new RangeError(`${method}(): out of memory: the scheduling core could not grow its memory to hold another handle`);
  }
  return new RangeError(`${method}(): the loop already holds ${MAX_SLOTS} pending handles, its limit`);
}

function doNothing(): void {}

function argumentsAfter(args: IArguments, start: number): unknown[] {
  const rest = new Array<unknown>(args.length - start);
  for (let index = start; index < args.length; index++) rest[index - start] = args[index];
  return rest;
}

/** Debug mode's record of where a handle was scheduled (asyncio's source_traceback). */
function creationStack(): string {
  const stack = new Error().stack ?? "";
  // Drop the "Error" line and the loop's own frames (creationStack, #entryFor, #schedule*, the public method).
  return stack.split("\n").slice(5).join("\n");
}
