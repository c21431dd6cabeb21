/** reset() (a loop's close()) forgets everything: all ids stale, counting starts over. */
import { describe, expect, test } from "vitest";
import { CANCELLED_READY, STALE } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { counters, order, runBatch, runWait } from "./support.js";

describe.each(cores)("%s core: reset", (_name, make) => {
  test("pending handles, timers and the batch are forgotten", () => {
    const core = make();
    const batchId = core.soon();
    runBatch(core, 0);
    const ready = core.soon();
    const timer = core.at(5);
    const cancelled = core.at(6);
    core.cancel(cancelled);
    core.reset();
    expect(counters(core)).toEqual({ timerCount: 0, readyCount: 0, heapLength: 0 });
    for (const id of [batchId, ready, timer, cancelled]) expect(core.cancel(id)).toBe(STALE);
    expect(runWait(core, 10)).toEqual({ timeout: Infinity, nextDeadline: Infinity });
  });

  test("ids start over at 0 and the previous batch is not released into the new state", () => {
    const core = make();
    core.soon();
    core.soon();
    runBatch(core, 0);
    core.reset();
    expect([core.soon(), core.soon(), core.soon()]).toEqual([0, 1, 2]);
    // Had the old batch been released after reset, slot 0 or 1 would now be stale.
    expect(core.cancel(0)).toBe(CANCELLED_READY);
    expect(runBatch(core, 0)).toEqual([1, 2]);
  });

  test("timer order starts over too: equal deadlines after reset fire in the new scheduling order", () => {
    const core = make();
    for (let i = 0; i < 10; i++) core.at(1);
    core.reset();
    const ids = [core.at(1), core.at(1), core.at(1)];
    expect(order(runBatch(core, 2), ids)).toEqual([0, 1, 2]);
  });

  test("a core reset after growing grows again and works as new", () => {
    const core = make();
    for (let i = 0; i < 3000; i++) core.soon();
    for (let i = 0; i < 3000; i++) core.at(i);
    core.reset();
    const ids = Array.from({ length: 2500 }, () => core.soon());
    expect(ids[2499]).toBe(2499);
    expect(runBatch(core, 0)).toHaveLength(2500);
  });

  test("reset of a fresh core is harmless", () => {
    const core = make();
    core.reset();
    core.reset();
    expect(core.soon()).toBe(0);
  });
});
