/**
 * StepWindows: which promise jobs see an async task's loop as the running
 * loop while the task's step holds the loop's batch (host/asyncstep.ts).
 *
 * Invariant: the loop is asyncio's running loop for the task's code only.
 * Host code that runs in promise jobs (or host timers) meanwhile sees no
 * running loop, so it can start and run another loop. The engine runs the
 * task's code in promise jobs among everyone else's and tells no job from
 * another (that is what AsyncContext would add), so the step marks its own
 * jobs by where they sit in the engine's FIFO job queue, with windows.
 *
 * A window is a stretch of the queue between two jobs of ours: an enter (the
 * loop becomes the running loop) and an exit (whatever ran before comes
 * back). The first window is queued around the resumption the step delivers
 * (the first call of the function, or the resolving of the promise the code
 * awaits): an enter just before, an exit just after, so it holds exactly the
 * job that resumes the code. Every enter queues the next window's enter and
 * every exit the next exit:
 *
 *   queue:  enter0 [resumption] exit0 ... enter1 [jobs queued while window 0 ran] exit1 ...
 *
 * so window k+1 holds exactly the jobs queued while window k ran, that is by
 * the task's code and nothing else; a job queued before an enter ran, or
 * after its exit ran, is outside (it sees no running loop, or whichever loop
 * was running around it: windows nest, so an exit restores what its enter
 * found).
 *
 * The windows go on while the step is open, up to the one holding the job
 * that ends the step. No job says whether it ran the task's code, so a
 * window in which nobody read the running loop nor awaited a Future counts
 * as quiet; after
 * QUIET_WINDOWS quiet windows in a row the code is taken to wait for a
 * promise the loop does not know and the windows stop: else they would keep
 * the job queue busy forever, and the host turn that ends such a step would
 * never come.
 *
 * What cannot hold without AsyncContext: a job the task's code queues for
 * someone else (it settles a promise that host code awaits) runs inside the
 * task's window and sees the loop; the task's code resumed by a promise that
 * something outside the task settles (a foreign promise; or code that goes
 * on after QUIET_WINDOWS quiet windows in a row) runs outside the windows
 * and sees no running loop, as a detached task does.
 *
 * Costs: two promise jobs per window, O(1) each; a typical step (resumed,
 * then awaits a Future or a toolkit coroutine) has three windows; a step
 * stuck on a foreign promise adds at most 2 x QUIET_WINDOWS jobs before the
 * host's turn.
 */
import { promiseAwaits } from "./futures.js";
import { enterRunningLoop, leaveRunningLoop, runningLoopReads } from "./running.js";

/** Quiet windows in a row before they stop: deep enough for long chains of awaits of settled promises. */
const QUIET_WINDOWS = 1024;

/** Queues promise jobs; cheaper than queueMicrotask on Node, in the same FIFO order. */
const RESOLVED = Promise.resolve();

export class StepWindows {
  /** False once the step has ended: the windows still queued change nothing. */
  live = true;
  /** The job that ends the step is queued: the next window to open is the last. */
  closing = false;
  readonly #loop: object;
  /** Between a window's enter and its exit; they alternate (enter k, exit k, enter k+1, ...). */
  #inside = false;
  /** The current window made the loop the running loop, over #outer. */
  #entered = false;
  #outer: object | null = null;
  /** The next window's enter is queued, so its exit must be too. */
  #more = false;
  /** Reads of the running loop plus awaits of Futures, at the last enter. */
  #reads = -1;
  #quiet = 0;

  /** Queues the first window's enter; the caller calls resumed() once it has resumed the code. */
  constructor(loop: object) {
    this.#loop = loop;
    RESOLVED.then(this.tick);
  }

  /** The step has ended: the windows still queued change nothing. */
  end(): void {
    this.live = false;
  }

  /** The step has resumed the code: the first window's exit is queued after it. */
  resumed(): void {
    RESOLVED.then(this.tick);
  }

  /** Every job of ours: a window's enter or its exit. */
  readonly tick = (): void => {
    if (this.#inside) {
      this.#inside = false;
      if (this.#entered) leaveRunningLoop(this.#outer);
      if (this.#more) RESOLVED.then(this.tick);
      return;
    }
    this.#inside = true;
    const reads = runningLoopReads + promiseAwaits;
    if (reads !== this.#reads) {
      this.#reads = reads;
      this.#quiet = 0;
    } else {
      this.#quiet++;
    }
    this.#entered = this.live && this.#quiet < QUIET_WINDOWS;
    this.#more = this.#entered && !this.closing;
    if (this.#entered) this.#outer = enterRunningLoop(this.#loop);
    if (this.#more) RESOLVED.then(this.tick);
  };
}
