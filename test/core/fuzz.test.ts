/**
 * Differential fuzzing: the reference core against every other core in `cores`, 2,000
 * random sequences each (WASMLOOP_FUZZ_RUNS / WASMLOOP_FUZZ_SEED override; the seed of
 * a failing run is in the report). `npm run fuzz` runs the same harness for longer.
 *
 * The second block checks the fuzzer itself: cores with one planted bug each must be
 * caught, which shows the random sequences really reach growth, stale ids, ties,
 * cancelled entries and the wait cap.
 */
import { describe, expect, test } from "vitest";
import { ReferenceCore } from "../../host/core/reference.js";
import { MAX_WAIT, type SchedulingCore, SLOT_SPAN, STALE, WAIT } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { runDifferential } from "./differential.js";

const RUNS = Number(process.env.WASMLOOP_FUZZ_RUNS ?? 2000);
const SEED = process.env.WASMLOOP_FUZZ_SEED === undefined ? undefined : Number(process.env.WASMLOOP_FUZZ_SEED);

const makeReference = () => new ReferenceCore();
const others = cores.filter(([name]) => name !== "reference");

describe("differential fuzz", () => {
  // With no other core registered, the reference against itself still exercises the harness.
  const targets = others.length > 0 ? others : cores;
  test.each(targets)(
    `reference vs %s: ${RUNS} random sequences answer identically`,
    { timeout: 600_000 },
    (_name, make) => {
      const result = runDifferential(makeReference, make, { runs: RUNS, seed: SEED });
      expect(result.runs).toBe(RUNS);
    },
  );
});

/** Delegates to a reference core; subclasses plant one bug. */
class Wrapper implements SchedulingCore {
  protected inner = new ReferenceCore();
  soon() {
    return this.inner.soon();
  }
  at(when: number) {
    return this.inner.at(when);
  }
  cancel(id: number) {
    return this.inner.cancel(id);
  }
  runOnce(now: number, resolution: number, stopping: boolean) {
    return this.inner.runOnce(now, resolution, stopping);
  }
  finishBatch() {
    return this.inner.finishBatch();
  }
  get timeout() {
    return this.inner.timeout;
  }
  get nextDeadline() {
    return this.inner.nextDeadline;
  }
  get batch(): ArrayLike<number> {
    return this.inner.batch;
  }
  get timerCount() {
    return this.inner.timerCount;
  }
  get readyCount() {
    return this.inner.readyCount;
  }
  get heapLength() {
    return this.inner.heapLength;
  }
  reset() {
    this.inner.reset();
  }
  dispose() {
    this.inner.dispose();
  }
}

/** Swaps two neighbouring equal-deadline timers in the batch: CPython-like tie order. */
class UnstableTies extends Wrapper {
  private whenOf = new Map<number, number>();
  private copy: number[] = [];
  override at(when: number) {
    const id = super.at(when);
    this.whenOf.set(id % SLOT_SPAN, when);
    return id;
  }
  override soon() {
    const id = super.soon();
    this.whenOf.delete(id % SLOT_SPAN);
    return id;
  }
  override runOnce(now: number, resolution: number, stopping: boolean) {
    const n = super.runOnce(now, resolution, stopping);
    if (n === WAIT) return n;
    this.copy = Array.from({ length: n }, (_, i) => this.inner.batch[i]);
    for (let i = 0; i + 1 < n; i++) {
      const w = this.whenOf.get(this.copy[i]);
      if (w !== undefined && w === this.whenOf.get(this.copy[i + 1])) {
        [this.copy[i], this.copy[i + 1]] = [this.copy[i + 1], this.copy[i]];
        break;
      }
    }
    return n;
  }
  override get batch() {
    return this.copy;
  }
}

/** Reports the live timers as the heap length, forgetting cancelled entries. */
class HeapLengthWithoutCancelled extends Wrapper {
  override get heapLength() {
    return this.inner.timerCount;
  }
}

/** Cannot cancel handles in slots past the initial 1024. */
class LostAfterGrowth extends Wrapper {
  override cancel(id: number) {
    return id % SLOT_SPAN >= 1024 ? STALE : super.cancel(id);
  }
}

/** Ignores generations: an old id cancels whatever now occupies its slot. */
class NoGenerationCheck extends Wrapper {
  private current = new Map<number, number>();
  private remember(id: number) {
    this.current.set(id % SLOT_SPAN, id);
    return id;
  }
  override soon() {
    return this.remember(super.soon());
  }
  override at(when: number) {
    return this.remember(super.at(when));
  }
  override cancel(id: number) {
    const latest = Number.isInteger(id) && id >= 0 ? this.current.get(id % SLOT_SPAN) : undefined;
    return super.cancel(latest ?? id);
  }
  override reset() {
    this.current.clear();
    super.reset();
  }
}

/** Does not cap the wait at MAX_WAIT. */
class Uncapped extends Wrapper {
  private now = 0;
  override runOnce(now: number, resolution: number, stopping: boolean) {
    this.now = now;
    return super.runOnce(now, resolution, stopping);
  }
  override get timeout() {
    const t = super.timeout;
    return t === MAX_WAIT ? this.inner.nextDeadline - this.now : t;
  }
}

describe("the fuzzer catches planted bugs", () => {
  const mutants: Array<[string, () => SchedulingCore]> = [
    ["equal deadlines not FIFO", () => new UnstableTies()],
    ["heapLength without cancelled entries", () => new HeapLengthWithoutCancelled()],
    ["slots past 1024 not cancellable", () => new LostAfterGrowth()],
    ["stale ids cancel the slot's new occupant", () => new NoGenerationCheck()],
    ["wait not capped at MAX_WAIT", () => new Uncapped()],
  ];
  test.each(mutants)("%s", { timeout: 120_000 }, (_name, make) => {
    expect(() => runDifferential(makeReference, make, { runs: 2000, seed: SEED, shrink: false })).toThrow(
      /Divergence|Property failed/,
    );
  });
});
