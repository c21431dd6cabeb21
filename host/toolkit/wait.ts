/**
 * wait() and asCompleted(): waiting for several futures at once, as in
 * CPython 3.13. Invariant: neither cancels anything. wait() returns when
 * its condition holds (ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION) or
 * its timeout ends, as [done, pending] sets; asCompleted() gives one
 * coroutine per future, and the n-th one awaited gives the n-th future to
 * complete (or throws TimeoutError once the timeout has passed); iterated
 * with `for await`, it gives the futures themselves in that order.
 */
import { TimeoutError } from "../errors.js";
import { Future } from "../futures.js";
import type { TimerHandle } from "../handles.js";
import {
  type AwaitableCoroutine,
  coroutine,
  ensureFuture,
  getRunningLoop,
  isCoroutine,
  type TaskTarget,
} from "../tasks.js";
import { expectedError, SECONDS_OR_NULL, validateOptions, validateSeconds } from "../validate.js";
import { validateAwaitable, validateCollection } from "./awaitables.js";
import { Queue } from "./queues.js";

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
export function wait<T>(
  futures: Iterable<Future<T>>,
  options?: WaitOptions,
): AwaitableCoroutine<[Set<Future<T>>, Set<Future<T>>]> {
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
  return waitCoroutine(set as Set<Future<any>>, timeout as number | null, returnWhen) as unknown as AwaitableCoroutine<
    [Set<Future<T>>, Set<Future<T>>]
  >;
}

const waitCoroutine = coroutine(function* wait(
  futures: Set<Future<unknown>>,
  timeout: number | null,
  returnWhen: ReturnWhen,
) {
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
 * What asCompleted() gives (3.13's iterator): a plain iterator of
 * coroutines, each giving the next result, and an async iterator of the
 * futures themselves in completion order. Both draw on the same count: n
 * awaitables give n items in all, however the two are mixed.
 */
export interface AsCompletedIterator<T> {
  next(): IteratorResult<AwaitableCoroutine<T>, void>;
  [Symbol.iterator](): Iterator<AwaitableCoroutine<T>, void, undefined>;
  // Not an extension of Generator: TypeScript would then type `for await` by the plain iterator.
  [Symbol.asyncIterator](): AsyncIterator<Future<T>>;
}

/**
 * `for (const next of asCompleted(aws)) { const r = await next; }` gives
 * the results in the order the awaitables complete;
 * `for await (const f of asCompleted(aws))` gives the futures (the ones
 * given, or the Tasks and Futures made for coroutines and promises) as they
 * complete. The arguments are checked at the call; nothing starts until
 * the first item is taken, as in asyncio 3.11 (3.13 starts at the call).
 */
export function asCompleted<T>(
  awaitables: Iterable<Future<T> | TaskTarget<T> | PromiseLike<T>>,
  options?: AsCompletedOptions,
): AsCompletedIterator<T> {
  validateCollection(awaitables, "asCompleted", "an iterable");
  const { timeout = null } = validateOptions(options, "asCompleted", ["timeout"]);
  validateSeconds(timeout, "asCompleted", "timeout", SECONDS_OR_NULL);
  const unique = new Set(awaitables);
  for (const each of unique) validateAwaitable(each, "asCompleted", "every item");
  const completions = new Completions(unique, timeout as number | null);
  const plain = completions.coroutines();
  const async: AsyncIterator<Future<T>> & AsyncIterable<Future<T>> = {
    // A toolkit coroutine is a thenable: for await awaits it as a promise, inside the task's step.
    next: () => completions.nextFuture() as unknown as Promise<IteratorResult<Future<T>>>,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return Object.assign(plain, { [Symbol.asyncIterator]: () => async }) as unknown as AsCompletedIterator<T>;
}

const ALL_TAKEN: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** The futures being watched and the queue of those done, set up when the first item is taken. */
class Completions<T> {
  #awaitables: Set<Future<T> | TaskTarget<T> | PromiseLike<T>> | null;
  readonly #timeout: number | null;
  /** Futures in completion order; null for each one the timeout cut off. */
  readonly #done = new Queue<Future<T> | null>();
  /** Items still to be given, by either iterator. */
  #left = 0;

  constructor(awaitables: Set<Future<T> | TaskTarget<T> | PromiseLike<T>>, timeout: number | null) {
    this.#awaitables = awaitables;
    this.#timeout = timeout;
  }

  *coroutines(): Generator<AwaitableCoroutine<T>, void, undefined> {
    for (;;) {
      this.#start();
      if (this.#left === 0) return;
      this.#left--;
      yield nextResult(this.#done) as AwaitableCoroutine<T>;
    }
  }

  nextFuture(): AwaitableCoroutine<IteratorResult<Future<T>, undefined>> | Promise<IteratorReturnResult<undefined>> {
    this.#start();
    if (this.#left === 0) return Promise.resolve(ALL_TAKEN);
    this.#left--;
    return nextFuture(this.#done) as AwaitableCoroutine<IteratorResult<Future<T>, undefined>>;
  }

  #start(): void {
    const awaitables = this.#awaitables;
    if (awaitables === null) return;
    const loop = getRunningLoop();
    this.#awaitables = null;
    const done = this.#done;
    const todo = new Set<Future<T>>();
    for (const each of awaitables) todo.add(ensureFuture(each, loop));
    let timer: TimerHandle | null = null;
    const onTimeout = (): void => {
      for (const future of todo) {
        future.removeDoneCallback(oneDone);
        done.putNowait(null); // makes one waiting item throw TimeoutError
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
    if (todo.size > 0 && this.#timeout !== null) timer = loop.callLater(this.#timeout, onTimeout);
    this.#left = todo.size;
  }
}

const nextResult = coroutine(function* nextResult<T>(done: Queue<Future<T> | null>) {
  const future = yield* done.get();
  if (future === null) throw new TimeoutError();
  return future.result();
});

const nextFuture = coroutine(function* nextFuture<T>(done: Queue<Future<T> | null>) {
  const future = yield* done.get();
  if (future === null) throw new TimeoutError();
  return { done: false, value: future } as IteratorYieldResult<Future<T>>;
});
