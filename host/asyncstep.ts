/**
 * AsyncStep: how an async-function task gets asyncio's steps (host/tasks.ts
 * keeps one per async task).
 *
 * A JS engine resumes an async function in a promise job, never from a loop
 * callback, so the loop cannot call into it directly. It gets the same steps
 * anyway, by holding its batch:
 *
 *   - The step is the same loop callback asyncio would run (first step,
 *     wakeup, bare-yield step), scheduled the same way. It resumes the code:
 *     the first step calls the function; a wakeup settles the promise the
 *     code awaits.
 *   - Then the loop holds the batch (BatchHold, host/dispatch.ts): no
 *     other callback runs until the code has suspended again. It has when
 *     it awaits a pending wasmloop Future (the engine calls Future.then
 *     from a promise job with its own built-in resolving functions, and
 *     futures.ts hands that call to this file's hook: the task registers
 *     its wakeup, as asyncio's __step does; a then() called by hand with JS
 *     callbacks is not an await), awaits a
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
 * Invariant: `open` is true exactly while the step holds its loop's batch;
 * then the task is its loop's current task. Every open step is listed for
 * the next host turn, which ends it if it is still open.
 *
 * Costs: O(1) per opening and closing, plus the step's windows
 * (host/stepwindows.ts); one host turn per burst of openings.
 */
import { setCoroutineAwaitHook } from "./awaitables.js";
import type { Coroutine } from "./coroutines.js";
import { awaitsForeignFuture, awaitsItself, NO_RUNNING_LOOP, RuntimeError } from "./errors.js";
import type { ExceptionContext } from "./exceptions.js";
import { type Future, setAwaitHook } from "./futures.js";
import { nextHostTurn } from "./hostturns.js";
import type { EventLoop } from "./loop.js";
import { type LoopTasks, loopTasks, runningLoopNow } from "./running.js";
import { StepWindows } from "./stepwindows.js";
import type { Strand, Strands } from "./strands.js";

/** What a step needs from its task's loop. */
export interface StepLoop {
  callSoon(callback: (...args: any[]) => unknown, ...args: unknown[]): unknown;
  isClosed(): boolean;
  getDebug(): boolean;
  callExceptionHandler(context: ExceptionContext): void;
}

/** What a step does to its task (host/tasks.ts: its __step, for one strand). */
export interface StepActions {
  /** Runs a strand's coroutine to its next wait. */
  drive(strand: Strand, value: unknown, thrown: boolean, error: unknown): void;
  /** Waits for a pending future of the loop; its done callback is the task's wakeup. */
  park(strand: Strand, future: Future<unknown>): void;
  /** The task's code ended: with a value, or by throwing. */
  finish(thrown: boolean, outcome: unknown): void;
  /** A loop callback that throws an error in at a strand's next step. */
  readonly throwIn: (strand: Strand, error: unknown) => void;
}

/** Queues promise jobs; cheaper than queueMicrotask on Node, in the same FIFO order. */
const RESOLVED = Promise.resolve();

/**
 * Steps that opened since the last host turn (each listed once); at the
 * next host turn, endStuckSteps() ends those still open.
 */
let openedSteps: AsyncStep[] = [];

export class AsyncStep {
  /** The step holds the loop's batch. */
  open = false;
  readonly #task: Future<unknown>;
  readonly #loop: StepLoop;
  readonly #tasks: LoopTasks;
  readonly #strands: Strands;
  readonly #actions: StepActions;
  /** The open step's windows (see StepWindows). */
  #windows: StepWindows | null = null;
  /** In openedSteps, for the next host turn's check. */
  #listed = false;
  #closeQueued = false;

  constructor(task: Future<unknown>, loop: StepLoop, tasks: LoopTasks, strands: Strands, actions: StepActions) {
    this.#task = task;
    this.#loop = loop;
    this.#tasks = tasks;
    this.#strands = strands;
    this.#actions = actions;
  }

  /**
   * The async code is about to run in promise jobs: hold the loop's batch
   * until it suspends. Returns the step's windows when it opens here (the
   * first window's enter is queued; the caller queues its exit once it has
   * resumed the code), else null.
   */
  openStep(): StepWindows | null {
    if (this.open) return null;
    const tasks = this.#tasks;
    if (!tasks.hold.hold()) return null; // not in a loop callback: the code runs detached
    this.open = true;
    tasks.enter(this.#task);
    tasks.step = this;
    if (!this.#listed) {
      this.#listed = true;
      if (openedSteps.length === 0) nextHostTurn(endStuckSteps);
      openedSteps.push(this);
    }
    const windows = new StepWindows(this.#loop);
    this.#windows = windows;
    return windows;
  }

  /** Whether this step is open and `task`, its loop's current task, is its own. */
  runs(task: object | null): boolean {
    return this.open && this.#task === task;
  }

  /** The code suspended on a wait the loop knows: the step ends once the pending promise jobs have run. */
  suspended(): void {
    if (!this.open || this.#closeQueued) return;
    this.#closeQueued = true;
    // The job below is in the next window at the latest: no window after it is needed.
    this.#windows!.closing = true;
    RESOLVED.then(this.#closeStep);
  }

  #closeStep = (): void => {
    this.#closeQueued = false;
    this.endStep();
  };

  endStep(): void {
    if (!this.open) return;
    this.open = false;
    this.#windows!.end();
    this.#windows = null;
    const tasks = this.#tasks;
    if (tasks.current === this.#task) tasks.leave(this.#task);
    tasks.hold.release();
  }

  /**
   * The step is still open at a host turn: its code waits for a promise the
   * loop does not know. End the step; in debug mode, say so if nothing the
   * loop knows is left to resume the task (it is detached).
   */
  checkStuck(): void {
    this.#listed = false;
    if (!this.open) return;
    this.endStep();
    const task = this.#task;
    const loop = this.#loop;
    if (this.#strands.size === 0 && !task.done() && loop.getDebug()) {
      loop.callExceptionHandler({
        message:
          `Task ${task} awaits a promise that is not a wasmloop awaitable: from now on it runs outside ` +
          "the loop's steps and cannot be cancelled (wrap the promise with ensureFuture())",
        task,
      });
    }
  }

  // ---- What the code awaits ----------------------------------------------------

  /**
   * Async code awaits `future` (the engine called its then() from a promise
   * job while this task's step was open): the strand parks on it.
   */
  awaitFuture(future: Future<unknown>, resolve: Function, reject: Function): Promise<unknown> {
    const strand = this.#strands.add(null, resolve, reject);
    const loop = this.#loop;
    const task = this.#task;
    if (future.getLoop() !== loop) {
      loop.callSoon(this.#actions.throwIn, strand, new RuntimeError(awaitsForeignFuture(task, future)));
      this.suspended();
    } else if (future === task) {
      loop.callSoon(this.#actions.throwIn, strand, new RuntimeError(awaitsItself(task)));
      this.suspended();
    } else {
      this.#actions.park(strand, future);
    }
    return new Promise((settle) => (strand.after = settle));
  }

  /** Async code awaits a toolkit coroutine: the task drives it as a strand. */
  awaitCoroutine(gen: Coroutine, resolve: Function, reject: Function): Promise<unknown> {
    const strand = this.#strands.add(gen, resolve, reject);
    const result = new Promise((settle) => (strand.after = settle));
    this.#actions.drive(strand, undefined, false, undefined);
    return result;
  }

  // The reactions below run in promise jobs, where nobody can catch what they
  // throw: the host would see an unhandled rejection (which ends a Node
  // process). So they never throw; see #reactionFailed.

  /** The async function's promise: the task ends when it settles. */
  awaitEnd(made: unknown): void {
    Promise.resolve(made).then(this.#returned, this.#raised);
  }

  /**
   * A coroutine inside async code awaits a promise (an async body, say): it
   * goes on when the promise settles, as the async code would.
   */
  awaitPromise(strand: Strand, promise: PromiseLike<unknown>): void {
    Promise.resolve(promise).then(
      (result) => this.#promiseSettled(strand, false, result),
      (failure: unknown) => this.#promiseSettled(strand, true, failure),
    );
  }

  #returned = (value: unknown): void => {
    try {
      this.#actions.finish(false, value);
    } catch (error) {
      this.#reactionFailed(error);
    }
  };

  #raised = (error: unknown): void => {
    try {
      this.#actions.finish(true, error);
    } catch (failure) {
      this.#reactionFailed(failure);
    }
  };

  /** The strand resumes from a promise job, within whatever step is open. */
  #promiseSettled(strand: Strand, thrown: boolean, outcome: unknown): void {
    const task = this.#task;
    try {
      if (task.done()) return;
      const tasks = this.#tasks;
      const current = tasks.swap(task);
      try {
        this.#actions.drive(strand, thrown ? undefined : outcome, thrown, thrown ? outcome : undefined);
      } finally {
        if (!this.open) tasks.swap(current === task ? null : current);
      }
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
    loop.callExceptionHandler({ message: "Exception in a promise job of a task", exception: error, task: this.#task });
  }
}

/**
 * Runs at the first host turn after an async step held a batch: every
 * promise job has run by now, so a step still open waits for something the
 * loop does not know. End it; its task goes on when that settles.
 */
function endStuckSteps(): void {
  const steps = openedSteps;
  openedSteps = [];
  for (const step of steps) step.checkStuck();
}

/** The open step of the task running on `loop` (its current task), if any. */
function openStepOf(loop: EventLoop | null): AsyncStep | null {
  if (loop === null) return null;
  const tasks = loopTasks(loop);
  const step = tasks === null ? null : (tasks.step as AsyncStep | null);
  return step?.runs(tasks!.current) ? step : null;
}

// futures.ts: async code awaits a pending future.
setAwaitHook((future, onFulfilled, onRejected) => {
  const step = openStepOf(runningLoopNow() as EventLoop | null);
  if (step === null || typeof onRejected !== "function" || !isEngineResolver(onFulfilled)) return undefined;
  return step.awaitFuture(future, onFulfilled, onRejected);
});

// awaitables.ts: then() of toolkit coroutines.
setCoroutineAwaitHook((gen, onFulfilled, onRejected) => {
  const loop = runningLoopNow() as EventLoop | null;
  const step = openStepOf(loop);
  if (step !== null && typeof onRejected === "function" && isEngineResolver(onFulfilled)) {
    return step.awaitCoroutine(gen, onFulfilled, onRejected);
  }
  // Awaited outside an async task's step (or by hand): it runs as a task of its own.
  const onF = onFulfilled as ((value: unknown) => unknown) | null | undefined;
  const onR = onRejected as ((error: unknown) => unknown) | null | undefined;
  if (loop === null) return Promise.reject(new RuntimeError(NO_RUNNING_LOOP)).then(onF, onR);
  return loop.createTask(gen).then(onF, onR);
});

const functionToString = Function.prototype.toString;

/**
 * The engine's resolving functions (what `await` and Promise.all pass to a
 * thenable's then()) are built-in; a callback written in JS is not. Only the
 * former are awaits that suspend a task. The engine passes two such
 * functions; checking the first is enough.
 */
function isEngineResolver(fn: unknown): fn is Function {
  if (typeof fn !== "function" || fn.length !== 1 || fn.name !== "") return false;
  return !Object.hasOwn(fn, "prototype") && functionToString.call(fn).includes("[native code]");
}
