/**
 * Event: asyncio.Event. Invariant: set() completes every waiter's future at
 * once (their tasks resume in the next iteration, in the order they began
 * waiting); wait() on a set event returns without suspending; clear() only
 * affects later waits.
 */
import type { Future } from "./futures.js";
import { removeItem } from "./locks.js";
import { LoopBound } from "./loopbound.js";
import { type AwaitableCoroutine, coroutine } from "./tasks.js";

export class Event extends LoopBound {
  #value = false;
  #waiters: Future<boolean>[] = [];

  isSet(): boolean {
    return this.#value;
  }

  /** Sets the flag and wakes every waiting task. */
  set(): void {
    if (this.#value) return;
    this.#value = true;
    for (const waiter of this.#waiters) if (!waiter.done()) waiter.setResult(true);
  }

  /** Resets the flag: later wait() calls block until the next set(). */
  clear(): void {
    this.#value = false;
  }

  /** Waits until the flag is set: `yield* event.wait()` or `await event.wait()`. */
  wait(): AwaitableCoroutine<true> {
    return Event.#wait(this);
  }

  static #wait = coroutine(function* wait(event: Event) {
    if (event.#value) return true as const;
    const waiter = event._getLoop().createFuture<boolean>();
    event.#waiters.push(waiter);
    try {
      yield waiter;
      return true as const;
    } finally {
      removeItem(event.#waiters, waiter);
    }
  });

  override toString(): string {
    let extra = this.#value ? "set" : "unset";
    if (this.#waiters.length) extra += `, waiters:${this.#waiters.length}`;
    return `<Event [${extra}]>`;
  }
}
