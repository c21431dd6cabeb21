/**
 * Future: asyncio's Future, awaitable from JS.
 *
 * State goes PENDING -> FINISHED (result or exception) or PENDING ->
 * CANCELLED, once. Done callbacks are never called synchronously: on the
 * transition each one is scheduled with loop.callSoon(callback, future), in
 * registration order, and the list is emptied.
 */
import { CancelledError, INVALID_STATE, InvalidStateError, NO_RUNNING_LOOP, RuntimeError } from "./errors.js";
import { callableName, formatCallbacks, repr, toText } from "./format.js";
import type { Handle } from "./handles.js";
import { runningLoopNow } from "./running.js";
import { expectedError, hasMethod, isErrorClass, validateCallback } from "./validate.js";

/** What a Future needs from its loop. */
export interface FutureLoop {
  callSoon(callback: (...args: any[]) => unknown, ...args: unknown[]): Handle;
  /** Where an exception nobody retrieved is reported once its future is collected (an EventLoop has it). */
  callExceptionHandler?(context: { [key: string]: unknown }): void;
  /** In debug mode a future keeps where it was made (an EventLoop has it). */
  getDebug?(): boolean;
}

/**
 * What is kept to report a future whose exception nobody retrieved, once
 * the future is garbage-collected (asyncio's Future.__del__). Never the
 * future itself (that would keep it alive): its description, made when the
 * exception was set (J18).
 */
interface Unretrieved {
  readonly loop: FutureLoop;
  readonly kind: string;
  readonly exception: unknown;
  readonly description: string;
  readonly sourceTraceback: string | undefined;
}

/** Made at the first exception set, not at import. */
let unretrievedRegistry: FinalizationRegistry<Unretrieved> | null = null;

function reportUnretrieved(held: Unretrieved): void {
  const { loop, kind, exception, description, sourceTraceback } = held;
  if (!hasMethod(loop, "callExceptionHandler")) return;
  const context: { [key: string]: unknown } = {
    message: `${kind} exception was never retrieved`,
    exception,
    future: description,
  };
  if (sourceTraceback !== undefined) context.source_traceback = sourceTraceback;
  try {
    loop.callExceptionHandler!(context);
  } catch {
    // Reported from the garbage collector's turn: there is no caller to hand the error to.
  }
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

/** Set by Future's static block: reads the private state a description shows. */
let reprInfoOf: (future: Future<any>) => string[];

export class Future<T = unknown> implements PromiseLike<T> {
  #loop: FutureLoop;
  #state: State = PENDING;
  #result: T | undefined = undefined;
  #exception: unknown = null;
  #hasException = false;
  #cancelMessage: unknown = undefined;
  #callbacks: DoneCallback<T>[] = [];
  /** The exception was set and nobody has read it yet: the future is registered to report it when collected. */
  #unretrieved = false;
  /** Debug mode: where the future was made (asyncio's _source_traceback). */
  #sourceTraceback: string | undefined = undefined;

  /**
   * Prefer loop.createFuture(). Without an argument, asyncio's `Future()`: the
   * running loop, else RuntimeError('no running event loop') (J20). An
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
    if ((loop as FutureLoop).getDebug?.() === true) this.#sourceTraceback = creationStack();
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
    if (this.#hasException) {
      if (this.#unretrieved) this.#retrieved();
      throw this.#exception;
    }
    return this.#result as T;
  }

  /** The exception, or null; throws CancelledError, or InvalidStateError while pending. */
  exception(): unknown {
    if (this.#state === CANCELLED) throw cancelledError(this.#cancelMessage);
    if (this.#state === PENDING) throw new InvalidStateError("Exception is not set.");
    if (this.#unretrieved) this.#retrieved();
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
    try {
      this.#scheduleCallbacks();
    } finally {
      // After: the description is made once the callbacks are handed to the loop, as asyncio's is at collection.
      this.#watchUnretrieved(exception);
    }
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
    return `<Future ${this.#reprInfo().join(" ")}>`;
  }

  /** asyncio's `_future_repr_info`: the state, the outcome, the callbacks. */
  #reprInfo(): string[] {
    const info: string[] = [STATE_NAMES[this.#state].toLowerCase()];
    if (this.#state === FINISHED) {
      info.push(this.#hasException ? `exception=${repr(this.#exception)}` : `result=${repr(this.#result)}`);
    }
    if (this.#callbacks.length > 0) info.push(formatCallbacks(this.#callbacks));
    return info;
  }

  static {
    reprInfoOf = (future) => future.#reprInfo();
  }

  /**
   * Registers the future to report its exception if it is collected before
   * anyone reads it. Only futures that fail pay for it, and reading the
   * exception unregisters them.
   */
  #watchUnretrieved(exception: unknown): void {
    if (typeof FinalizationRegistry !== "function") return;
    unretrievedRegistry ??= new FinalizationRegistry(reportUnretrieved);
    const kind = callableName(this.constructor);
    // Described now, once done: a description made later would need the future.
    const description = toText(this);
    const sourceTraceback = this.#sourceTraceback;
    unretrievedRegistry.register(this, { loop: this.#loop, kind, exception, description, sourceTraceback }, this);
    this.#unretrieved = true;
  }

  #retrieved(): void {
    this.#unretrieved = false;
    unretrievedRegistry?.unregister(this);
  }

  #scheduleCallbacks(): void {
    const callbacks = this.#callbacks;
    if (callbacks.length === 0) return;
    this.#callbacks = [];
    for (const callback of callbacks) this.#loop.callSoon(callback, this);
  }
}

/** @internal The parts of a future's description, for a subclass's (host/taskrepr.ts): asyncio's `_future_repr_info`. */
export function futureReprInfo(future: Future<any>): string[] {
  return reprInfoOf(future);
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

/** Where a future was made: the stack without its first line ("Error") and this file's two frames. */
function creationStack(): string {
  return (new Error().stack ?? "").split("\n").slice(3).join("\n");
}
