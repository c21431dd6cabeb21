/**
 * Tasks: asyncio's Task for two kinds of coroutine, and the awaitable
 * protocol both kinds share.
 *
 * THE PROTOCOL
 *
 * An awaitable is a Future (a Task is one) or a coroutine. A coroutine is a
 * generator object: its code runs only while a task drives it, and it tells
 * the task what it waits for by what it yields:
 *
 *   yield future      wait for the future: resume with its result, or throw
 *                     its exception (CancelledError if it was cancelled).
 *                     A done future resumes at once, in the same step (J13).
 *   yield             give up exactly one iteration (what sleep(0) does).
 *   yield* awaitable  await a Future or a coroutine inline, as Python's
 *                     `await` does: no new task, no extra iteration. A Future
 *                     is iterable for this (futures.ts, asyncio's __await__).
 *
 * Every toolkit function returns an awaitable: a Future (createTask, gather,
 * shield, ensureFuture) or a coroutine (sleep, waitFor, wait, lock.acquire(),
 * queue.get(), ...). Toolkit coroutines are thenables as well (see
 * `coroutine()`), so the rule for users is one line per kind:
 *
 *   in a generator (function*):  const v = yield* awaitable;
 *   in an async function:        const v = await awaitable;
 *
 * GENERATOR TASKS step exactly as asyncio steps a coroutine. The first step
 * is scheduled with callSoon when the task is made (rule 78). A step runs the
 * generator to its next yield. A pending future gets the task's wakeup as a
 * done callback (asyncio's __wakeup, rule 79): the next step runs one
 * iteration after the future completes. A bare yield schedules the next step
 * with callSoon (rule 80). Cancellation follows rules 83-88: cancel() cancels
 * the awaited future if there is one, else the next step throws
 * CancelledError in; a CancelledError that escapes the coroutine cancels the
 * task, one that is caught does not; cancelling()/uncancel() count requests.
 *
 * ASYNC-FUNCTION TASKS. A JS engine resumes an async function in a promise
 * job, never from a loop callback, so the loop cannot call into it directly.
 * It gets the same steps anyway, by holding its batch:
 *
 *   - The step is the same loop callback asyncio would run (first step,
 *     wakeup, bare-yield step), scheduled the same way. It resumes the code:
 *     the first step calls the function; a wakeup settles the promise the
 *     code awaits.
 *   - Then the loop holds the batch (loop._holdBatch): no other callback runs
 *     until the code has suspended again. It has when it awaits a pending
 *     wasmloop Future (the engine calls Future.then from a promise job with
 *     its own built-in resolving functions, and futures.ts hands that call
 *     to this file: the task registers its wakeup, as asyncio's __step does;
 *     a then() called by hand with JS callbacks is not an await), awaits a
 *     toolkit coroutine that waits (driven by the task like a generator), or
 *     returns or throws. The step then ends in a promise job queued at that
 *     moment, so sibling awaits started together (Promise.all over futures)
 *     are registered too; code that goes on in promise jobs queued after it
 *     (a race between a Future and a settled promise) runs after the step.
 *   - Everything the code does between two such points, including awaits of
 *     async helper functions and of already-settled promises, happens inside
 *     the step. So callbacks, timers and steps of both kinds interleave
 *     exactly as in asyncio, and an async task matches CPython's trace event
 *     for event, as a generator task does.
 *   - A step whose code waits for anything else (a promise the loop does not
 *     know, such as fetch(); or a Promise.all whose other futures are still
 *     pending) has not suspended on a Future: the loop finds it still held at
 *     its next host turn, when every promise job has run, and ends the step
 *     there. A task whose code then waits only for such a promise is
 *     detached: from then on it runs outside loop callbacks, and cancel()
 *     no longer reaches it (debug mode reports this). Wrap such promises in
 *     a Future with ensureFuture() to keep the guarantee.
 *   - While the step holds the batch, the loop is the running loop for the
 *     task's code only: the promise jobs that run it are bracketed by jobs
 *     of the step (stepwindows.ts says how exactly, and what cannot hold
 *     without AsyncContext). Other code running in promise jobs or host
 *     timers meanwhile sees no running loop, and may run another loop.
 *   - Its promise reactions (the function's end, a strand's promise) never
 *     throw into the host, whatever the loop's state: code that outlives a
 *     closed loop ends quietly, its done callbacks dropped as close() drops
 *     everything scheduled.
 *
 * An async task may await several things at once (Promise.all/race over
 * awaitables, or un-awaited async helpers called from its code); each such
 * wait is a strand of the task. cancel() cancels every future the strands
 * wait for. A generator task has exactly one strand, its coroutine. A
 * toolkit coroutine awaited outside any task's step runs as a task of its
 * own on the running loop, or fails with 'no running event loop'.
 *
 * createTask() takes a generator object, or an async function or generator
 * function that the first step calls; a plain function is refused, since it
 * cannot be told from one returning a value.
 *
 * Deliberate differences from CPython: a Task's cancel message stays with it
 * (CPython's result() gives it only once, then an empty message); a task's
 * first step may be a function call (JS has no coroutine object for an async
 * function that has not started).
 */
import {
  AWAITABLE_REQUIRED,
  COROUTINE_EXPECTED,
  CancelledError,
  FOREIGN_FUTURE,
  InvalidStateError,
  NO_RUNNING_LOOP,
  RuntimeError,
  awaitsForeignFuture,
  awaitsItself,
} from "./errors.js";
import { type AwaitableCoroutine, type Coroutine, type TaskOptions, type TaskTarget, isCoroutine } from "./coroutines.js";
import { callableName, describe, repr } from "./format.js";
import { Future, cancelledError, setAwaitHook } from "./futures.js";
import { type EventLoop, EventLoop as Loop, futureOfPromise } from "./loop.js";
import { type LoopTasks, loopTasks, runningLoopNow, setTaskFactory } from "./running.js";
import {
  asyncioError,
  expectedError,
  isGenerator,
  isGeneratorFunction,
  isInstanceOf,
  isTaskFunction,
  isThenable,
  readOption,
  validateObject,
  validateString,
} from "./validate.js";
import { StepWindows } from "./stepwindows.js";
import { nextHostTurn } from "./hostturns.js";

export type { Awaitable, AwaitableCoroutine, Coroutine, TaskOptions, TaskTarget } from "./coroutines.js";
export { isCoroutine } from "./coroutines.js";

declare module "./coroutines.js" {
  /** createTask() makes a Task. */
  interface TaskTypes<T> {
    task: Task<T>;
  }
}

/** The loop running the current callback or task code, or null. */
function currentRunningLoop(): EventLoop | null {
  return runningLoopNow() as EventLoop | null;
}

/**
 * One wait of a task. `gen` is the coroutine the strand drives (a generator
 * task's own coroutine; a toolkit coroutine an async function awaits), or
 * null when async code awaits `waiter` itself. `resolve`/`reject` resume the
 * async code that awaits the strand (for a generator task: finish the task).
 */
interface Strand {
  gen: Coroutine | null;
  waiter: Future<unknown> | null;
  resolve: (value: unknown) => unknown;
  reject: (error: unknown) => unknown;
  /** Settles the promise returned by the then() call that made the strand. */
  after: ((value: unknown) => void) | null;
}

let taskCounter = 0;
/** Pending tasks by loop, for allTasks() and run()'s clean-up. */
const pendingTasks = new WeakMap<EventLoop, Set<Task<unknown>>>();
/**
 * Async tasks whose step opened since the last host turn (each listed once);
 * at the next host turn, endStuckSteps() ends those still open.
 */
let openedTasks: Task<unknown>[] = [];

const functionToString = Function.prototype.toString;
/**
 * How the Task constructor names itself in refusals: "createTask" while
 * loop.createTask() makes the task (the factory below), else "Task".
 */
let creator = "Task";
/** Queues promise jobs; cheaper than queueMicrotask on Node, in the same FIFO order. */
const RESOLVED = Promise.resolve();

export class Task<T = unknown> extends Future<T> {
  readonly #loop: EventLoop;
  /** The loop's current task and batch hold (host/running.ts). */
  readonly #tasks: LoopTasks;
  #name: string;
  /** What the first step calls; null once it ran (or for a generator object). */
  #start: (() => unknown) | null;
  readonly #coro: TaskTarget<T>;
  /** A generator task's coroutine (its only strand); null for an async task. */
  #root: Strand | null = null;
  /** An async task's strands; empty while its code runs or waits for something else. */
  #strands: Strand[] = [];
  #isAsync = false;
  /** The step of this async task holds the loop's batch. */
  #open = false;
  /** The open step's windows (see StepWindows). */
  #windows: StepWindows | null = null;
  /** In openedTasks, for the next host turn's check. */
  #listed = false;
  #closeQueued = false;
  #mustCancel = false;
  #cancelRequests = 0;
  #cancelMessage: unknown = undefined;

  /** Prefer loop.createTask(). */
  constructor(loop: EventLoop, coro: TaskTarget<T>, options: TaskOptions = {}) {
    super(loop);
    const method = creator;
    creator = "Task";
    if (!isInstanceOf(loop, Loop)) throw expectedError(TypeError, method, "loop", "an EventLoop", loop);
    validateObject(options, method, "options", "an options object");
    const name = readOption(options, "name", method);
    if (name !== undefined) validateString(name, method, "options.name");
    this.#loop = loop;
    this.#tasks = loopTasks(loop)!;
    this.#coro = coro;
    if (isTaskFunction(coro)) {
      this.#start = coro as () => unknown;
    } else if (isGenerator(coro)) {
      this.#start = null;
      this.#root = this.#rootStrand(coro as Coroutine<T>);
    } else {
      throw asyncioError(TypeError, method, `${COROUTINE_EXPECTED}, got ${describe(coro)}`);
    }
    this.#name = name ?? `Task-${++taskCounter}`;
    loop.callSoon(this.#step);
    let pending = pendingTasks.get(loop);
    if (pending === undefined) pendingTasks.set(loop, (pending = new Set()));
    pending.add(this as Task<unknown>);
  }

  getName(): string {
    return this.#name;
  }

  /** Any value String() can convert, as asyncio's str(); the rest is refused. */
  setName(name: string): void {
    let text: string;
    try {
      text = String(name);
    } catch (error) {
      throw new TypeError(`setName() expected name to be convertible to a string, got ${describe(name)}`, { cause: error });
    }
    this.#name = text;
  }

  /** The coroutine (or function) the task was made with. */
  getCoro(): TaskTarget<T> {
    return this.#coro;
  }

  override setResult(_result: T): never {
    throw new RuntimeError("Task does not support set_result operation");
  }

  override setException(_exception: unknown): never {
    throw new RuntimeError("Task does not support set_exception operation");
  }

  /**
   * Asks the task to cancel itself: the future it awaits is cancelled (the
   * coroutine sees CancelledError, `message` included), or else its next step
   * throws CancelledError in. The coroutine may catch it; cancelled() is true
   * only once the coroutine has ended with CancelledError. False if done.
   */
  override cancel(message?: unknown): boolean {
    if (this.done()) return false;
    this.#cancelRequests++;
    let waiterCancelled = false;
    const root = this.#root;
    if (root !== null) {
      // The waiter stays: it may be a task that ignores the cancellation.
      if (root.waiter !== null && root.waiter.cancel(message)) waiterCancelled = true;
    } else {
      for (const strand of this.#strands.slice()) {
        if (strand.waiter !== null && strand.waiter.cancel(message)) waiterCancelled = true;
      }
    }
    if (waiterCancelled) return true;
    this.#mustCancel = true;
    this.#cancelMessage = message;
    return true;
  }

  /** How many cancellation requests are outstanding. */
  cancelling(): number {
    return this.#cancelRequests;
  }

  /** Withdraws one cancellation request; returns how many remain. */
  uncancel(): number {
    if (this.#cancelRequests > 0) this.#cancelRequests--;
    return this.#cancelRequests;
  }

  override toString(): string {
    const name = repr(this.#name);
    if (!this.done()) return `<Task pending name=${name}>`;
    if (this.cancelled()) return `<Task cancelled name=${name}>`;
    const exception = this.exception();
    return exception !== null
      ? `<Task finished name=${name} exception=${repr(exception)}>`
      : `<Task finished name=${name} result=${repr(this.result())}>`;
  }

  // ---- Stepping ------------------------------------------------------------

  /** The first step, and a generator task's steps after a bare yield. */
  #step = (): void => {
    if (this.#start !== null) this.#firstStep();
    else this.#resume(this.#root!, undefined, false, undefined);
  };

  /** Throws `error` in at the next step (bad yields, rule 88). */
  #throwIn = (strand: Strand, error: unknown): void => {
    this.#resume(strand, undefined, true, error);
  };

  /** An async task's strand after a bare yield. */
  #strandStep = (strand: Strand): void => {
    this.#resume(strand, undefined, false, undefined);
  };

  /** asyncio's __wakeup: a future the task waits for is done. */
  #wakeup = (future: Future<unknown>): void => {
    const strand = this.#root ?? this.#strandWaitingFor(future);
    // An async task that finished (or stopped waiting) may still hear from a future.
    if (strand === null || (this.#isAsync && this.done())) return;
    let value: unknown;
    try {
      value = future.result();
    } catch (error) {
      this.#resume(strand, undefined, true, error);
      return;
    }
    this.#resume(strand, value, false, undefined);
  };

  #firstStep(): void {
    const start = this.#start!;
    this.#start = null;
    if (this.#mustCancel) {
      // Cancelled before it started: the function is never called (rule 84).
      this.#mustCancel = false;
      this.#finish(true, this.#makeCancelledError());
      return;
    }
    const tasks = this.#tasks;
    tasks.enter(this);
    // An async function's first step opens before the call, so that the
    // promise jobs its first lines queue are inside the step's windows.
    const windows = isAsyncFunction(start) ? this.#openStep() : null;
    let made: unknown;
    try {
      made = start();
    } catch (error) {
      tasks.leave(this);
      this.#finish(true, error);
      return;
    }
    if (windows !== null) RESOLVED.then(windows.tick);
    if (isInstanceOf(made, Future)) made = made[Symbol.iterator]();
    if (isGenerator(made)) {
      this.#root = this.#rootStrand(made as Coroutine);
      try {
        this.#drive(this.#root, undefined, false, undefined);
      } finally {
        tasks.leave(this);
      }
      return;
    }
    if (!isThenable(made)) {
      tasks.leave(this);
      const error = new TypeError(`${COROUTINE_EXPECTED}, got ${describe(made)} from ${callableName(start)}()`);
      this.#finish(true, error);
      return;
    }
    this.#isAsync = true;
    const late = this.#openStep();
    if (late !== null) RESOLVED.then(late.tick);
    if (!this.#open) tasks.leave(this);
    Promise.resolve(made).then(this.#returned, this.#raised);
  }

  /** asyncio's __step for one strand: resume it with a value or an error. */
  #resume(strand: Strand, value: unknown, thrown: boolean, error: unknown): void {
    if (this.done()) {
      if (this.#isAsync) return;
      throw new InvalidStateError(`_step(): already done: ${this}, ${repr(error)}`);
    }
    if (this.#mustCancel) {
      if (!isInstanceOf(error, CancelledError)) error = this.#makeCancelledError();
      thrown = true;
      this.#mustCancel = false;
    }
    strand.waiter = null;
    const tasks = this.#tasks;
    tasks.enter(this);
    try {
      if (strand.gen !== null) this.#drive(strand, value, thrown, error);
      else this.#settleStrand(strand, thrown, thrown ? error : value);
    } finally {
      if (!this.#open) tasks.leave(this);
    }
  }

  /**
   * Runs a strand's coroutine to its next wait (the body of asyncio's
   * __step): a pending future parks it, a bare yield reschedules it, a done
   * future resumes it at once.
   */
  #drive(strand: Strand, value: unknown, thrown: boolean, error: unknown): void {
    const gen = strand.gen!;
    const loop = this.#loop;
    for (;;) {
      let next: IteratorResult<unknown, unknown>;
      try {
        next = thrown ? gen.throw(error) : gen.next(value);
      } catch (raised) {
        this.#settleStrand(strand, true, raised);
        return;
      }
      if (next.done) {
        this.#settleStrand(strand, false, next.value);
        return;
      }
      const yielded = next.value;
      if (isInstanceOf(yielded, Future)) {
        if (yielded.getLoop() !== loop) {
          const bad = new RuntimeError(awaitsForeignFuture(this, yielded));
          loop.callSoon(this.#throwIn, strand, bad);
          this.#suspended();
        } else if (yielded === this) {
          loop.callSoon(this.#throwIn, strand, new RuntimeError(awaitsItself(this)));
          this.#suspended();
        } else if (yielded.done()) {
          thrown = false;
          try {
            value = yielded.result();
          } catch (failure) {
            thrown = true;
            error = failure;
          }
          continue;
        } else {
          this.#park(strand, yielded);
        }
      } else if (yielded === undefined) {
        if (strand === this.#root) loop.callSoon(this.#step);
        else loop.callSoon(this.#strandStep, strand);
        this.#suspended();
      } else if (this.#isAsync && isThenable(yielded)) {
        // A coroutine inside async code awaits a promise (an async body, say):
        // it goes on when the promise settles, as the async code would.
        Promise.resolve(yielded).then(
          (result) => this.#promiseSettled(strand, false, result),
          (failure: unknown) => this.#promiseSettled(strand, true, failure),
        );
      } else {
        const what = isGenerator(yielded)
          ? `yield was used instead of yield* for generator in task ${this} with ${repr(yielded)}`
          : `Task got bad yield: ${repr(yielded)}`;
        loop.callSoon(this.#throwIn, strand, new RuntimeError(what));
        this.#suspended();
      }
      return;
    }
  }

  /** Waits for a pending future of this loop: its done callback is the wakeup. */
  #park(strand: Strand, future: Future<unknown>): void {
    future.addDoneCallback(this.#wakeup);
    strand.waiter = future;
    if (this.#mustCancel && future.cancel(this.#cancelMessage)) this.#mustCancel = false;
    this.#suspended();
  }

  /** A strand waits for a promise it yielded: it resumes from a promise job. */
  #resumeOpen(strand: Strand, value: unknown, thrown: boolean, error: unknown): void {
    if (this.done()) return;
    const tasks = this.#tasks;
    const current = tasks.swap(this);
    try {
      this.#drive(strand, value, thrown, error);
    } finally {
      if (!this.#open) tasks.swap(current === this ? null : current);
    }
  }

  /** A strand ended: a generator task finishes; async code awaiting the strand resumes. */
  #settleStrand(strand: Strand, thrown: boolean, outcome: unknown): void {
    if (strand === this.#root) {
      this.#finish(thrown, outcome);
      return;
    }
    this.#dropStrand(strand);
    const windows = this.#openStep();
    if (thrown) strand.reject(outcome);
    else strand.resolve(outcome);
    strand.after?.(undefined);
    if (windows !== null) RESOLVED.then(windows.tick);
  }

  // ---- Async-function steps --------------------------------------------------

  /**
   * The async code is about to run in promise jobs: hold the loop's batch
   * until it suspends. Returns the step's windows when it opens here (the
   * first window's enter is queued; the caller queues its exit once it has
   * resumed the code), else null.
   */
  #openStep(): StepWindows | null {
    if (this.#open) return null;
    if (!this.#tasks.hold.hold()) return null; // not in a loop callback: the code runs detached
    this.#open = true;
    this.#tasks.enter(this);
    if (!this.#listed) {
      this.#listed = true;
      if (openedTasks.length === 0) nextHostTurn(endStuckSteps);
      openedTasks.push(this as Task<unknown>);
    }
    const windows = new StepWindows(this.#loop);
    this.#windows = windows;
    return windows;
  }

  /** The code suspended on a wait the loop knows: the step ends once the pending promise jobs have run. */
  #suspended(): void {
    if (!this.#open || this.#closeQueued) return;
    this.#closeQueued = true;
    // The job below is in the next window at the latest: no window after it is needed.
    this.#windows!.closing = true;
    RESOLVED.then(this.#closeStep);
  }

  #closeStep = (): void => {
    this.#closeQueued = false;
    this.#endStep();
  };

  /**
   * @internal The step is still open at a host turn: its code waits for a
   * promise the loop does not know. End the step; in debug mode, say so if
   * nothing the loop knows is left to resume the task (it is detached).
   */
  _checkStuck(): void {
    this.#listed = false;
    if (!this.#open) return;
    const loop = this.#loop;
    this.#endStep();
    if (this.#strands.length === 0 && !this.done() && loop.getDebug()) {
      loop.callExceptionHandler({
        message:
          `Task ${this} awaits a promise that is not a wasmloop awaitable: from now on it runs outside ` +
          "the loop's steps and cannot be cancelled (wrap the promise with ensureFuture())",
        task: this,
      });
    }
  }

  #endStep(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#windows!.end();
    this.#windows = null;
    const tasks = this.#tasks;
    if (tasks.current === this) tasks.leave(this);
    tasks.hold.release();
  }

  // The reactions below run in promise jobs, where nobody can catch what they
  // throw: the host would see an unhandled rejection (which ends a Node
  // process). So they never throw; see #reactionFailed.

  #returned = (value: unknown): void => {
    try {
      this.#finish(false, value);
    } catch (error) {
      this.#reactionFailed(error);
    }
  };

  #raised = (error: unknown): void => {
    try {
      this.#finish(true, error);
    } catch (failure) {
      this.#reactionFailed(failure);
    }
  };

  /** A strand waited for a promise it yielded: it resumes from a promise job. */
  #promiseSettled(strand: Strand, thrown: boolean, outcome: unknown): void {
    try {
      this.#resumeOpen(strand, thrown ? undefined : outcome, thrown, thrown ? outcome : undefined);
    } catch (error) {
      this.#reactionFailed(error);
    }
  }

  /**
   * What a reaction met goes where a callback's error goes, the exception
   * handler; a closed loop has nobody left to tell (its own reactions drop
   * what they cannot deliver, too).
   */
  #reactionFailed(error: unknown): void {
    const loop = this.#loop;
    if (loop.isClosed()) return;
    loop.callExceptionHandler({ message: "Exception in a promise job of a task", exception: error, task: this });
  }

  /**
   * Async code awaits `future` (the engine called its then() from a promise
   * job while this task's step was open): the strand parks on it.
   */
  #awaitFuture(future: Future<unknown>, resolve: Function, reject: Function): Promise<unknown> {
    const strand = this.#addStrand(null, resolve, reject);
    const loop = this.#loop;
    if (future.getLoop() !== loop) {
      loop.callSoon(this.#throwIn, strand, new RuntimeError(awaitsForeignFuture(this, future)));
      this.#suspended();
    } else if (future === this) {
      loop.callSoon(this.#throwIn, strand, new RuntimeError(awaitsItself(this)));
      this.#suspended();
    } else {
      this.#park(strand, future);
    }
    return new Promise((settle) => (strand.after = settle));
  }

  /** Async code awaits a toolkit coroutine: the task drives it as a strand. */
  #awaitCoroutine(gen: Coroutine, resolve: Function, reject: Function): Promise<unknown> {
    const strand = this.#addStrand(gen, resolve, reject);
    const result = new Promise((settle) => (strand.after = settle));
    this.#drive(strand, undefined, false, undefined);
    return result;
  }

  #addStrand(gen: Coroutine | null, resolve: Function, reject: Function): Strand {
    const strand: Strand = {
      gen,
      waiter: null,
      resolve: resolve as Strand["resolve"],
      reject: reject as Strand["reject"],
      after: null,
    };
    this.#strands.push(strand);
    return strand;
  }

  #dropStrand(strand: Strand): void {
    const strands = this.#strands;
    if (strands[strands.length - 1] === strand) {
      strands.pop();
      return;
    }
    const index = strands.indexOf(strand);
    if (index >= 0) strands.splice(index, 1);
  }

  #strandWaitingFor(future: Future<unknown>): Strand | null {
    for (const strand of this.#strands) if (strand.waiter === future) return strand;
    return null;
  }

  #rootStrand(gen: Coroutine): Strand {
    return { gen, waiter: null, resolve: doNothing, reject: doNothing, after: null };
  }

  // ---- Ending ----------------------------------------------------------------

  /**
   * The coroutine ended: with a value, a CancelledError (the task is
   * cancelled), or another error. A cancellation requested too late to be
   * delivered still wins over a value (rule 86).
   */
  #finish(thrown: boolean, outcome: unknown): void {
    if (this.done()) return;
    try {
      if (!thrown && this.#mustCancel) {
        this.#mustCancel = false;
        super.cancel(this.#cancelMessage);
      } else if (!thrown) {
        super.setResult(outcome as T);
      } else if (isInstanceOf(outcome, CancelledError)) {
        super.cancel(outcome.message);
      } else {
        super.setException(outcome);
      }
    } catch (error) {
      // The outcome is kept; a closed loop cannot schedule the done callbacks,
      // which are dropped as close() drops everything scheduled. (Only async
      // code can end after close: it runs in promise jobs.)
      if (!this.#loop.isClosed()) throw error;
    } finally {
      pendingTasks.get(this.#loop)?.delete(this as Task<unknown>);
      this.#abandonStrands();
      this.#endStep();
    }
  }

  /** Waits left over when an async task ends (a lost race) are dropped; their coroutines are closed. */
  #abandonStrands(): void {
    const strands = this.#strands;
    if (strands.length === 0) return;
    this.#strands = [];
    for (const strand of strands) {
      strand.waiter?.removeDoneCallback(this.#wakeup);
      try {
        strand.gen?.return(undefined);
      } catch {
        // A coroutine that fails while closing has nobody left to tell.
      }
    }
  }

  #makeCancelledError(): CancelledError {
    return cancelledError(this.#cancelMessage);
  }

  // ---- Hooks -------------------------------------------------------------

  /** @internal futures.ts: async code awaits a pending future. */
  static _onFutureAwait(future: Future<unknown>, onFulfilled: unknown, onRejected: unknown): Promise<unknown> | undefined {
    const task = openTaskOf(currentRunningLoop());
    if (task === null || typeof onRejected !== "function" || !isEngineResolver(onFulfilled)) return undefined;
    return task.#awaitFuture(future, onFulfilled, onRejected);
  }

  /** @internal then() of toolkit coroutines. */
  static _onCoroutineAwait(gen: Coroutine, onFulfilled: unknown, onRejected: unknown): Promise<unknown> {
    const loop = currentRunningLoop();
    const task = openTaskOf(loop);
    if (task !== null && typeof onRejected === "function" && isEngineResolver(onFulfilled)) {
      return task.#awaitCoroutine(gen, onFulfilled, onRejected);
    }
    // Awaited outside an async task's step (or by hand): it runs as a task of its own.
    const onF = onFulfilled as ((value: unknown) => unknown) | null | undefined;
    const onR = onRejected as ((error: unknown) => unknown) | null | undefined;
    if (loop === null) return Promise.reject(new RuntimeError(NO_RUNNING_LOOP)).then(onF, onR);
    return loop.createTask(gen).then(onF, onR);
  }

  /** @internal */
  static _isOpen(task: Task<unknown>): boolean {
    return task.#open;
  }
}

function openTaskOf(loop: EventLoop | null): Task<unknown> | null {
  if (loop === null) return null;
  const task = loopTasks(loop)?.current;
  return task instanceof Task && Task._isOpen(task) ? task : null;
}

/**
 * Runs at the first host turn after an async step held a batch: every
 * promise job has run by now, so a step still open waits for something the
 * loop does not know. End it; its task goes on when that settles.
 */
function endStuckSteps(): void {
  const tasks = openedTasks;
  openedTasks = [];
  for (const task of tasks) task._checkStuck();
}

/**
 * The engine's resolving functions (what `await` and Promise.all pass to a
 * thenable's then()) are built-in; a callback written in JS is not. Only the
 * former are awaits that suspend a task. The engine passes two such
 * functions; checking the first is enough.
 */
function isEngineResolver(fn: unknown): fn is Function {
  if (typeof fn !== "function" || fn.length !== 1 || fn.name !== "") return false;
  return !Object.prototype.hasOwnProperty.call(fn, "prototype") && functionToString.call(fn).includes("[native code]");
}

/** An async function: a task function that is no generator function. */
function isAsyncFunction(fn: Function): boolean {
  return isTaskFunction(fn) && !isGeneratorFunction(fn);
}

function doNothing(): void {}

// ---- The toolkit's base ------------------------------------------------------

/**
 * Makes a generator function's coroutines awaitable from async functions as
 * well (asyncio's @types.coroutine, in spirit): `then` is added to its
 * prototype, so every generator it makes inherits it at no cost per call.
 */
export function coroutine<A extends unknown[], T>(fn: (...args: A) => Generator<unknown, T, any>): (...args: A) => AwaitableCoroutine<T> {
  if (!isGeneratorFunction(fn)) throw expectedError(TypeError, "coroutine", null, "a generator function", fn);
  Object.defineProperty(fn.prototype, "then", { value: coroutineThen, configurable: true, writable: true });
  return fn as unknown as (...args: A) => AwaitableCoroutine<T>;
}

function coroutineThen(this: Coroutine, onFulfilled?: unknown, onRejected?: unknown): Promise<unknown> {
  return Task._onCoroutineAwait(this, onFulfilled, onRejected);
}

/**
 * @internal Awaits anything inside a coroutine, inline (what a scoped
 * helper does with its body's result): a Future or a generator by yield*,
 * an async or generator function by calling it first, a promise by yielding
 * it, which only an async task accepts (it waits as its async code would; a
 * generator task cannot wait for a promise); any other value is the result.
 */
export function* awaitInline<T>(awaitable: unknown): Generator<unknown, T, any> {
  const target = isTaskFunction(awaitable) ? (awaitable as () => unknown)() : awaitable;
  if (isInstanceOf(target, Future) || isGenerator(target)) return (yield* target as Coroutine<T>) as T;
  if (isThenable(target)) return (yield target) as T;
  return target as T;
}

/** The loop whose callback (or task step) is running; throws RuntimeError('no running event loop') elsewhere. */
export function getRunningLoop(): EventLoop {
  const loop = currentRunningLoop();
  if (loop === null) throw new RuntimeError(NO_RUNNING_LOOP);
  return loop;
}

/** The task whose step is running on `loop` (default: the running loop), or null. */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  const task = loopTasks(loopArgument(loop, "currentTask") ?? getRunningLoop())?.current;
  return task instanceof Task ? task : null;
}

/** The tasks of `loop` (default: the running loop) that are not done. */
export function allTasks(loop?: EventLoop): Set<Task<unknown>> {
  return new Set(pendingTasks.get(loopArgument(loop, "allTasks") ?? getRunningLoop()));
}

/** A `loop` argument: an EventLoop, or null when it is undefined or null (asyncio's None: the running loop). */
function loopArgument(loop: unknown, method: string): EventLoop | null {
  if (loop === undefined || loop === null) return null;
  if (!isInstanceOf(loop, Loop)) throw expectedError(TypeError, method, "loop", "an EventLoop", loop);
  return loop;
}

/**
 * A Future for any awaitable: a Future is returned as it is, a coroutine
 * becomes a Task, a promise a Future it settles.
 */
export function ensureFuture<T>(awaitable: Future<T> | TaskTarget<T> | PromiseLike<T>, loop?: EventLoop): Future<T> {
  const given = loopArgument(loop, "ensureFuture");
  if (isInstanceOf<Future<T>>(awaitable, Future)) {
    if (given !== null && awaitable.getLoop() !== given) throw new RangeError(FOREIGN_FUTURE);
    return awaitable;
  }
  if (isCoroutine(awaitable)) return (given ?? getRunningLoop()).createTask(awaitable as TaskTarget<T>);
  if (isThenable(awaitable)) return futureOfPromise(given ?? getRunningLoop(), awaitable);
  throw asyncioError(TypeError, "ensureFuture", `${AWAITABLE_REQUIRED}, got ${describe(awaitable)}`);
}

setTaskFactory((loop, coro, options) => {
  creator = "createTask";
  try {
    return new Task(loop as EventLoop, coro as TaskTarget<unknown>, options as TaskOptions | undefined);
  } finally {
    creator = "Task";
  }
});
setAwaitHook((future, onFulfilled, onRejected) => Task._onFutureAwait(future, onFulfilled, onRejected));
