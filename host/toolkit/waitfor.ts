/**
 * waitFor(awaitable, timeout): asyncio.wait_for, as in CPython 3.11 (the
 * oracle of the differential suite). Invariant: when it returns or throws,
 * the awaited task is done: on timeout (or when the waiting task is
 * cancelled) it is cancelled and waited for before waitFor gives up, and a
 * cancellation the inner task refused still yields its result. A timeout
 * becomes TimeoutError; null means no timeout, and the awaitable is awaited
 * inline.
 */
import { CancelledError, TimeoutError } from "../errors.js";
import type { Future } from "../futures.js";
import type { EventLoop } from "../loop.js";
import { type AwaitableCoroutine, type TaskTarget, awaitInline, coroutine, ensureFuture, getRunningLoop } from "../tasks.js";
import { SECONDS_OR_NULL, validateSeconds } from "../validate.js";
import { validateAwaitable } from "./awaitables.js";

type WaitForTarget<T> = Future<T> | TaskTarget<T> | PromiseLike<T>;

/** Waits for `awaitable` at most `timeout` **seconds**; then cancels it and throws TimeoutError. */
export function waitFor<T>(awaitable: WaitForTarget<T>, timeout: number | null): AwaitableCoroutine<T> {
  validateAwaitable(awaitable, "waitFor", "awaitable");
  if (timeout !== undefined) validateSeconds(timeout, "waitFor", "timeout", SECONDS_OR_NULL);
  return waitForCoroutine(awaitable, timeout ?? null) as AwaitableCoroutine<T>;
}

const waitForCoroutine = coroutine(function* waitFor<T>(awaitable: WaitForTarget<T>, timeout: number | null) {
  const loop = getRunningLoop();
  if (timeout === null) return (yield* awaitInline<T>(awaitable)) as T;

  if (timeout <= 0) {
    const inner = ensureFuture(awaitable, loop);
    if (inner.done()) return inner.result();
    yield* cancelAndWait(inner, loop);
    return resultAfterTimeout(inner);
  }

  const waiter = loop.createFuture<void>();
  const timer = loop.callLater(timeout, releaseWaiter, waiter);
  const release = () => releaseWaiter(waiter);
  const inner = ensureFuture(awaitable, loop);
  inner.addDoneCallback(release);
  try {
    try {
      yield waiter;
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      if (inner.done()) return inner.result();
      inner.removeDoneCallback(release);
      // Nothing may still run in the inner task once waitFor has ended.
      yield* cancelAndWait(inner, loop);
      throw error;
    }
    if (inner.done()) return inner.result();
    inner.removeDoneCallback(release);
    yield* cancelAndWait(inner, loop);
    // The inner task may have refused the cancellation, or failed meanwhile.
    return resultAfterTimeout(inner);
  } finally {
    timer.cancel();
  }
});

function releaseWaiter(waiter: Future<void>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/**
 * Cancels `inner` and waits until it is done, through a future of its own
 * so that this wait can itself be cancelled.
 */
function* cancelAndWait(inner: Future<any>, loop: EventLoop): Generator<unknown, void, any> {
  const waiter = loop.createFuture<void>();
  const release = () => releaseWaiter(waiter);
  inner.addDoneCallback(release);
  try {
    inner.cancel();
    yield waiter;
  } finally {
    inner.removeDoneCallback(release);
  }
}

/** The inner future's outcome once the timeout has cancelled it: its cancellation becomes TimeoutError. */
function resultAfterTimeout<T>(inner: Future<T>): T {
  try {
    return inner.result();
  } catch (error) {
    if (error instanceof CancelledError) throw new TimeoutError();
    throw error;
  }
}
