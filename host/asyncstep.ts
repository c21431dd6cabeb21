/**
 * AsyncStep: how an async-function task gets asyncio's steps (host/tasks.ts
 * keeps one per async task).
 *
 * A JS engine resumes an async function in a promise
 * job, never from a loop callback, so the loop cannot call into it directly.
 * It gets the same steps anyway, by holding its batch:
 *
 *   - The step is the same loop callback asyncio would run (first step,
 *     wakeup, bare-yield step), scheduled the same way. It resumes the code:
 *     the first step calls the function; a wakeup settles the promise the
 *     code awaits.
 *   - Then the loop holds the batch (BatchHold.hold(), host/dispatch.ts): no other callback runs
 *     until the code has suspended again. It has when it awaits a pending
 *     wasmloop Future (the engine calls Future.then from a promise job with
 *     its own built-in resolving functions, and futures.ts hands that call
 *     to host/tasks.ts: the task registers its wakeup, as asyncio's __step does;
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
 *
 * Invariant: `open` is true exactly while the step holds its loop's batch;
 * then the task is its loop's current task. Every open step is listed for
 * the next host turn, which ends it if it is still open.
 *
 * Costs: O(1) per opening and closing, plus the step's windows
 * (host/stepwindows.ts); one host turn per burst of openings.
 */
import { nextHostTurn } from "./hostturns.js";
import type { LoopTasks } from "./running.js";
import { StepWindows } from "./stepwindows.js";

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
  readonly #task: object;
  readonly #tasks: LoopTasks;
  readonly #loop: object;
  /** Called when the host turn ended the step: the code waits for a promise the loop does not know. */
  readonly #onStuck: () => void;
  /** The open step's windows (see StepWindows). */
  #windows: StepWindows | null = null;
  /** In openedSteps, for the next host turn's check. */
  #listed = false;
  #closeQueued = false;

  constructor(task: object, loop: object, tasks: LoopTasks, onStuck: () => void) {
    this.#task = task;
    this.#loop = loop;
    this.#tasks = tasks;
    this.#onStuck = onStuck;
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
    if (!this.#listed) {
      this.#listed = true;
      if (openedSteps.length === 0) nextHostTurn(endStuckSteps);
      openedSteps.push(this);
    }
    const windows = new StepWindows(this.#loop);
    this.#windows = windows;
    return windows;
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

  /** The step is still open at a host turn: end it, and tell the task. */
  checkStuck(): void {
    this.#listed = false;
    if (!this.open) return;
    this.endStep();
    this.#onStuck();
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

const functionToString = Function.prototype.toString;

/**
 * The engine's resolving functions (what `await` and Promise.all pass to a
 * thenable's then()) are built-in; a callback written in JS is not. Only the
 * former are awaits that suspend a task. The engine passes two such
 * functions; checking the first is enough.
 */
export function isEngineResolver(fn: unknown): fn is Function {
  if (typeof fn !== "function" || fn.length !== 1 || fn.name !== "") return false;
  return !Object.prototype.hasOwnProperty.call(fn, "prototype") && functionToString.call(fn).includes("[native code]");
}
