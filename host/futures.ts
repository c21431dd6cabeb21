/**
 * Future: asyncio's Future, awaitable from JS.
 *
 * State goes PENDING -> FINISHED (result or exception) or PENDING ->
 * CANCELLED, once. Done callbacks are never called synchronously: on the
 * transition each one is scheduled with loop.callSoon(callback, future), in
 * registration order, and the list is emptied.
 */
import { CancelledError, INVALID_STATE, InvalidStateError, NO_RUNNING_LOOP, RuntimeError } from "./errors.js";
import { callableName, repr, toText } from "./format.js";
import type { Handle } from "./handles.js";
import { runningLoopNow } from "./running.js";
import { expectedError, hasMethod, isErrorClass, validateCallback } from "./validate.js";

/** What a Future needs from its loop. */
export interface FutureLoop {
  callSoon(callback: (...args: any[]) => unknown, ...args: unknown[]): Handle;
}

const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;
type State = typeof PENDING | typeof CANCELLED | typeof FINISHED;
const STATE_NAMES = ["PENDING", "CANCELLED", "FINISHED"] as const;

export type DoneCallback<T> = (future: Future<T>) => unknown;

/**
 * Set by host/asyncstep.ts (a floor above): when an async-function task awaits a
 * pending future, the engine calls then() from a promise job; the hook lets
 * that task take the wait over (asyncio's _fut_waiter) and returns then()'s
 * promise, or returns undefined to leave then() as it is.
 */
type AwaitHook = (future: Future<any>, onFulfilled: unknown, onRejected: unknown) => Promise<any> | undefined;
let awaitHook: AwaitHook | null = null;

/**
 * How many times a Future has been awaited from JS (then() called): a sign
 * that an async task's code is still running (host/stepwindows.ts).
 */
export let promiseAwaits = 0;

export function setAwaitHook(hook: AwaitHook): void {
  awaitHook = hook;
}

export class Future<T = unknown> implements PromiseLike<T> {
  #loop: FutureLoop;
  #state: State = PENDING;
  #result: T | undefined = undefined;
  #exception: unknown = null;
  #hasException = false;
  #cancelMessage: unknown = undefined;
  #callbacks: DoneCallback<T>[] = [];

  /**
   * Prefer loop.createFuture(). Without an argument, asyncio's `Future()`: the
   * running loop, else RuntimeError('no running event loop') (J15). An
   * explicit undefined or null is refused like any other non-loop: in JS it
   * is more likely a missing variable than a request for the default.
   */
  constructor(loop?: FutureLoop) {
    if (arguments.length === 0) {
      const running = runningLoopNow() as FutureLoop | null;
      if (running === null) throw new RuntimeError(NO_RUNNING_LOOP);
      loop = running;
    }
    if (typeof loop !== "object" || !hasMethod(loop, "callSoon")) {
      // new.target names a subclass (Task) made directly.
      throw expectedError(TypeError, callableName(new.target), null, "an event loop", loop);
    }
    this.#loop = loop;
  }

  getLoop(): FutureLoop {
    return this.#loop;
  }

  done(): boolean {
    return this.#state !== PENDING;
  }

  cancelled(): boolean {
    return this.#state === CANCELLED;
  }

  /** The result; throws the exception, CancelledError, or InvalidStateError while pending. */
  result(): T {
    if (this.#state === CANCELLED) throw cancelledError(this.#cancelMessage);
    if (this.#state === PENDING) throw new InvalidStateError("Result is not set.");
    if (this.#hasException) throw this.#exception;
    return this.#result as T;
  }

  /** The exception, or null; throws CancelledError, or InvalidStateError while pending. */
  exception(): unknown {
    if (this.#state === CANCELLED) throw cancelledError(this.#cancelMessage);
    if (this.#state === PENDING) throw new InvalidStateError("Exception is not set.");
    return this.#hasException ? this.#exception : null;
  }

  setResult(result: T): void {
    if (this.#state !== PENDING) throw new InvalidStateError(INVALID_STATE);
    this.#result = result;
    this.#state = FINISHED;
    this.#scheduleCallbacks();
  }

  /** Any thrown value is accepted; an Error class is instantiated first, as asyncio does. */
  setException(exception: unknown): void {
    if (this.#state !== PENDING) throw new InvalidStateError(INVALID_STATE);
    if (isErrorClass(exception)) exception = new exception();
    this.#exception = exception;
    this.#hasException = true;
    this.#state = FINISHED;
    this.#scheduleCallbacks();
  }

  /** Cancels a pending future (returns true); a done one is left alone (false). */
  cancel(message?: unknown): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = CANCELLED;
    this.#cancelMessage = message;
    this.#scheduleCallbacks();
    return true;
  }

  /** Calls `callback(future)` from the loop once done (at once scheduled, if already done). */
  addDoneCallback(callback: DoneCallback<T>): void {
    validateCallback(callback, "addDoneCallback");
    if (this.#state !== PENDING) this.#loop.callSoon(callback, this);
    else this.#callbacks.push(callback);
  }

  /** Removes every not-yet-scheduled registration of `callback`; returns how many. */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const kept = this.#callbacks.filter((registered) => registered !== callback);
    const removed = this.#callbacks.length - kept.length;
    if (removed > 0) this.#callbacks = kept;
    return removed;
  }

  /**
   * Makes the future awaitable. A done future settles the promise at once;
   * a pending one through a done callback, i.e. from the loop.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    promiseAwaits++;
    if (awaitHook !== null && this.#state === PENDING) {
      const taken = awaitHook(this, onFulfilled, onRejected);
      if (taken !== undefined) return taken;
    }
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        try {
          resolve(this.result());
        } catch (error) {
          reject(error);
        }
      };
      if (this.#state !== PENDING) settle();
      else this.#callbacks.push(settle);
    }).then(onFulfilled, onRejected);
  }

  /**
   * asyncio's Future.__await__ for generator coroutines: `yield* future`
   * hands a pending future to the task once, then gives its result (or
   * throws); a done future gives it at once, without yielding.
   */
  *[Symbol.iterator](): Generator<Future<T>, T, unknown> {
    if (this.#state === PENDING) yield this;
    return this.result();
  }

  toString(): string {
    const state = STATE_NAMES[this.#state];
    if (this.#state === FINISHED) {
      return this.#hasException
        ? `<Future finished exception=${repr(this.#exception)}>`
        : `<Future finished result=${repr(this.#result)}>`;
    }
    return `<Future ${state.toLowerCase()}>`;
  }

  #scheduleCallbacks(): void {
    const callbacks = this.#callbacks;
    if (callbacks.length === 0) return;
    this.#callbacks = [];
    for (const callback of callbacks) this.#loop.callSoon(callback, this);
  }
}

/**
 * @internal The CancelledError a cancelled Future or Task throws: the cancel
 * message as text, "" for none. Never throws: a message that String()
 * cannot convert (a null-prototype object, a toString that throws) is
 * described instead, so a cancelled future always throws a CancelledError.
 */
export function cancelledError(message: unknown): CancelledError {
  return new CancelledError(message === undefined || message === null ? "" : toText(message));
}
