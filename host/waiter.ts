/**
 * How a loop waits: the strategy its run hands the wait to, as asyncio
 * hands it to `selector.select(timeout)` and Tokio to `Driver::park`. The
 * loop is given its waiter when it is made, chosen by its clock:
 *
 *   RealTimeWaiter     a host timer for the timeout (capped at MAX_WAIT, a
 *                      day, as asyncio caps select()); host code that
 *                      schedules something wakes the loop sooner.
 *   VirtualTimeWaiter  no host timer: time jumps straight to the deadline
 *                      at the next host turn, once every promise
 *                      continuation started so far has run.
 *
 * A wait ends in one of three ways: its time is up (`unpark`, then
 * `waitEnded` with what the host completed meanwhile), the loop is woken (`wake()`: the waiter
 * forgets the wait, the loop resumes itself), or the run ends (`end()`).
 * The completions are the seam where host I/O will be collected (the
 * "poll" of the wait); today a wait ends with none.
 */
import type { VirtualClock } from "./clock.js";
import { MAX_WAIT } from "./core/types.js";
import { RuntimeError, WOULD_WAIT_FOREVER } from "./errors.js";
import { type HostTimer, nextHostTurn, startHostTimer, stopHostTimer } from "./hostturns.js";

/** Something the host completed while the loop waited; the loop schedules it. None yet. */
export type Completion = () => void;
const NO_COMPLETIONS: readonly Completion[] = Object.freeze([]);

/** What a waiter tells the loop it waits for. */
export interface WaitOwner {
  /** The wait is over: the loop stops waiting; false if it no longer was. */
  unpark(): boolean;
  /** Then the run goes on, after scheduling `completions`. */
  waitEnded(completions: readonly Completion[]): void;
  /** The wait cannot end (a VirtualClock's advanceTo threw): the run fails with `error`. */
  waitFailed(error: unknown): void;
  /** Nothing is scheduled and the host had its turn: the loop looks again, as after a wake-up. */
  wakeUp(): void;
  /** Whether something outside the loop (a promise a run waits for) can still wake it. */
  canBeWoken(): boolean;
}

export interface Waiter {
  /**
   * Waits `timeout` seconds (Infinity: until woken) for the timer due at
   * `deadline`; `batches` counts the batches the loop has run, so that an
   * idle loop can tell a second idle wait in a row from a first.
   */
  wait(timeout: number, deadline: number, batches: number): void;
  /** The loop was woken: this wait is over, and ends no more. */
  wake(): void;
  /** The run is over. */
  end(): void;
}

export class RealTimeWaiter implements Waiter {
  readonly #owner: WaitOwner;
  #timer: HostTimer | null = null;

  constructor(owner: WaitOwner) {
    this.#owner = owner;
  }

  wait(timeout: number): void {
    this.#timer = startHostTimer(timeout === Infinity ? MAX_WAIT : timeout, this.#expired);
  }

  wake(): void {
    this.end();
  }

  end(): void {
    if (this.#timer === null) return;
    stopHostTimer(this.#timer);
    this.#timer = null;
  }

  #expired = (): void => {
    this.#timer = null;
    if (this.#owner.unpark()) this.#owner.waitEnded(NO_COMPLETIONS);
  };
}

/**
 * By the next host turn every promise continuation started so far has run,
 * however many hops its chain takes, as it would have while the real clock
 * waited (no number of microtask hops can know that); the turn costs 1-2 us
 * per jump on Node. The jump goes to the deadline at once, however far:
 * asyncio's one-day cap is for host timers, and steps of a day would take
 * forever to reach 1e300 (past ~1e20 s they add nothing).
 */
export class VirtualTimeWaiter implements Waiter {
  readonly #owner: WaitOwner;
  readonly #clock: VirtualClock;
  /** Counts waits and wake-ups, so a host turn of an outdated wait does nothing. */
  #turn = 0;
  /** `batches` when an idle wait gave the host its turn; -1 after a jump or a run's end. */
  #idleAt = -1;

  constructor(owner: WaitOwner, clock: VirtualClock) {
    this.#owner = owner;
    this.#clock = clock;
  }

  wait(_timeout: number, deadline: number, batches: number): void {
    const turn = ++this.#turn;
    if (deadline === Infinity) {
      this.#waitIdle(turn, batches);
      return;
    }
    nextHostTurn(() => {
      // Woken meanwhile: that wake-up resumes the run.
      if (turn !== this.#turn || !this.#owner.unpark()) return;
      this.#idleAt = -1;
      const clock = this.#clock;
      try {
        // Host code may have advanced the clock past the deadline meanwhile: time never goes back.
        if (deadline > clock.now()) clock.advanceTo(deadline);
      } catch (error) {
        this.#owner.waitFailed(error); // a subclass's advanceTo that throws fails the run, never leaves it parked
        return;
      }
      this.#owner.waitEnded(NO_COMPLETIONS);
    });
  }

  /**
   * Nothing scheduled: only the host can still wake the loop. Give it a
   * turn (a continuation may schedule work); if nothing can come, say so
   * rather than hang a deterministic test.
   */
  #waitIdle(turn: number, batches: number): void {
    const wakeable = this.#owner.canBeWoken();
    if (!wakeable && this.#idleAt === batches) throw new RuntimeError(WOULD_WAIT_FOREVER);
    this.#idleAt = batches;
    if (!wakeable) nextHostTurn(() => turn === this.#turn && this.#owner.wakeUp());
  }

  wake(): void {
    this.#turn++;
  }

  end(): void {
    this.#turn++;
    this.#idleAt = -1;
  }
}
