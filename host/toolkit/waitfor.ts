/**
 * waitFor(awaitable, timeout): asyncio.wait_for as CPython 3.12 rebuilt it,
 * on timeout(). Invariant: when it returns or throws, what it awaited is
 * done. A coroutine runs inline in the waiting task, inside a timeout()
 * scope; a Future (a Task among them) is awaited in the same scope, so the
 * timeout cancels it and waits for it; a promise is first made a Future,
 * for the same reason. The timeout's cancellation becomes TimeoutError; an
 * awaitable that refuses it still gives its result; a cancellation of the
 * waiting task reaches the awaitable and goes on. A timeout <= 0 cancels
 * the awaitable at once unless it is done already (a coroutine, made a task,
 * never starts). null means no timeout.
 */
import { CancelledError, TimeoutError } from "../errors.js";
import { Future } from "../futures.js";
import type { EventLoop } from "../loop.js";
import {
  type AwaitableCoroutine,
  awaitInline,
  coroutine,
  ensureFuture,
  getRunningLoop,
  isCoroutine,
  type TaskTarget,
} from "../tasks.js";
import { SECONDS_OR_NULL, validateSeconds } from "../validate.js";
import { validateAwaitable } from "./awaitables.js";
import { timeout as timeoutScope } from "./timeouts.js";

type WaitForTarget<T> = Future<T> | TaskTarget<T> | PromiseLike<T>;

/** Waits for `awaitable` at most `timeout` **seconds**; then cancels it and throws TimeoutError. */
export function waitFor<T>(awaitable: WaitForTarget<T>, timeout: number | null): AwaitableCoroutine<T> {
  validateAwaitable(awaitable, "waitFor", "awaitable");
  if (timeout !== undefined) validateSeconds(timeout, "waitFor", "timeout", SECONDS_OR_NULL);
  return waitForCoroutine(awaitable, timeout ?? null) as AwaitableCoroutine<T>;
}

const waitForCoroutine = coroutine(function* waitFor<T>(awaitable: WaitForTarget<T>, timeout: number | null) {
  const loop = getRunningLoop();
  if (timeout !== null && timeout <= 0) {
    const inner = ensureFuture(awaitable, loop);
    if (inner.done()) return inner.result();
    yield* cancelAndWait(inner, loop);
    return resultAfterTimeout(inner);
  }
  // A promise the task awaited as such could not be cancelled by the timeout.
  const inline = timeout === null || awaitable instanceof Future || isCoroutine(awaitable);
  const target = inline ? awaitable : ensureFuture(awaitable, loop);
  return (yield* timeoutScope(timeout, () => awaitInline<T>(target))) as T;
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

/** The inner future's outcome once cancelled for a timeout <= 0: its cancellation becomes TimeoutError. */
function resultAfterTimeout<T>(inner: Future<T>): T {
  try {
    return inner.result();
  } catch (error) {
    if (error instanceof CancelledError) throw new TimeoutError();
    throw error;
  }
}
