/**
 * Condition: asyncio.Condition. Invariant: wait() releases the lock, waits to
 * be notified, and always holds the lock again when it returns or throws
 * (even when cancelled: it re-acquires, then throws CancelledError);
 * notify(n) wakes the n oldest waiters that are still waiting.
 */
import { CancelledError, RuntimeError } from "./errors.js";
import { describe } from "./format.js";
import type { Future } from "./futures.js";
import { Lock, removeItem } from "./locks.js";
import { LoopBound } from "./loopbound.js";
import { type AwaitableCoroutine, coroutine } from "./tasks.js";

export class Condition extends LoopBound {
  readonly #lock: Lock;
  #waiters: Future<boolean>[] = [];

  /** `lock`: the underlying Lock; a new one by default. */
  constructor(lock: Lock = new Lock()) {
    super();
    if (!(lock instanceof Lock)) throw new TypeError(`Condition() expected a Lock, got ${describe(lock)}`);
    this.#lock = lock;
  }

  locked(): boolean {
    return this.#lock.locked();
  }

  acquire(): AwaitableCoroutine<true> {
    return this.#lock.acquire();
  }

  release(): void {
    this.#lock.release();
  }

  /** Releases the lock, waits for notify(), takes the lock again; gives true. */
  wait(): AwaitableCoroutine<true> {
    return Condition.#wait(this);
  }

  static #wait = coroutine(function* wait(condition: Condition) {
    if (!condition.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
    condition.release();
    try {
      const waiter = condition._getLoop().createFuture<boolean>();
      condition.#waiters.push(waiter);
      try {
        yield waiter;
        return true as const;
      } finally {
        removeItem(condition.#waiters, waiter);
      }
    } finally {
      // The lock must be held again whatever happened, even if that takes several tries.
      let cancelled = false;
      for (;;) {
        try {
          yield* condition.acquire();
          break;
        } catch (error) {
          if (!(error instanceof CancelledError)) throw error;
          cancelled = true;
        }
      }
      if (cancelled) throw new CancelledError();
    }
  });

  /** Waits until `predicate()` is truthy (checked first, then after each notification); gives its value. */
  waitFor<R>(predicate: () => R): AwaitableCoroutine<R> {
    if (typeof predicate !== "function") {
      throw new TypeError(`waitFor() expected a predicate function, got ${describe(predicate)}`);
    }
    return Condition.#waitFor(this, predicate) as AwaitableCoroutine<R>;
  }

  static #waitFor = coroutine(function* waitFor(condition: Condition, predicate: () => unknown) {
    let result = predicate();
    while (!result) {
      yield* condition.wait();
      result = predicate();
    }
    return result;
  });

  /** Wakes up to `n` waiters (default 1); the lock must be held. */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    let woken = 0;
    for (const waiter of this.#waiters) {
      if (woken >= n) break;
      if (!waiter.done()) {
        woken++;
        waiter.setResult(false);
      }
    }
  }

  notifyAll(): void {
    this.notify(this.#waiters.length);
  }

  override toString(): string {
    let extra = this.locked() ? "locked" : "unlocked";
    if (this.#waiters.length) extra += `, waiters:${this.#waiters.length}`;
    return `<Condition [${extra}]>`;
  }
}
