/**
 * wait() and asCompleted(): waiting for several futures at once, as in
 * CPython 3.11. Invariant: neither cancels anything. wait() returns when
 * its condition holds (ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION) or
 * its timeout ends, as [done, pending] sets; asCompleted() gives one
 * coroutine per future, and the n-th one awaited gives the n-th future to
 * complete (or throws TimeoutError once the timeout has passed).
 */
import { TimeoutError } from "../errors.js";
import { Future } from "../futures.js";
import type { TimerHandle } from "../handles.js";
import { Queue } from "./queues.js";
import { type AwaitableCoroutine, type TaskTarget, coroutine, ensureFuture, getRunningLoop, isCoroutine } from "../tasks.js";
import { SECONDS_OR_NULL, expectedError, validateOptions, validateSeconds } from "../validate.js";
import { validateAwaitable, validateCollection } from "./awaitables.js";

export const FIRST_COMPLETED = "FIRST_COMPLETED";
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
export const ALL_COMPLETED = "ALL_COMPLETED";
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

export interface WaitOptions {
  /** Seconds; null (the default) waits as long as it takes. */
  timeout?: number | null;
  /** Default ALL_COMPLETED. */
  returnWhen?: ReturnWhen;
}

/** Waits for the futures (Tasks included); gives `[done, pending]`. Never throws TimeoutError. */
export function wait<T>(futures: Iterable<Future<T>>, options?: WaitOptions): AwaitableCoroutine<[Set<Future<T>>, Set<Future<T>>]> {
  validateCollection(futures, "wait", "a list");
  const { timeout = null, returnWhen = ALL_COMPLETED } = validateOptions(options, "wait", ["timeout", "returnWhen"]);
  const set = new Set(futures);
  if (set.size === 0) throw new RangeError("Set of Tasks/Futures is empty.");
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    const kind = typeof returnWhen === "string" ? RangeError : TypeError;
    throw expectedError(kind, "wait", "returnWhen", "FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED", returnWhen);
  }
  validateSeconds(timeout, "wait", "timeout", SECONDS_OR_NULL);
  for (const each of set) {
    if (isCoroutine(each)) throw new TypeError("Passing coroutines is forbidden, use tasks explicitly.");
    if (!(each instanceof Future)) throw expectedError(TypeError, "wait", "every item", "a Future", each);
  }
  return waitCoroutine(set as Set<Future<any>>, timeout as number | null, returnWhen) as unknown as AwaitableCoroutine<[Set<Future<T>>, Set<Future<T>>]>;
}

const waitCoroutine = coroutine(function* wait(futures: Set<Future<unknown>>, timeout: number | null, returnWhen: ReturnWhen) {
  const loop = getRunningLoop();
  const waiter = loop.createFuture<void>();
  const release = () => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  const timer: TimerHandle | null = timeout === null ? null : loop.callLater(timeout, release);
  let left = futures.size;
  const oneDone = (future: Future<unknown>): void => {
    left--;
    const enough =
      left <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !future.cancelled() && future.exception() !== null);
    if (!enough) return;
    timer?.cancel();
    release();
  };
  for (const future of futures) future.addDoneCallback(oneDone);
  try {
    yield waiter;
  } finally {
    timer?.cancel();
    for (const future of futures) future.removeDoneCallback(oneDone);
  }
  const done = new Set<Future<unknown>>();
  const pending = new Set<Future<unknown>>();
  for (const future of futures) (future.done() ? done : pending).add(future);
  return [done, pending] as [Set<Future<unknown>>, Set<Future<unknown>>];
});

export interface AsCompletedOptions {
  /** Seconds; once past, the remaining coroutines throw TimeoutError. */
  timeout?: number | null;
}

/**
 * One coroutine per awaitable (coroutines become Tasks); awaiting them in
 * turn gives the results in the order the awaitables complete:
 * `for (const next of asCompleted(aws)) { const r = await next; }`.
 * The arguments are checked at the call; nothing starts until the first
 * coroutine is taken, as in asyncio.
 */
export function asCompleted<T>(
  awaitables: Iterable<Future<T> | TaskTarget<T> | PromiseLike<T>>,
  options?: AsCompletedOptions,
): Generator<AwaitableCoroutine<T>, void, undefined> {
  validateCollection(awaitables, "asCompleted", "an iterable");
  const { timeout = null } = validateOptions(options, "asCompleted", ["timeout"]);
  validateSeconds(timeout, "asCompleted", "timeout", SECONDS_OR_NULL);
  const unique = new Set(awaitables);
  for (const each of unique) validateAwaitable(each, "asCompleted", "every item");
  return completions(unique, timeout as number | null);
}

function* completions<T>(
  awaitables: Set<Future<T> | TaskTarget<T> | PromiseLike<T>>,
  timeout: number | null,
): Generator<AwaitableCoroutine<T>, void, undefined> {
  const done = new Queue<Future<T> | null>();
  const loop = getRunningLoop();
  const todo = new Set<Future<T>>();
  for (const each of awaitables) todo.add(ensureFuture(each, loop));
  let timer: TimerHandle | null = null;

  const onTimeout = (): void => {
    for (const future of todo) {
      future.removeDoneCallback(oneDone);
      done.putNowait(null); // makes one waiting coroutine throw TimeoutError
    }
    todo.clear();
  };
  const oneDone = (future: Future<T>): void => {
    if (todo.size === 0) return; // the timeout came first
    todo.delete(future);
    done.putNowait(future);
    if (todo.size === 0) timer?.cancel();
  };

  for (const future of todo) future.addDoneCallback(oneDone);
  if (todo.size > 0 && timeout !== null) timer = loop.callLater(timeout, onTimeout);
  for (let i = todo.size; i > 0; i--) yield waitForOne(done) as AwaitableCoroutine<T>;
}

const waitForOne = coroutine(function* waitForOne<T>(done: Queue<Future<T> | null>) {
  const future = yield* done.get();
  if (future === null) throw new TimeoutError();
  return future.result();
});
