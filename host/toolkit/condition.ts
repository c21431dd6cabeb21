/**
 * Condition: asyncio.Condition. Invariant: wait() releases the lock, waits to
 * be notified, and always holds the lock again when it returns or throws
 * (even when cancelled: it re-acquires, then throws the last CancelledError
 * it met, message and all); notify(n) wakes the n oldest waiters that are
 * still waiting. A wait() that throws wakes one other waiter (CPython 3.13):
 * it may have been notified, and a notification must not be lost with it;
 * the other waiter may then find nothing to do, a spurious wakeup, which a
 * condition variable allows.
 *
 * Costs: notify(n) O(n) amortised, however many waiters were woken before
 * and not yet gone; a waiter's leaving O(1), wherever it is in the queue
 * (waiterqueue.ts).
 */
import { CancelledError, RuntimeError } from "../errors.js";
import type { Future } from "../futures.js";
import { type AwaitableCoroutine, coroutine } from "../tasks.js";
import { expectedError, validateCallback, validateNumber } from "../validate.js";
import { Lock } from "./locks.js";
import { LoopBound } from "./loopbound.js";
import { WaiterQueue } from "./waiterqueue.js";

export class Condition extends LoopBound {
  readonly #lock: Lock;
  #waiters = new WaiterQueue<Future<boolean>>();

  /** `lock`: the underlying Lock; a new one by default. */
  constructor(lock: Lock = new Lock()) {
    super();
    if (!(lock instanceof Lock)) throw expectedError(TypeError, "Condition", "lock", "a Lock", lock);
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
      try {
        const waiter = condition.boundLoop().createFuture<boolean>();
        yield* condition.#waiters.wait(waiter);
        return true as const;
      } finally {
        // The lock must be held again whatever happened, even if that takes several tries.
        let cancelled: CancelledError | null = null;
        for (;;) {
          try {
            yield* condition.acquire();
            break;
          } catch (error) {
            if (!(error instanceof CancelledError)) throw error;
            cancelled = error;
          }
        }
        if (cancelled !== null) throw cancelled;
      }
    } catch (error) {
      // This waiter may have been notified before it failed: pass that on.
      condition.#notify(1);
      throw error;
    }
  });

  /** Waits until `predicate()` is truthy (checked first, then after each notification); gives its value. */
  waitFor<R>(predicate: () => R): AwaitableCoroutine<R> {
    validateCallback(predicate, "Condition.waitFor()", "predicate");
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
    validateNumber(n, "Condition.notify()", "n");
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this.#notify(n);
  }

  /** notify() without the lock check: a wait() whose re-acquire failed passes its notification on too. */
  #notify(n: number): void {
    for (let woken = 0; woken < n; woken++) {
      const waiter = this.#waiters.firstPending();
      if (waiter === undefined) break;
      waiter.setResult(false);
    }
  }

  notifyAll(): void {
    this.notify(this.#waiters.size);
  }

  override toString(): string {
    let extra = this.locked() ? "locked" : "unlocked";
    if (this.#waiters.size) extra += `, waiters:${this.#waiters.size}`;
    return `<Condition [${extra}]>`;
  }
}
