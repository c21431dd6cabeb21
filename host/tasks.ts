/**
 * Tasks: asyncio's Task for two kinds of coroutine (the protocol both
 * share is in host/coroutines.ts).
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
 * ASYNC-FUNCTION TASKS get the same steps by holding the loop's batch while
 * their code runs in promise jobs: host/asyncstep.ts says how.
 *
 * Where a Task deliberately differs from CPython's (the CancelledError it
 * keeps, what it takes), docs/semantics.md says: J14, J16.
 */
import { AsyncStep } from "./asyncstep.js";
import type { Coroutine, TaskOptions, TaskTarget } from "./coroutines.js";
import {
  awaitsForeignFuture,
  awaitsItself,
  CancelledError,
  COROUTINE_EXPECTED,
  InvalidStateError,
  RuntimeError,
} from "./errors.js";
import { callableName, describe, repr } from "./format.js";
import { cancelledError, type DoneCallback, Future } from "./futures.js";
import { type EventLoop, EventLoop as Loop } from "./loop.js";
import { taskTarget } from "./promises.js";
import { type LoopTasks, loopTasks, setTaskFactory } from "./running.js";
import type { StepWindows } from "./stepwindows.js";
import { rootStrand, type Strand, Strands } from "./strands.js";
import { ownSteps, taskRepr } from "./taskrepr.js";
import {
  asyncioError,
  expectedError,
  isGenerator,
  isGeneratorFunction,
  isInstanceOf,
  isThenable,
  readTaskOptions,
  toName,
} from "./validate.js";

export { allTasks, awaitInline, coroutine, currentTask, ensureFuture, getRunningLoop } from "./awaitables.js";
export type { Awaitable, AwaitableCoroutine, Coroutine, TaskOptions, TaskTarget } from "./coroutines.js";
export { isCoroutine } from "./coroutines.js";

declare module "./coroutines.js" {
  /** createTask() makes a Task. */
  interface TaskTypes<T> {
    task: Task<T>;
  }
}

const TARGETS = " (a task takes a generator, a promise, or a function returning either)"; // what refusals show
let taskCounter = 0;
/** How the Task constructor names itself in refusals: "createTask" in the factory below, else "Task". */
let creator = "Task";

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
  readonly #strands = new Strands();
  #isAsync = false;
  /** An async task's steps (host/asyncstep.ts); made at its first step. */
  #async: AsyncStep | null = null;
  #mustCancel = false;
  #cancelRequests = 0;
  #cancelMessage: unknown = undefined;
  /** The CancelledError the coroutine ended with: result(), exception() and awaits throw it again (3.11+). */
  #cancelledExc: CancelledError | null = null;
  #ended = false; // the task's own code ended it (a step that finds it done otherwise was overtaken)

  /** Prefer loop.createTask(). */
  constructor(loop: EventLoop, coro: TaskTarget<T>, options: TaskOptions = {}) {
    super(loop);
    const method = creator;
    creator = "Task";
    if (!isInstanceOf(loop, Loop)) throw expectedError(TypeError, method, "loop", "an EventLoop", loop);
    const { name, eagerStart } = readTaskOptions(options, method);
    this.#loop = loop;
    this.#tasks = loopTasks(loop)!;
    this.#coro = coro;
    const target = taskTarget(loop, coro);
    if (target === null)
      throw asyncioError(TypeError, method, `${COROUTINE_EXPECTED}, got ${describe(coro)}${TARGETS}`);
    this.#start = target.start;
    if (target.gen !== null) this.#root = rootStrand(target.gen);
    this.#name = name ?? `Task-${++taskCounter}`;
    if (loop.getDebug()) ownSteps(this, [this.#step, this.#wakeup, this.#throwIn, this.#strandStep]);
    this.#tasks.pending.add(this);
    // An async function's outcome comes in promise jobs, never inside createTask: it is not started eagerly.
    if (eagerStart && loop.isRunning() && (this.#start === null || isGeneratorFunction(this.#start)))
      this.#eagerStart();
    else loop.callSoon(this.#step);
  }

  /** 3.12's eager start (J23): a generator's first step runs now, inside createTask, as the current task. */
  #eagerStart(): void {
    const outer = this.#tasks.swap(null);
    this.#step(); // never throws: the coroutine's errors end the task
    this.#tasks.swap(outer);
  }

  getName(): string {
    return this.#name;
  }

  /** Any value String() can convert, as asyncio's str(); the rest is refused. */
  setName(name: unknown): void {
    this.#name = toName(name, "setName", "name");
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
    const root = this.#root;
    // The waiter stays: it may be a task that ignores the cancellation.
    if (root !== null ? root.waiter?.cancel(message) === true : this.#strands.cancelWaiters(message)) return true;
    this.#mustCancel = true;
    this.#cancelMessage = message;
    return true;
  }

  /** How many cancellation requests are outstanding. */
  cancelling(): number {
    return this.#cancelRequests;
  }

  /** Withdraws one cancellation request; at 0 one not yet delivered is withdrawn too (3.13). Returns how many remain. */
  uncancel(): number {
    if (this.#cancelRequests > 0 && --this.#cancelRequests === 0) this.#mustCancel = false;
    return this.#cancelRequests;
  }

  override result(): T {
    return this.#cancelledExc !== null && this.cancelled() ? this.#rethrow() : super.result();
  }

  override exception(): unknown {
    return this.#cancelledExc !== null && this.cancelled() ? this.#rethrow() : super.exception();
  }

  #rethrow(): never {
    throw this.#cancelledExc;
  }

  override toString(): string {
    const waiter = this.#root !== null ? this.#root.waiter : this.#strands.firstWaiter;
    const running = this.#tasks.current === this;
    return taskRepr(this, { name: this.#name, coro: this.#coro, waiter, cancelling: this.#cancelRequests, running });
  }

  // ---- Stepping ------------------------------------------------------------

  /** The first step, and a generator task's steps after a bare yield. */
  #step = (): void => {
    if (this.#start !== null && !this.done()) this.#firstStep();
    else this.#resume(this.#root!, undefined, false, undefined);
  };

  /** Throws `error` in at the next step (bad yields, rule 88). */
  #throwIn = (strand: Strand, error: unknown): void => this.#resume(strand, undefined, true, error);

  /** An async task's strand after a bare yield. */
  #strandStep = (strand: Strand): void => this.#resume(strand, undefined, false, undefined);

  /** asyncio's __wakeup: a future the task waits for is done. */
  #wakeup = (future: Future<unknown>): void => {
    const strand = this.#root ?? this.#strands.waitingFor(future);
    // An async task that ended (or stopped waiting) may still hear from a future.
    if (strand === null || (this.#isAsync && this.#ended)) return;
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
      this.#finish(true, cancelledError(this.#cancelMessage));
      return;
    }
    const tasks = this.#tasks;
    tasks.enter(this);
    // An async function's first step (start is one unless it is a generator
    // function) opens before the call, so that the promise jobs its first
    // lines queue are inside the step's windows.
    const windows = isGeneratorFunction(start) ? null : this.#openStep();
    let made: unknown;
    try {
      made = start();
    } catch (error) {
      tasks.leave(this);
      this.#finish(true, error);
      return;
    }
    windows?.resumed();
    this.#started(start, made);
  }

  /** The first step called the function: `made` is a coroutine, a promise (an async function's), or refused. */
  #started(start: () => unknown, made: unknown): void {
    const tasks = this.#tasks;
    if (isInstanceOf(made, Future)) made = made[Symbol.iterator]();
    if (isGenerator(made)) {
      this.#root = rootStrand(made as Coroutine);
      try {
        this.#drive(this.#root, undefined, false, undefined);
      } finally {
        tasks.leave(this);
      }
      return;
    }
    if (!isThenable(made)) {
      tasks.leave(this);
      this.#finish(
        true,
        new TypeError(`${COROUTINE_EXPECTED}, got ${describe(made)} from ${callableName(start)}()${TARGETS}`),
      );
      return;
    }
    this.#isAsync = true;
    const late = this.#openStep();
    late?.resumed();
    if (!this.#open) tasks.leave(this);
    this.#async!.awaitEnd(made);
  }

  /** asyncio's __step for one strand: resume it with a value or an error. */
  #resume(strand: Strand, value: unknown, thrown: boolean, error: unknown): void {
    if (this.done()) {
      // Wakeups scheduled before async code ended are late, not wrong.
      if (this.#ended && this.#isAsync) return;
      throw new InvalidStateError(`_step(): already done: ${this}, ${repr(thrown ? error : null)}`);
    }
    if (this.#mustCancel) {
      if (!isInstanceOf(error, CancelledError)) error = cancelledError(this.#cancelMessage);
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
      if (!isInstanceOf(yielded, Future)) return this.#suspendOn(strand, yielded);
      if (yielded.getLoop() !== this.#loop || yielded === this || !yielded.done())
        return this.#waitFor(strand, yielded);
      // A done future of this loop resumes the coroutine at once, in the same step (J13).
      thrown = false;
      try {
        value = yielded.result();
      } catch (failure) {
        thrown = true;
        error = failure;
      }
    }
  }

  /** The coroutine yielded a future that is not done, or that it may not wait for (rule 88). */
  #waitFor(strand: Strand, future: Future<unknown>): void {
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
  }

  /** The coroutine yielded something other than a future: a bare yield, a promise, or a bad yield. */
  #suspendOn(strand: Strand, yielded: unknown): void {
    const loop = this.#loop;
    if (yielded === undefined) {
      if (strand === this.#root) loop.callSoon(this.#step);
      else loop.callSoon(this.#strandStep, strand);
      this.#suspended();
    } else if (this.#isAsync && isThenable(yielded)) {
      // A coroutine inside async code awaits a promise (an async body, say):
      // it goes on when the promise settles, as the async code would.
      this.#async!.awaitPromise(strand, yielded);
    } else {
      const what = isGenerator(yielded)
        ? `yield was used instead of yield* for generator in task ${this} with ${repr(yielded)}`
        : `Task got bad yield: ${repr(yielded)}`;
      loop.callSoon(this.#throwIn, strand, new RuntimeError(what));
      this.#suspended();
    }
  }

  /** Waits for a pending future of this loop: its done callback is the wakeup. */
  #park(strand: Strand, future: Future<unknown>): void {
    future.addDoneCallback(this.#wakeup);
    strand.waiter = future;
    if (this.#mustCancel && future.cancel(this.#cancelMessage)) this.#mustCancel = false;
    this.#suspended();
  }

  /** A strand ended: a generator task finishes; async code awaiting the strand resumes. */
  #settleStrand(strand: Strand, thrown: boolean, outcome: unknown): void {
    if (strand === this.#root) {
      this.#finish(thrown, outcome);
      return;
    }
    this.#strands.drop(strand);
    const windows = this.#openStep();
    if (thrown) strand.reject(outcome);
    else strand.resolve(outcome);
    strand.after?.(undefined);
    windows?.resumed();
  }

  // ---- Async-function steps --------------------------------------------------

  /** The step of this async task holds the loop's batch. */
  get #open(): boolean {
    return this.#async?.open === true;
  }

  /** See AsyncStep.openStep. */
  #openStep(): StepWindows | null {
    this.#async ??= new AsyncStep(this as Future<any>, this.#loop, this.#tasks, this.#strands, {
      drive: (strand, value, thrown, error) => this.#drive(strand, value, thrown, error),
      park: (strand, future) => this.#park(strand, future),
      finish: (thrown, outcome) => this.#finish(thrown, outcome),
      throwIn: this.#throwIn,
    });
    return this.#async.openStep();
  }

  /** The code suspended on a wait the loop knows (see AsyncStep.suspended). */
  #suspended(): void {
    this.#async?.suspended();
  }

  // ---- Ending ----------------------------------------------------------------

  /**
   * The coroutine ended: with a value, a CancelledError (the task is
   * cancelled), or another error. A cancellation requested too late to be
   * delivered still wins over a value (rule 86).
   */
  #finish(thrown: boolean, outcome: unknown): void {
    if (this.done()) return;
    this.#ended = true;
    try {
      if (!thrown && this.#mustCancel) {
        this.#mustCancel = false;
        super.cancel(this.#cancelMessage);
      } else if (!thrown) {
        super.setResult(outcome as T);
      } else if (isInstanceOf(outcome, CancelledError)) {
        this.#cancelledExc = outcome;
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
      this.#tasks.pending.delete(this);
      this.#strands.abandon(this.#wakeup as DoneCallback<unknown>);
      this.#async?.endStep();
    }
  }
}

setTaskFactory((loop, coro, options) => {
  creator = "createTask";
  try {
    return new Task(loop as EventLoop, coro as TaskTarget<unknown>, options as TaskOptions | undefined);
  } finally {
    creator = "Task";
  }
});
