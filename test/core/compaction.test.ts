/**
 * Cancelled-timer compaction (asyncio rule 34): when the heap has more than
 * MIN_HEAP_FOR_COMPACTION entries and more than half are cancelled, every cancelled
 * entry is dropped at once. The cores check on every cancel and at the start of a run.
 * Observed through heapLength; the timers cancelled are the latest ones, so the head
 * stays live and the head cleanup of rule 33 never interferes.
 */
import { describe, expect, test } from "vitest";
import { CANCELLED_TIMER, type SchedulingCore, SLOT_SPAN } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { order, runBatch, runWait } from "./support.js";

/** `total` timers at 1000, 1001, ...; cancels the last `cancelled`; returns the ids. */
function scheduleAndCancel(core: SchedulingCore, total: number, cancelled: number): number[] {
  const ids = Array.from({ length: total }, (_, i) => core.at(1000 + i));
  for (const id of ids.slice(total - cancelled)) expect(core.cancel(id)).toBe(CANCELLED_TIMER);
  return ids;
}

describe.each(cores)("%s core: compaction", (_name, make) => {
  test("200 timers, 150 cancelled: compacts (at the 101st cancel, 49 cancelled left inside)", () => {
    const core = make();
    scheduleAndCancel(core, 200, 150);
    expect(core.heapLength).toBe(99);
    expect(core.timerCount).toBe(50);
    runWait(core, 0);
    expect(core.heapLength).toBe(99); // 99 entries are too few to compact again
  });

  test("200 timers, 100 cancelled: exactly half is not more than half, no compaction", () => {
    const core = make();
    scheduleAndCancel(core, 200, 100);
    expect(core.heapLength).toBe(200);
    expect(core.timerCount).toBe(100);
    runWait(core, 0);
    expect(core.heapLength).toBe(200);
  });

  test("100 timers, 60 cancelled: 100 entries are not more than 100, no compaction", () => {
    const core = make();
    scheduleAndCancel(core, 100, 60);
    expect(core.heapLength).toBe(100);
    runWait(core, 0);
    expect(core.heapLength).toBe(100);
    expect(core.timerCount).toBe(40);
  });

  test("101 timers, 51 cancelled: compacts to the 50 live ones", () => {
    const core = make();
    scheduleAndCancel(core, 101, 51);
    expect(core.heapLength).toBe(50);
    expect(core.timerCount).toBe(50);
  });

  test("101 timers, 50 cancelled: no compaction", () => {
    const core = make();
    scheduleAndCancel(core, 101, 50);
    expect(core.heapLength).toBe(101);
  });

  test("a run that fires live timers can leave a mostly-cancelled heap, compacted at the next run", () => {
    const core = make();
    // 100 live timers at 1..100 and 100 cancelled at 1000..1099: exactly half, kept.
    const live = Array.from({ length: 100 }, (_, i) => core.at(1 + i));
    const dead = Array.from({ length: 100 }, (_, i) => core.at(1000 + i));
    for (const id of dead) core.cancel(id);
    expect(core.heapLength).toBe(200);
    // Firing 50 live timers leaves 150 entries, 100 of them cancelled.
    expect(order(runBatch(core, 50.5), live)).toEqual(live.slice(0, 50).map((_, i) => i));
    expect(core.heapLength).toBe(150);
    expect(runWait(core, 50.5)).toEqual({ timeout: 0.5, nextDeadline: 51 });
    expect(core.heapLength).toBe(50);
    expect(core.timerCount).toBe(50);
  });

  test("survivors fire in order after compaction", () => {
    const core = make();
    const ids = Array.from({ length: 300 }, (_, i) => core.at(1 + (i % 10)));
    const survivors: number[] = [];
    ids.forEach((id, i) => {
      if (i % 5 === 0) survivors.push(id);
      else core.cancel(id);
    });
    expect(core.heapLength).toBeLessThan(300);
    const expected = survivors
      .map((_id, k) => ({ when: 1 + ((k * 5) % 10), k }))
      .sort((p, q) => p.when - q.when || p.k - q.k)
      .map((p) => p.k);
    expect(order(runBatch(core, 20), survivors)).toEqual(expected);
  });

  test("compaction frees slots in heap-array order, so the last cancelled slot is reused first", () => {
    const core = make();
    // Increasing deadlines: the heap array is in scheduling order, slot i at index i.
    const ids = scheduleAndCancel(core, 101, 51);
    expect(core.soon()).toBe(SLOT_SPAN + 100);
    expect(core.soon()).toBe(SLOT_SPAN + 99);
    void ids;
  });
});
