/**
 * Lock: asyncio.Lock. Invariant: waiters are served first come, first
 * served; release() wakes only the first waiter (its future gets a result),
 * and that waiter takes the lock when its task resumes. A waiter cancelled
 * after being woken passes the wake-up on, so no release is lost; cancelled
 * waiters still in the queue do not keep a new acquire() from taking a free
 * lock at once.
 *
 * Costs: acquire() and release() O(1) amortised, however many waiters
 * there are and wherever a cancelled one leaves from (waiterqueue.ts).
 */
import { CancelledError, RuntimeError } from "../errors.js";
import type { Future } from "../futures.js";
import { type AwaitableCoroutine, coroutine } from "../tasks.js";
import { LoopBound } from "./loopbound.js";
import { WaiterQueue } from "./waiterqueue.js";

export class Lock extends LoopBound {
  #locked = false;
  /** Futures of the acquire() calls waiting, oldest first; null until the first wait. */
  #waiters: WaiterQueue<Future<boolean>> | null = null;

  locked(): boolean {
    return this.#locked;
  }

  /** Takes the lock, waiting for it if it is held: `yield* lock.acquire()` or `await lock.acquire()`. */
  acquire(): AwaitableCoroutine<true> {
    return Lock.#acquire(this);
  }

  static #acquire = coroutine(function* acquire(lock: Lock) {
    if (!lock.#locked && (lock.#waiters === null || lock.#waiters.allCancelled())) {
      lock.#locked = true;
      return true as const;
    }
    const waiters = (lock.#waiters ??= new WaiterQueue());
    const waiter = lock.boundLoop().createFuture<boolean>();
    try {
      yield* waiters.wait(waiter);
    } catch (error) {
      if (error instanceof CancelledError && !lock.#locked) lock.#wakeUpFirst();
      throw error;
    }
    lock.#locked = true;
    return true as const;
  });

  /** Frees the lock and wakes the first waiter; RuntimeError if it is not held. */
  release(): void {
    if (!this.#locked) throw new RuntimeError("Lock is not acquired.");
    this.#locked = false;
    this.#wakeUpFirst();
  }

  #wakeUpFirst(): void {
    const first = this.#waiters?.first();
    if (first !== undefined && !first.done()) first.setResult(true);
  }

  override toString(): string {
    let extra = this.#locked ? "locked" : "unlocked";
    if (this.#waiters?.size) extra += `, waiters:${this.#waiters.size}`;
    return `<Lock [${extra}]>`;
  }
}
