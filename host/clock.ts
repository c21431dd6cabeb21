/**
 * Clocks. Time is in seconds (floats), as in asyncio: `loop.time()`,
 * `callLater(delay)` and `callAt(when)` all speak seconds, never ms.
 *
 * Every reading the loop takes is a finite number: one NaN would become a
 * deadline that compares false with everything and sits at the timer heap's
 * root for good (no timer fires again, and the loop spins), and a string
 * would turn `now + delay` into concatenation. readClock() refuses both.
 */
import { describe, repr } from "./format.js";

export interface Clock {
  /** Monotonic time in seconds. */
  now(): number;
}

/**
 * `clock.now()`, or else an error naming `what` read it (a method, or the
 * run), the clock, and what it returned: a TypeError for a value that is
 * not a number, a RangeError for NaN and the infinities.
 */
export function readClock(clock: Clock, what: string): number {
  const now = clock.now();
  // x - x is 0 for finite numbers only (NaN for NaN and the infinities).
  if (typeof now === "number" && now - now === 0) return now;
  throw badReading(clock, now, what);
}

export function badReading(clock: Clock, value: unknown, what: string): TypeError | RangeError {
  const message = `${what} read the loop's clock ${repr(clock)}: now() returned ${repr(value)}, expected a finite number of seconds`;
  return typeof value === "number" ? new RangeError(message) : new TypeError(message);
}

/** The host's monotonic clock, `performance.now()` in seconds. */
export class MonotonicClock implements Clock {
  now(): number {
    return performance.now() / 1000;
  }
}

/**
 * Deterministic time for tests: it moves only when told to, or when the
 * loop would otherwise sleep. A loop on a VirtualClock never waits on a host
 * timer: a wait sets the time to exactly the next timer's deadline (no float
 * drift), however far away, once the host has had a turn (so every promise
 * continuation started before has run); a wait of 0 leaves it alone.
 */
export class VirtualClock implements Clock {
  #now: number;

  constructor(startSeconds = 0) {
    if (typeof startSeconds !== "number") {
      throw new TypeError(`VirtualClock() expected startSeconds to be a number, got ${typeof startSeconds}`);
    }
    if (!Number.isFinite(startSeconds)) {
      throw new RangeError(`VirtualClock() expected startSeconds to be finite, got ${startSeconds}`);
    }
    this.#now = startSeconds;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `seconds` at once (models time spent in a callback). */
  advance(seconds: number): void {
    if (typeof seconds !== "number") {
      throw new TypeError(`advance() expected seconds to be a number, got ${typeof seconds}`);
    }
    if (!(seconds >= 0) || seconds === Infinity) {
      throw new RangeError(`advance() expected a finite number of seconds >= 0, got ${seconds}`);
    }
    const later = this.#now + seconds;
    if (later === Infinity) {
      throw new RangeError(`advance() expected a step that keeps the time finite, got ${seconds} from ${this.#now}`);
    }
    this.#now = later;
  }

  /** Moves time to `when` (the loop's waits end here); never back: `when` < now() is refused. */
  advanceTo(when: number): void {
    if (typeof when !== "number") {
      throw new TypeError(`advanceTo() expected when to be a number of seconds, got ${describe(when)}`);
    }
    if (when - when !== 0) {
      throw new RangeError(`advanceTo() expected when to be a finite number of seconds, got ${when}`);
    }
    if (when < this.#now) {
      throw new RangeError(`advanceTo() cannot move time back: got ${when}, the time is already ${this.#now}`);
    }
    this.#now = when;
  }
}
