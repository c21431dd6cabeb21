/**
 * WaiterQueue: the futures of the tasks waiting on a primitive (a Lock, an
 * Event, a Queue's getters, ...), oldest first. It is asyncio's deque of
 * waiters without the O(n) walks: deque.remove(fut), and the scans for the
 * first waiter not yet woken or not cancelled.
 *
 * Invariant: the waiters are the entries of #entries still marked `listed`,
 * in the order they were added, and #size counts them. A waiter removed
 * from the middle stays behind as an unlisted entry (removal is lazy) until
 * the front or the back reaches it, or until unlisted entries outnumber
 * listed ones and a compaction drops them all; the front and back entries
 * are always listed. Two cursors say how far a scan may skip: every entry
 * before #notDone is unlisted or done, every entry before #notCancelled is
 * unlisted or cancelled. Both stay true as the queue changes, because a
 * future never becomes pending again and an entry is never listed again.
 *
 * Costs, amortised: add, remove, first, shift O(1); firstPending and
 * allCancelled O(1), as each cursor passes an entry once (once more after a
 * compaction, which the removals that caused it pay for); iteration
 * O(entries).
 */

import type { Future } from "../futures.js";
import { Deque } from "./deque.js";

/** A waiter's place in its queue, kept by the waiter to remove itself. */
export class WaiterEntry<F> {
  /** False once the waiter has left the queue (removed, shifted or cleared). */
  listed = true;

  constructor(readonly future: F) {}
}

export class WaiterQueue<F extends Future<any>> {
  #entries = new Deque<WaiterEntry<F>>();
  #size = 0;
  /** Cursors: offsets from the front (see the invariant). */
  #notDone = 0;
  #notCancelled = 0;

  /** How many waiters are waiting (removed ones not counted), as asyncio's len(waiters). */
  get size(): number {
    return this.#size;
  }

  /** Appends a waiter; the entry is what remove() takes. */
  add(future: F): WaiterEntry<F> {
    const entry = new WaiterEntry(future);
    this.#entries.pushBack(entry);
    this.#size++;
    return entry;
  }

  /**
   * Waits for `future` as a member of the queue (`yield* waiters.wait(f)` in
   * a toolkit coroutine): it joins at the back and leaves however the wait ends.
   */
  *wait(future: F): Generator<F, void, unknown> {
    const entry = this.add(future);
    try {
      yield future;
    } finally {
      this.remove(entry);
    }
  }

  /** Takes the waiter out of the queue; nothing happens if it already left. */
  remove(entry: WaiterEntry<F>): void {
    if (!entry.listed) return;
    entry.listed = false;
    this.#size--;
    this.#dropUnlistedEnds();
    if (this.#entries.length - this.#size > this.#size) this.#compact();
  }

  /** The oldest waiter, done or not; undefined when none waits. */
  first(): F | undefined {
    return this.#entries.peekFront()?.future;
  }

  /** Takes the oldest waiter out of the queue and gives it; undefined when none waits. */
  shift(): F | undefined {
    const entry = this.#entries.popFront();
    if (entry === undefined) return undefined;
    entry.listed = false;
    this.#size--;
    this.#frontDropped();
    this.#dropUnlistedEnds();
    return entry.future;
  }

  /** The oldest waiter that is not done (not yet woken nor cancelled), if any. */
  firstPending(): F | undefined {
    const entries = this.#entries;
    for (; this.#notDone < entries.length; this.#notDone++) {
      const entry = entries.at(this.#notDone)!;
      if (entry.listed && !entry.future.done()) return entry.future;
    }
    return undefined;
  }

  /** True when every waiter is cancelled (so when none waits). */
  allCancelled(): boolean {
    const entries = this.#entries;
    for (; this.#notCancelled < entries.length; this.#notCancelled++) {
      const entry = entries.at(this.#notCancelled)!;
      if (entry.listed && !entry.future.cancelled()) return false;
    }
    return true;
  }

  /** The waiters, oldest first. The queue must not change during the iteration. */
  *[Symbol.iterator](): Generator<F, void, undefined> {
    for (const entry of this.#entries) if (entry.listed) yield entry.future;
  }

  #frontDropped(): void {
    if (this.#notDone > 0) this.#notDone--;
    if (this.#notCancelled > 0) this.#notCancelled--;
  }

  /** Restores "the front and back entries are listed". */
  #dropUnlistedEnds(): void {
    const entries = this.#entries;
    while (entries.length > 0 && !entries.peekFront()!.listed) {
      entries.popFront();
      this.#frontDropped();
    }
    while (entries.length > 0 && !entries.peekBack()!.listed) entries.popBack();
    if (this.#notDone > entries.length) this.#notDone = entries.length;
    if (this.#notCancelled > entries.length) this.#notCancelled = entries.length;
  }

  /** Drops every unlisted entry; each cursor keeps its place among the listed ones. */
  #compact(): void {
    const kept = new Deque<WaiterEntry<F>>();
    let notDone = 0;
    let notCancelled = 0;
    let index = 0;
    for (const entry of this.#entries) {
      if (entry.listed) {
        if (index < this.#notDone) notDone++;
        if (index < this.#notCancelled) notCancelled++;
        kept.pushBack(entry);
      }
      index++;
    }
    this.#entries = kept;
    this.#notDone = notDone;
    this.#notCancelled = notCancelled;
  }
}
