/**
 * What runUntilComplete() waits for, as a Future; and promises given to a
 * loop (runUntilComplete, ensureFuture): each becomes a Future of the loop that the promise settles. Until it settles, it is
 * something that can wake the loop: a loop on a VirtualClock with nothing
 * scheduled waits for it rather than declare that it would wait forever
 * (host/waiter.ts).
 *
 * Invariant: a loop's count is the number of its wrapped promises neither
 * settled nor released. Costs: O(1) per promise, plus its two reactions.
 */
import { type Coroutine, isCoroutine, type TaskOf, type TaskTarget } from "./coroutines.js";
import { AWAITABLE_REQUIRED, FOREIGN_FUTURE, RuntimeError } from "./errors.js";
import type { ExceptionContext } from "./exceptions.js";
import { describe, repr } from "./format.js";
import { Future, type FutureLoop } from "./futures.js";
import {
  asyncioError,
  isCoroutineFunction,
  isGenerator,
  isInstanceOf,
  isTaskFunction,
  isThenable,
} from "./validate.js";

/** What a wrapped promise needs from its loop. */
export interface PromiseOwner extends FutureLoop {
  isClosed(): boolean;
  callExceptionHandler(context: ExceptionContext): void;
  createTask<T>(coro: TaskTarget<T>): TaskOf<T>;
}

/**
 * The Future runUntilComplete() waits for: a Future of the loop as it is, a
 * coroutine as a Task, a promise wrapped (see futureOfPromise); and what to
 * do once the run is over.
 */
export function futureToRunUntil<T>(
  owner: PromiseOwner,
  awaitable: Future<T> | TaskTarget<T> | PromiseLike<T>,
): { future: Future<T>; release: () => void } {
  if (isInstanceOf<Future<T>>(awaitable, Future)) {
    if (awaitable.getLoop() !== owner) throw new RangeError(FOREIGN_FUTURE);
    return { future: awaitable, release: doNothing };
  }
  if (isCoroutine(awaitable))
    return { future: owner.createTask(awaitable as TaskTarget<T>) as Future<T>, release: doNothing };
  if (!isThenable(awaitable)) {
    throw asyncioError(TypeError, "runUntilComplete", `${AWAITABLE_REQUIRED}, got ${describe(awaitable)}`);
  }
  return futureOfPromise(owner, awaitable);
}

function doNothing(): void {}

/**
 * What a Task runs, from what it was given (J16), or null if it cannot run
 * it: a generator as it is; a function (async, generator, or plain, which
 * must return a coroutine or a promise) called at its first step; a promise
 * (an async function already called: a coroutine that started eagerly)
 * followed through a Future of the loop, attached at once so that a
 * rejection is never unhandled. A Future is not a coroutine: ensureFuture()
 * returns it as it is.
 */
export function taskTarget(
  owner: PromiseOwner,
  coro: unknown,
): { start: (() => unknown) | null; gen: Coroutine | null } | null {
  if (!isTaskTarget(coro)) return null;
  if (isGenerator(coro)) return { start: null, gen: coro as Coroutine };
  if (typeof coro === "function") return { start: coro as () => unknown, gen: null };
  return { start: null, gen: futureOfPromise(owner, coro as PromiseLike<unknown>).future[Symbol.iterator]() };
}

/** Whether a Task can run `coro` (taskTarget() without making anything): for checks at the call. */
export function isTaskTarget(coro: unknown): boolean {
  if (isGenerator(coro)) return true;
  // An async generator function makes no coroutine a task can follow.
  if (typeof coro === "function") return !isCoroutineFunction(coro) || isTaskFunction(coro);
  return isThenable(coro) && !isInstanceOf(coro, Future);
}

/**
 * What runUntilComplete()'s promise resolves with (J15): the future's result,
 * except that a promise cannot hold a Future (it follows any thenable it is
 * resolved with, and once the run is over nothing runs a pending Future's
 * callbacks, so it would never settle). A done Future gives its own outcome,
 * as a promise resolved with it would; a pending one is refused.
 */
export function runResult<T>(future: Future<T>): T {
  let value: unknown = future.result();
  while (isInstanceOf<Future<unknown>>(value, Future)) {
    if (!value.done()) {
      throw new RuntimeError(
        `runUntilComplete(): the result is a pending Future, ${repr(value)}, which a promise would wait for ` +
          "for ever once the loop stops; return it wrapped (e.g. { future }) to get the Future itself",
      );
    }
    value = value.result();
  }
  return value as T;
}

/** Per loop: how many wrapped promises have neither settled nor been released. */
const pendingByLoop = new WeakMap<object, { count: number }>();

/** How many promises given to `owner` can still wake it. */
export function pendingPromises(owner: PromiseOwner): number {
  return pendingByLoop.get(owner)?.count ?? 0;
}

/**
 * A Future of `owner` that `thenable` settles, and a function that stops
 * counting the promise (once the run that waits for it is over, it can
 * wake nobody: its future has nobody listening).
 */
export function futureOfPromise<T>(
  owner: PromiseOwner,
  thenable: PromiseLike<T>,
): { future: Future<T>; release: () => void } {
  let pending = pendingByLoop.get(owner);
  if (pending === undefined) pendingByLoop.set(owner, (pending = { count: 0 }));
  const future = new Future<T>(owner);
  let counted = true;
  pending.count++;
  const release = () => {
    if (!counted) return;
    counted = false;
    pending.count--;
  };
  const settle = (complete: () => void) => {
    release();
    // A loop closed meanwhile has nobody left to tell.
    if (future.done() || owner.isClosed()) return;
    try {
      complete();
    } catch (exception) {
      // A promise job: what it threw would reach the host as an unhandled rejection.
      const context = {
        message: "Exception in a promise job of a future",
        exception,
        future: future as Future<unknown>,
      };
      owner.callExceptionHandler(context);
    }
  };
  Promise.resolve(thenable).then(
    (value) => settle(() => future.setResult(value)),
    (error: unknown) => settle(() => future.setException(error)),
  );
  return { future, release };
}
