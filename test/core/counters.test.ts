/** timerCount, readyCount and heapLength through a handle's life. */
import { describe, expect, test } from "vitest";
import { cores } from "../helpers/cores.js";
import { counters, runBatch, runWait } from "./support.js";

describe.each(cores)("%s core: counters", (_name, make) => {
  test("a fresh core counts nothing", () => {
    expect(counters(make())).toEqual({ timerCount: 0, readyCount: 0, heapLength: 0 });
  });

  test("scheduling, cancelling and running move the counts as asyncio's len(_ready) / len(_scheduled)", () => {
    const core = make();
    const r1 = core.soon();
    core.soon();
    const t1 = core.at(1);
    core.at(2);
    core.at(3);
    expect(counters(core)).toEqual({ timerCount: 3, readyCount: 2, heapLength: 3 });

    core.cancel(r1);
    core.cancel(t1);
    // A cancelled ready handle is still in the queue; a cancelled timer still in the heap.
    expect(counters(core)).toEqual({ timerCount: 2, readyCount: 2, heapLength: 3 });

    // Cancelled head dropped, the timer at 2 moved, the one at 3 still waiting.
    expect(runBatch(core, 2.5)).toHaveLength(2);
    expect(counters(core)).toEqual({ timerCount: 1, readyCount: 0, heapLength: 1 });

    // The batch is not counted as ready.
    core.soon();
    expect(counters(core)).toEqual({ timerCount: 1, readyCount: 1, heapLength: 1 });
    expect(runBatch(core, 2.5)).toHaveLength(1);
    runWait(core, 2.5);
    expect(counters(core)).toEqual({ timerCount: 1, readyCount: 0, heapLength: 1 });
  });
});
