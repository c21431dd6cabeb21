/**
 * Barrier: asyncio.Barrier. Invariant: the barrier lets tasks through in
 * groups of `parties`. It fills until the last party arrives, then drains
 * (every waiter of the group returns its own index, 0 .. parties-1) before
 * it fills again; tasks arriving while it drains or resets wait for the next
 * round. reset() breaks the current round (its waiters throw
 * BrokenBarrierError) and abort() breaks the barrier for good. All state
 * changes happen under one Condition, as in CPython.
 */
import { BrokenBarrierError } from "../errors.js";
import { type AwaitableCoroutine, coroutine } from "../tasks.js";
import { validateInteger } from "../validate.js";
import { Condition } from "./condition.js";
import { LoopBound } from "./loopbound.js";

type State = "filling" | "draining" | "resetting" | "broken";

export class Barrier extends LoopBound {
  readonly #condition = new Condition();
  readonly #parties: number;
  #state: State = "filling";
  /** Tasks inside wait() for the current round. */
  #count = 0;

  constructor(parties: number) {
    super();
    validateInteger(parties, "Barrier", "parties");
    if (parties < 1) throw new RangeError("parties must be > 0");
    this.#parties = parties;
  }

  /** Waits until `parties` tasks are waiting; gives this task's index in the round. */
  wait(): AwaitableCoroutine<number> {
    return Barrier.#wait(this);
  }

  static #wait = coroutine(function* wait(barrier: Barrier) {
    const condition = barrier.#condition;
    yield* condition.acquire();
    try {
      // Wait while the previous round drains or resets.
      yield* condition.waitFor(() => barrier.#state !== "draining" && barrier.#state !== "resetting");
      if (barrier.broken) throw new BrokenBarrierError("Barrier aborted");
      const index = barrier.#count;
      barrier.#count++;
      try {
        if (index + 1 === barrier.#parties) {
          barrier.#state = "draining";
          condition.notifyAll();
        } else {
          yield* condition.waitFor(() => barrier.#state !== "filling");
          if (barrier.#state === "broken" || barrier.#state === "resetting") {
            throw new BrokenBarrierError("Abort or reset of barrier");
          }
        }
        return index;
      } finally {
        barrier.#count--;
        barrier.#exit();
      }
    } finally {
      condition.release();
    }
  });

  /** The last task out of a draining or resetting round starts the next one. */
  #exit(): void {
    if (this.#count !== 0) return;
    if (this.#state === "resetting" || this.#state === "draining") this.#state = "filling";
    this.#condition.notifyAll();
  }

  /** Breaks the current round (its waiters throw BrokenBarrierError) and starts afresh. */
  reset(): AwaitableCoroutine<void> {
    return Barrier.#reset(this);
  }

  static #reset = coroutine(function* reset(barrier: Barrier) {
    yield* barrier.#condition.acquire();
    try {
      if (barrier.#count > 0) {
        if (barrier.#state !== "resetting") barrier.#state = "resetting";
      } else {
        barrier.#state = "filling";
      }
      barrier.#condition.notifyAll();
    } finally {
      barrier.#condition.release();
    }
  });

  /** Breaks the barrier for good: waiters and later wait() calls throw BrokenBarrierError. */
  abort(): AwaitableCoroutine<void> {
    return Barrier.#abort(this);
  }

  static #abort = coroutine(function* abort(barrier: Barrier) {
    yield* barrier.#condition.acquire();
    try {
      barrier.#state = "broken";
      barrier.#condition.notifyAll();
    } finally {
      barrier.#condition.release();
    }
  });

  get parties(): number {
    return this.#parties;
  }

  /** Tasks waiting in the round that is filling. */
  get nWaiting(): number {
    return this.#state === "filling" ? this.#count : 0;
  }

  get broken(): boolean {
    return this.#state === "broken";
  }

  override toString(): string {
    let extra: string = this.#state;
    if (!this.broken) extra += `, waiters:${this.nWaiting}/${this.#parties}`;
    return `<Barrier [${extra}]>`;
  }
}
