/**
 * Clocks. Time is in seconds (floats), as in asyncio: `loop.time()`,
 * `callLater(delay)` and `callAt(when)` all speak seconds, never ms.
 */

export interface Clock {
  /** Monotonic time in seconds. */
  now(): number;
}

/** The host's monotonic clock, `performance.now()` in seconds. */
export class MonotonicClock implements Clock {
  now(): number {
    return performance.now() / 1000;
  }
}

/**
 * Deterministic time for tests: it moves only when told to, or when the
 * loop would otherwise sleep. A loop on a VirtualClock never waits in the
 * host: a wait that ends at the next timer's deadline sets the time to
 * exactly that deadline (no float drift); a wait of 0 leaves it alone.
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
    this.#now += seconds;
  }

  /** Moves time to `when` unless it is already later (the loop's waits). */
  advanceTo(when: number): void {
    if (when > this.#now) this.#now = when;
  }
}
