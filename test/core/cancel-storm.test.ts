/**
 * A million cancellations finish: compaction keeps cancel() amortised O(1) instead of
 * letting cancelled entries pile up (which would make every later operation slower).
 * No timing assertion; a quadratic core would not finish within the test timeout.
 */
import { describe, expect, test } from "vitest";
import { CANCELLED_TIMER, MIN_HEAP_FOR_COMPACTION } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { runWait } from "./support.js";

const N = 1_000_000;

describe.each(cores)("%s core: a million cancellations", (_name, make) => {
  test("schedule-then-cancel, one at a time: the heap never holds more than a compaction's worth", {
    timeout: 120_000,
  }, () => {
    const core = make();
    let maxHeap = 0;
    for (let i = 0; i < N; i++) {
      const id = core.at(1 + (i % 1000));
      if (core.cancel(id) !== CANCELLED_TIMER) throw new Error(`cancel #${i} did not cancel`);
      if (core.heapLength > maxHeap) maxHeap = core.heapLength;
    }
    expect(maxHeap).toBeLessThanOrEqual(MIN_HEAP_FOR_COMPACTION + 1);
    expect(core.timerCount).toBe(0);
    expect(runWait(core, 0).timeout).toBe(Infinity);
    expect(core.heapLength).toBe(0);
  });

  test("a million timers, all cancelled in scheduling order", { timeout: 120_000 }, () => {
    const core = make();
    const ids = new Float64Array(N);
    for (let i = 0; i < N; i++) ids[i] = core.at(i % 5000);
    for (let i = 0; i < N; i++) {
      if (core.cancel(ids[i]) !== CANCELLED_TIMER) throw new Error(`cancel #${i} did not cancel`);
    }
    expect(core.timerCount).toBe(0);
    expect(core.heapLength).toBeLessThanOrEqual(MIN_HEAP_FOR_COMPACTION);
    expect(runWait(core, 0).timeout).toBe(Infinity);
    expect(core.heapLength).toBe(0);
  });
});
