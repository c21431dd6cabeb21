/**
 * Strands: the waits of one task. A generator task has exactly one, its
 * coroutine (the root). An async task has one per thing its code awaits at
 * once (Promise.all/race over awaitables, or un-awaited async helpers called
 * from its code); cancel() cancels every future they wait for.
 *
 * Invariant: an async task's list holds exactly the strands whose awaiting
 * code has not been resumed yet; it is empty while the code runs or waits
 * for something the loop does not know. Costs: add O(1); drop O(1) for the
 * newest strand (the common case), O(n) otherwise; look-up by future O(n),
 * with n the awaits in flight at once (a handful).
 */
import type { Coroutine } from "./coroutines.js";
import type { DoneCallback, Future } from "./futures.js";

/**
 * One wait of a task. `gen` is the coroutine the strand drives (a generator
 * task's own coroutine; a toolkit coroutine an async function awaits), or
 * null when async code awaits `waiter` itself. `resolve`/`reject` resume the
 * async code that awaits the strand (for a generator task: finish the task).
 */
export interface Strand {
  gen: Coroutine | null;
  waiter: Future<unknown> | null;
  resolve: (value: unknown) => unknown;
  reject: (error: unknown) => unknown;
  /** Settles the promise returned by the then() call that made the strand. */
  after: ((value: unknown) => void) | null;
}

/** A generator task's only strand. */
export function rootStrand(gen: Coroutine): Strand {
  return { gen, waiter: null, resolve: doNothing, reject: doNothing, after: null };
}

export class Strands {
  #list: Strand[] = [];

  get size(): number {
    return this.#list.length;
  }

  add(gen: Coroutine | null, resolve: Function, reject: Function): Strand {
    const strand: Strand = {
      gen,
      waiter: null,
      resolve: resolve as Strand["resolve"],
      reject: reject as Strand["reject"],
      after: null,
    };
    this.#list.push(strand);
    return strand;
  }

  drop(strand: Strand): void {
    const list = this.#list;
    if (list[list.length - 1] === strand) {
      list.pop();
      return;
    }
    const index = list.indexOf(strand);
    if (index >= 0) list.splice(index, 1);
  }

  /** The future the oldest strand waits for (a task's description shows it), or null. */
  get firstWaiter(): Future<unknown> | null {
    for (const strand of this.#list) if (strand.waiter !== null) return strand.waiter;
    return null;
  }

  waitingFor(future: Future<unknown>): Strand | null {
    for (const strand of this.#list) if (strand.waiter === future) return strand;
    return null;
  }

  /** Cancels every future the strands wait for; true if any was cancelled. */
  cancelWaiters(message: unknown): boolean {
    let cancelled = false;
    for (const strand of this.#list.slice()) {
      if (strand.waiter?.cancel(message)) cancelled = true;
    }
    return cancelled;
  }

  /** Waits left over when an async task ends (a lost race) are dropped; their coroutines are closed. */
  abandon(wakeup: DoneCallback<unknown>): void {
    const list = this.#list;
    if (list.length === 0) return;
    this.#list = [];
    for (const strand of list) {
      strand.waiter?.removeDoneCallback(wakeup);
      try {
        strand.gen?.return(undefined);
      } catch {
        // A coroutine that fails while closing has nobody left to tell.
      }
    }
  }
}

function doNothing(): void {}
