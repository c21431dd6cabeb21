/**
 * timeout(delay, body) and timeoutAt(when, body): asyncio.timeout as a
 * scoped helper. Invariant: while the body runs, at most one timer is armed
 * (at `when`; none for null); when it fires it cancels the task running the
 * body, once, and when the body ends, the timeout removes the timer and turns
 * the CancelledError it caused into TimeoutError, unless someone else also
 * asked for the task's cancellation while the body ran (cancelling() stays
 * above its level at entry), in which case the CancelledError goes on. The
 * body gets the Timeout: when(), reschedule(when), expired().
 *
 *   const v = yield* timeout(1, function* (t) { ... });   // generator task
 *   const v = await timeout(1, async (t) => { ... });     // async task
 */
import { CancelledError, RuntimeError, TimeoutError } from "../errors.js";
import type { Handle, TimerHandle } from "../handles.js";
import { type AwaitableCoroutine, awaitInline, coroutine, currentTask, getRunningLoop, type Task } from "../tasks.js";
import { SECONDS_OR_NULL, validateCallback, validateSeconds } from "../validate.js";

type State = "created" | "active" | "expiring" | "expired" | "finished";

export class Timeout {
  #state: State = "created";
  #when: number | null;
  #timer: TimerHandle | Handle | null = null;
  #task: Task<unknown> | null = null;
  /**
   * The task's cancelling() at entry: requests older than the scope (a
   * cancellation the task caught and went on from) are not someone else's.
   */
  #cancellingAtEntry = 0;

  /** @internal Use timeout() or timeoutAt(). */
  constructor(when: number | null) {
    validateSeconds(when, "Timeout", "when", SECONDS_OR_NULL);
    this.#when = when;
  }

  /** The deadline on loop.time(), in seconds; null for none. */
  when(): number | null {
    return this.#when;
  }

  /** Moves the deadline (null: none); only while the body runs. A past deadline expires in the next iteration. */
  reschedule(when: number | null): void {
    validateSeconds(when, "Timeout.reschedule()", "when", SECONDS_OR_NULL);
    if (this.#state === "created") throw new RuntimeError("Timeout has not been entered");
    if (this.#state !== "active") throw new RuntimeError(`Cannot change state of ${this.#state} Timeout`);
    this.#when = when;
    this.#timer?.cancel();
    if (when === null) {
      this.#timer = null;
      return;
    }
    const loop = getRunningLoop();
    this.#timer = when <= loop.time() ? loop.callSoon(this.#onTimeout) : loop.callAt(when, this.#onTimeout);
  }

  /** True once the deadline has passed while the body ran. */
  expired(): boolean {
    return this.#state === "expiring" || this.#state === "expired";
  }

  toString(): string {
    const when =
      this.#state === "active" ? ` when=${this.#when === null ? null : Math.round(this.#when * 1000) / 1000}` : "";
    return `<Timeout [${this.#state}]${when}>`;
  }

  /** @internal asyncio's __aenter__. */
  _enter(): void {
    const task = currentTask();
    if (task === null) throw new RuntimeError("Timeout should be used inside a task");
    this.#state = "active";
    this.#task = task;
    this.#cancellingAtEntry = task.cancelling();
    this.reschedule(this.#when);
  }

  /** @internal asyncio's __aexit__: throws TimeoutError in place of the cancellation it caused. */
  _exit(failed: boolean, error: unknown): void {
    this.#timer?.cancel();
    this.#timer = null;
    if (this.#state === "expiring") {
      this.#state = "expired";
      const othersAsked = this.#task!.uncancel() > this.#cancellingAtEntry;
      if (!othersAsked && failed && error instanceof CancelledError) throw new TimeoutError();
    } else if (this.#state === "active") {
      this.#state = "finished";
    }
  }

  #onTimeout = (): void => {
    this.#task!.cancel();
    this.#state = "expiring";
    this.#timer = null;
  };
}

/** Runs `body(timeout)` in the current task, cancelling it after `delay` **seconds** (null: never). */
export function timeout<R>(delay: number | null, body: (timeout: Timeout) => BodyResult<R>): AwaitableCoroutine<R> {
  validateSeconds(delay, "timeout", "delay", SECONDS_OR_NULL);
  validateCallback(body, "timeout", "body");
  const loop = getRunningLoop();
  return scope(new Timeout(delay === null ? null : loop.time() + delay), body) as AwaitableCoroutine<R>;
}

/** Like timeout(), with an absolute deadline on loop.time() (seconds). */
export function timeoutAt<R>(when: number | null, body: (timeout: Timeout) => BodyResult<R>): AwaitableCoroutine<R> {
  validateSeconds(when, "timeoutAt", "when", SECONDS_OR_NULL);
  validateCallback(body, "timeoutAt", "body");
  return scope(new Timeout(when), body) as AwaitableCoroutine<R>;
}

/** A body is a generator function, or (in an async task) an async function. */
export type BodyResult<R> = Generator<unknown, R, any> | PromiseLike<R> | R;

const scope = coroutine(function* timeoutScope(t: Timeout, body: (timeout: Timeout) => unknown) {
  t._enter();
  let result: unknown;
  try {
    result = yield* awaitInline(body(t));
  } catch (error) {
    t._exit(true, error);
    throw error;
  }
  t._exit(false, undefined);
  return result;
});
