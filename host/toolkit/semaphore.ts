/**
 * Semaphore and BoundedSemaphore: asyncio's. Invariant: the counter never
 * goes below zero; release() hands a unit to the oldest waiter still waiting
 * (counting it as taken at once, so a newcomer cannot overtake), and a waiter
 * cancelled after being handed a unit gives it back; a waiter that leaves,
 * with its unit or cancelled, wakes as many of the others as there are free
 * units.
 *
 * Costs: locked() and release() O(1) amortised, acquire() too plus O(1) per
 * waiter it wakes, however many waiters there are, woken or cancelled
 * (waiterqueue.ts).
 */
import { CancelledError } from "../errors.js";
import type { Future } from "../futures.js";
import { type AwaitableCoroutine, coroutine } from "../tasks.js";
import { validateInteger } from "../validate.js";
import { LoopBound } from "./loopbound.js";
import { WaiterQueue } from "./waiterqueue.js";

export class Semaphore extends LoopBound {
  #value: number;
  /** Futures of the acquire() calls waiting, oldest first; null until the first wait. */
  #waiters: WaiterQueue<Future<boolean>> | null = null;

  /** `value`: the initial counter, an integer >= 0 (default 1). */
  constructor(value = 1) {
    super();
    // The subclass's name, with "()" given here: it need not be a plain identifier.
    validateInteger(value, `${new.target.name}()`, "value");
    if (value < 0) throw new RangeError("Semaphore initial value must be >= 0");
    this.#value = value;
  }

  /** True when acquire() would wait. */
  locked(): boolean {
    return this.#value === 0 || (this.#waiters !== null && !this.#waiters.allCancelled());
  }

  /** Takes a unit, waiting for one if needed: `yield* sem.acquire()` or `await sem.acquire()`. */
  acquire(): AwaitableCoroutine<true> {
    return Semaphore.#acquire(this);
  }

  static #acquire = coroutine(function* acquire(sem: Semaphore) {
    if (!sem.locked()) {
      sem.#value--;
      return true as const;
    }
    const waiters = (sem.#waiters ??= new WaiterQueue());
    const waiter = sem.boundLoop().createFuture<boolean>();
    try {
      yield* waiters.wait(waiter);
    } catch (error) {
      // Woken, then cancelled before it could take its unit: give it back.
      if (error instanceof CancelledError && waiter.done() && !waiter.cancelled()) sem.#value++;
      throw error;
    } finally {
      // Callers that came while this one was being woken queued behind it
      // (FIFO) although units were free: wake as many as there are units, all
      // at once (CPython 3.13), not one per resumed waiter, which lets a task
      // created meanwhile run before the last of them.
      while (sem.#value > 0) if (!sem.#wakeUpNext()) break;
    }
    return true as const;
  });

  /** Gives a unit back and wakes the oldest waiter. */
  release(): void {
    this.#value++;
    this.#wakeUpNext();
  }

  /** @internal */
  protected _value(): number {
    return this.#value;
  }

  /** False when nobody was waiting. */
  #wakeUpNext(): boolean {
    const waiter = this.#waiters?.firstPending();
    if (waiter === undefined) return false;
    this.#value--;
    waiter.setResult(true);
    return true;
  }

  override toString(): string {
    let extra = this.locked() ? "locked" : `unlocked, value:${this.#value}`;
    if (this.#waiters?.size) extra += `, waiters:${this.#waiters.size}`;
    return `<${this.constructor.name} [${extra}]>`;
  }
}

/** A Semaphore whose release() refuses to go above the initial value. */
export class BoundedSemaphore extends Semaphore {
  readonly #bound: number;

  constructor(value = 1) {
    super(value);
    this.#bound = value;
  }

  override release(): void {
    if (this._value() >= this.#bound) throw new RangeError("BoundedSemaphore released too many times");
    super.release();
  }
}
