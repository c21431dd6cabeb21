/**
 * Timers fire by deadline, and equal deadlines in scheduling order (wasmloop's J4, which
 * replaces CPython's heap-dependent tie order, rules 24 and 36).
 */
import { describe, expect, test } from "vitest";
import { CANCELLED_TIMER } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { order, runBatch } from "./support.js";

describe.each(cores)("%s core: timer order", (_name, make) => {
  test("timers fire in increasing deadline, whatever the scheduling order", () => {
    const core = make();
    const ids = [core.at(3), core.at(1), core.at(2), core.at(0.5)];
    expect(order(runBatch(core, 10), ids)).toEqual([3, 1, 2, 0]);
  });

  test("8 equal deadlines fire 0..7 (CPython's heapq gives 0,2,6,5,7,4,1,3)", () => {
    const core = make();
    const ids = Array.from({ length: 8 }, () => core.at(5));
    expect(order(runBatch(core, 5), ids)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test("three equal deadlines behind two earlier timers fire in scheduling order (CPython: 0,2,1)", () => {
    const core = make();
    const early = [core.at(1), core.at(2)];
    const ties = [core.at(3), core.at(3), core.at(3)];
    expect(order(runBatch(core, 10), [...early, ...ties])).toEqual([0, 1, 2, 3, 4]);
  });

  test("ties interleaved with other deadlines keep scheduling order within each deadline", () => {
    const core = make();
    const ids = [core.at(5), core.at(1), core.at(5), core.at(1), core.at(5), core.at(3)];
    expect(order(runBatch(core, 10), ids)).toEqual([1, 3, 5, 0, 2, 4]);
  });

  test("negative and -Infinity deadlines are due at once, ordered among themselves (rule 21)", () => {
    const core = make();
    const ids = [core.at(-1), core.at(-2), core.at(-Infinity), core.at(-1e300), core.at(-Infinity)];
    expect(order(runBatch(core, 0), ids)).toEqual([2, 4, 3, 1, 0]);
  });

  test("only due timers fire; the rest keep their order for later iterations", () => {
    const core = make();
    const ids = [core.at(4), core.at(2), core.at(4), core.at(6), core.at(2)];
    expect(order(runBatch(core, 3), ids)).toEqual([1, 4]);
    expect(order(runBatch(core, 5), ids)).toEqual([0, 2]);
    expect(order(runBatch(core, 7), ids)).toEqual([3]);
  });

  test("equal deadlines stay in scheduling order after a compaction re-heapifies", () => {
    const core = make();
    const keep: number[] = [];
    const drop: number[] = [];
    // Fillers scheduled between the keepers move them around the heap array.
    for (let i = 0; i < 150; i++) {
      drop.push(core.at(1 + (i % 7)));
      if (i % 3 === 0) keep.push(core.at(50));
    }
    for (const id of drop) expect(core.cancel(id)).toBe(CANCELLED_TIMER);
    expect(core.heapLength).toBeLessThan(150 + keep.length); // a compaction happened
    expect(order(runBatch(core, 100), keep)).toEqual(keep.map((_, i) => i));
  });

  test("3000 timers with many ties fire sorted by (deadline, scheduling order)", () => {
    const core = make();
    const whens: number[] = [];
    let x = 12345;
    for (let i = 0; i < 3000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      whens.push(x % 40);
    }
    const ids = whens.map((when) => core.at(when));
    const expected = whens
      .map((when, i) => ({ when, i }))
      .sort((p, q) => p.when - q.when || p.i - q.i)
      .map((p) => p.i);
    expect(order(runBatch(core, 100), ids)).toEqual(expected);
  });
});
