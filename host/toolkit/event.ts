/**
 * Event: asyncio.Event. Invariant: set() completes every waiter's future at
 * once (their tasks resume in the next iteration, in the order they began
 * waiting); wait() on a set event returns without suspending; clear() only
 * affects later waits.
 *
 * Costs: set() O(waiters); wait() O(1), and so is a waiter's leaving,
 * wherever it is in the queue (waiterqueue.ts).
 */
import type { Future } from "../futures.js";
import { type AwaitableCoroutine, coroutine } from "../tasks.js";
import { LoopBound } from "./loopbound.js";
import { WaiterQueue } from "./waiterqueue.js";

export class Event extends LoopBound {
  #value = false;
  #waiters = new WaiterQueue<Future<boolean>>();

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
    const waiter = event.boundLoop().createFuture<boolean>();
    yield* event.#waiters.wait(waiter);
    return true as const;
  });

  override toString(): string {
    let extra = this.#value ? "set" : "unset";
    if (this.#waiters.size) extra += `, waiters:${this.#waiters.size}`;
    return `<Event [${extra}]>`;
  }
}
