/**
 * EventLoop: CPython asyncio's event loop (BaseEventLoop) on a scheduling core.
 *
 * The loop is three rooms and this file joins them:
 *
 *   core      (host/core/)       orders handle ids: the ready queue, the
 *                                timer heap, which batch runs next and how
 *                                long the loop may wait
 *   dispatch  (host/dispatch.ts) the callbacks by the core's slots, the one
 *                                function that calls them, the run's phase
 *   waiter    (host/waiter.ts)   how the run waits: a host timer, or a jump
 *                                of virtual time; chosen from the clock
 *
 * A run (`runForever`, `runUntilComplete`) is asyncio's run_forever: slices
 * of iterations (#runSlice), each iteration its _run_once (#iterate):
 *
 *   1. ask the core for the batch (it drops cancelled timers, moves the due
 *      ones behind the ready handles), or how long to wait;
 *   2. wait: hand the timeout to the waiter and return to the host; the
 *      waiter (or a wake-up from host code) resumes the run;
 *   3. run the batch (dispatch); a step of an async task may hold it, a
 *      long one may pause for a host turn: the run resumes from there;
 *   4. a stop takes effect after the batch; the slice ends after SLICE_MS.
 *
 * asyncio's rules hold per iteration: the batch is fixed before it runs, a
 * stop takes effect after the current batch, one stop is consumed by one run.
 * The loop knows tasks only through the task factory (host/running.ts).
 */
import { type Clock, readClock, VirtualClock } from "./clock.js";
import { WasmCore } from "./core/binding.js";
import { coreModule } from "./core/module.js";
import { ReferenceCore } from "./core/reference.js";
import { type SchedulingCore, WAIT } from "./core/types.js";
import type { TaskOf, TaskOptions, TaskTarget } from "./coroutines.js";
import { type Callback, Dispatch, IDLE, SLICE_CHECK_EVERY, tooManyHandles, WAITING } from "./dispatch.js";
import {
  ALREADY_RUNNING,
  ANOTHER_LOOP_RUNNING,
  CALLABLE_OR_NULL,
  CLOSE_RUNNING,
  DELAY_NOT_NULL,
  LOOP_CLOSED,
  RuntimeError,
  STOPPED_BEFORE_DONE,
  WHEN_NOT_NULL,
} from "./errors.js";
import { type ExceptionContext, handOver, type Logger, logContext } from "./exceptions.js";
import { describe } from "./format.js";
import { Future } from "./futures.js";
import { Handle, TimerHandle } from "./handles.js";
import { type EventLoopOptions, readLoopOptions } from "./options.js";
import { futureToRunUntil, pendingPromises, runResult } from "./promises.js";
import {
  anyLoopRunning,
  enterRunningLoop,
  leaveRunningLoop,
  loopTaskFactory,
  makeTask,
  registerLoop,
  setLoopTaskFactory,
} from "./running.js";
import {
  asyncioError,
  isCoroutineFunction,
  isInstanceOf,
  type SecondsRange,
  validateBoolean,
  validateCallback,
  validateObject,
  validateSeconds,
} from "./validate.js";
import { type Completion, RealTimeWaiter, VirtualTimeWaiter, type Waiter, type WaitOwner } from "./waiter.js";

export type { EventLoopOptions } from "./options.js";
/** What loop.setTaskFactory() takes: makes the Future (a Task, usually) that createTask() gives. */
export type TaskFactory = (loop: EventLoop, coro: TaskTarget<any>) => Future<any>;
export type { ExceptionContext, Logger } from "./exceptions.js";
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => unknown;

/** What callLater's delay and callAt's deadline accept (rules 19-21, J6): made once, not per call. */
const DELAY: SecondsRange = { accept: "any", nullMessage: DELAY_NOT_NULL };
const WHEN: SecondsRange = { accept: "any", nullMessage: WHEN_NOT_NULL };
/** Shared by every handle scheduled without arguments. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

export class EventLoop {
  readonly #core: SchedulingCore;
  readonly #clock: Clock;
  readonly #resolution: number;
  readonly #logger: Logger;
  readonly #dispatch: Dispatch;
  readonly #waiter: Waiter;
  #exceptionHandler: ExceptionHandler | null = null;
  #closed = false;
  /** asyncio's _stopping: a request, read between batches, in any phase (even before a run). */
  #stopping = false;
  /** Batches run so far: an idle virtual wait tells a second idle wait in a row by it. */
  #batches = 0;
  #settleRun: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  constructor(options: EventLoopOptions = {}) {
    const { clock, clockResolution, debug, logger, core } = readLoopOptions(options, "EventLoop");
    this.#core = core === "wasm" ? new WasmCore(coreModule()) : new ReferenceCore();
    this.#clock = clock;
    this.#resolution = clockResolution;
    this.#logger = logger;
    this.#dispatch = new Dispatch(this.#core, clock, logger, debug, this, (newSlice) => this.#runSlice(newSlice));
    registerLoop(this, this.#dispatch);
    const owner = this.#waitOwner();
    this.#waiter = isInstanceOf(clock, VirtualClock) ? new VirtualTimeWaiter(owner, clock) : new RealTimeWaiter(owner);
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
   * called with no arguments in that first step; or a promise, or a plain
   * function returning a coroutine or a promise (J16). See host/tasks.ts and host/asyncstep.ts for how
   * both kinds are stepped.
   */
  createTask<T>(coro: TaskTarget<T> | PromiseLike<T>, options?: TaskOptions): TaskOf<T> {
    this.#checkClosed();
    return makeTask(this, coro, options) as unknown as TaskOf<T>;
  }

  /** asyncio's set_task_factory: createTask() calls `factory(loop, coro)`, then setName() if a name was given; null: the default. */
  setTaskFactory(factory: TaskFactory | null): void {
    setLoopTaskFactory(this, factory);
  }

  getTaskFactory(): TaskFactory | null {
    return loopTaskFactory(this) as TaskFactory | null;
  }

  #scheduleSoon(method: string, callback: Callback, args: readonly unknown[]): Handle {
    this.#checkClosed();
    this.#checkCallback(callback, method);
    const id = this.#core.soon();
    if (id < 0) throw tooManyHandles(method, id);
    const dispatch = this.#dispatch;
    dispatch.remember(id, callback, args, NaN);
    if (dispatch.phase === WAITING) this.#wake();
    return new Handle(dispatch, id, callback, args);
  }

  #scheduleAt(method: string, when: number, callback: Callback, args: unknown[]): TimerHandle {
    const id = this.#core.at(when);
    if (id < 0) throw tooManyHandles(method, id);
    const kept = args.length === 0 ? NO_ARGS : args;
    const dispatch = this.#dispatch;
    dispatch.remember(id, callback, kept, when);
    if (dispatch.phase === WAITING) this.#wake();
    return new TimerHandle(dispatch, id, when, callback, kept);
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
   * (or rejects with its exception). A result that is a Future gives that
   * Future's outcome if it is done, and is refused if it is pending (J15).
   */
  runUntilComplete<T>(awaitable: Future<T> | TaskTarget<T> | PromiseLike<T>): Promise<T> {
    this.#checkClosed();
    this.#checkRunning();
    const { future, release } = futureToRunUntil(this, awaitable);
    const stopWhenDone = () => this.stop();
    future.addDoneCallback(stopWhenDone);
    const over = () => {
      release();
      future.removeDoneCallback(stopWhenDone);
    };
    return this.#startRun().then(
      () => {
        over();
        if (!future.done()) throw new RuntimeError(STOPPED_BEFORE_DONE);
        return runResult(future);
      },
      (error: unknown) => {
        over();
        throw error;
      },
    );
  }

  /** Ends the run after the current batch; before a run, the next run does one iteration. Never throws. */
  stop(): void {
    this.#stopping = true;
    if (this.#dispatch.phase === WAITING) this.#wake();
  }

  isRunning(): boolean {
    return this.#dispatch.phase !== IDLE;
  }

  isClosed(): boolean {
    return this.#closed;
  }

  /** Drops everything still scheduled (nothing is cancelled: it just never runs). Idempotent. */
  close(): void {
    if (this.isRunning()) throw new RuntimeError(CLOSE_RUNNING);
    if (this.#closed) return;
    this.#closed = true;
    // Everything goes: the core's memory (and its Wasm instance, once no
    // other loop's core is there) and the callback table.
    this.#core.dispose();
    this.#dispatch.clear();
  }

  // ---- The run -------------------------------------------------------------

  #startRun(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#settleRun = { resolve, reject };
      this.#dispatch.begin();
      this.#runSlice(true);
    });
  }

  /** A slice of the run: this loop is the running loop while it iterates. */
  #runSlice(newSlice: boolean): void {
    if (newSlice) this.#dispatch.startSlice();
    // Not null when a held batch is released from a promise job of a task's code.
    const outer = enterRunningLoop(this);
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
      leaveRunningLoop(outer === this && !this.isRunning() ? null : outer);
    }
    if (failed) this.#endRun(true, failure);
  }

  /** asyncio's _run_once, back to back until the run stops, waits, yields or is held. */
  #iterate(): void {
    const core = this.#core;
    const dispatch = this.#dispatch;
    if (dispatch.midBatch) {
      // The rest of a batch that a step held, or that paused for a host turn.
      if (!dispatch.continueBatch()) return;
      if (this.#stopping) return this.#endRun();
    }
    let work = 0;
    let nextCheck = SLICE_CHECK_EVERY;
    for (;;) {
      // Only timers need the time, and a clock read costs ~47 ns (more than
      // a callback): with no timer pending, skip it.
      const now = core.heapLength > 0 ? readClock(this.#clock, "The run") : 0;
      const count = core.runOnce(now, this.#resolution, this.#stopping);
      if (count === WAIT) return this.#wait();
      if (count > 0) {
        this.#batches++;
        if (!dispatch.runBatch(count)) return;
      }
      if (this.#stopping) return this.#endRun();
      work += count + 1;
      if (work >= nextCheck) {
        if (dispatch.sliceOver()) return dispatch.yieldTurn();
        nextCheck = work + SLICE_CHECK_EVERY;
      }
    }
  }

  /** The wait the core asked for: the waiter resumes the run (#waitOwner), or a wake-up does. */
  #wait(): void {
    const core = this.#core;
    this.#dispatch.park();
    this.#waiter.wait(core.timeout, core.nextDeadline, this.#batches);
  }

  /** Something from outside the loop needs it awake. */
  #wake(): void {
    this.#waiter.wake();
    this.#dispatch.wokenUp();
  }

  #waitOwner(): WaitOwner {
    return {
      unpark: () => this.#dispatch.unpark(),
      waitEnded: (completions: readonly Completion[]) => {
        for (const completion of completions) this.callSoon(completion);
        this.#runSlice(true);
      },
      waitFailed: (error: unknown) => this.#endRun(true, error),
      wakeUp: () => this.#wake(),
      canBeWoken: () => pendingPromises(this) > 0,
    };
  }

  #endRun(failed = false, failure?: unknown): void {
    const settle = this.#settleRun;
    this.#settleRun = null;
    this.#stopping = false;
    this.#dispatch.end();
    this.#waiter.end();
    if (failed) settle?.reject(failure);
    else settle?.resolve();
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

  /** Logs `context` with logger.error (host/exceptions.ts says how); only a throwing logger throws. */
  defaultExceptionHandler(context: ExceptionContext): void {
    validateObject(context, "defaultExceptionHandler", null, "a context object");
    logContext(this.#logger, context);
  }

  /** Hands `context` to the exception handler; never throws. */
  callExceptionHandler(context: ExceptionContext): void {
    validateObject(context, "callExceptionHandler", null, "a context object");
    handOver(this, this.#exceptionHandler, context, this.#logger);
  }

  // ---- Debug mode ----------------------------------------------------------

  getDebug(): boolean {
    return this.#dispatch.debug;
  }

  setDebug(enabled: boolean): void {
    validateBoolean(enabled, "setDebug", null);
    this.#dispatch.debug = enabled;
  }

  /** In debug mode, callbacks taking at least this many **seconds** are logged. Default 0.1. */
  get slowCallbackDuration(): number {
    return this.#dispatch.slowCallbackDuration;
  }

  set slowCallbackDuration(seconds: number) {
    validateSeconds(seconds, "EventLoop.slowCallbackDuration", null, { accept: ">= 0" });
    this.#dispatch.slowCallbackDuration = seconds;
  }

  // ---- Guards --------------------------------------------------------------

  #checkClosed(): void {
    if (this.#closed) throw new RuntimeError(LOOP_CLOSED);
  }

  #checkRunning(): void {
    if (this.isRunning()) throw new RuntimeError(ALREADY_RUNNING);
    if (anyLoopRunning()) throw new RuntimeError(ANOTHER_LOOP_RUNNING);
  }

  #checkCallback(callback: unknown, method: string): void {
    validateCallback(callback, method);
    if (this.#dispatch.debug && isCoroutineFunction(callback)) {
      throw new TypeError(`coroutines cannot be used with ${method}()`);
    }
  }

  toString(): string {
    const state = this.#closed ? "closed" : this.isRunning() ? "running" : "idle";
    return `<EventLoop ${state} debug=${this.#dispatch.debug}>`;
  }
}

function argumentsAfter(args: IArguments, start: number): unknown[] {
  const rest = new Array<unknown>(args.length - start);
  for (let index = start; index < args.length; index++) rest[index - start] = args[index];
  return rest;
}
