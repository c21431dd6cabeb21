/** soon() handles run in scheduling order, each exactly once (asyncio rules 13, 14). */
import { describe, expect, test } from "vitest";
import { cores } from "../helpers/cores.js";
import { order, runBatch, runWait } from "./support.js";

describe.each(cores)("%s core: the ready queue is FIFO", (_name, make) => {
  test("handles come out in the order soon() was called", () => {
    const core = make();
    const ids = Array.from({ length: 10 }, () => core.soon());
    expect(core.readyCount).toBe(10);
    expect(order(runBatch(core, 0), ids)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(core.readyCount).toBe(0);
  });

  test("live ids are distinct", () => {
    const core = make();
    const ids = Array.from({ length: 50 }, () => core.soon());
    expect(new Set(ids).size).toBe(50);
  });

  test("a handle scheduled while a batch is out joins the next batch, not the current one", () => {
    const core = make();
    const first = [core.soon(), core.soon()];
    const batch = runBatch(core, 0);
    expect(order(batch, first)).toEqual([0, 1]);

    const late = core.soon();
    expect(core.readyCount).toBe(1);
    // The batch handed out is unchanged by the soon() above.
    expect(Array.from({ length: 2 }, (_, i) => core.batch[i])).toEqual(batch);
    expect(order(runBatch(core, 0), [late])).toEqual([0]);
  });

  test("each handle is handed out once: the next iteration has nothing to run", () => {
    const core = make();
    core.soon();
    core.soon();
    expect(runBatch(core, 0)).toHaveLength(2);
    expect(runWait(core, 0).timeout).toBe(Infinity);
  });

  test("handles scheduled by successive batches keep global FIFO order", () => {
    const core = make();
    const a = core.soon();
    const b = core.soon();
    expect(order(runBatch(core, 0), [a, b])).toEqual([0, 1]);
    // As if a and b each scheduled one handle while running.
    const c = core.soon();
    const d = core.soon();
    const e = core.soon();
    expect(order(runBatch(core, 0), [c, d, e])).toEqual([0, 1, 2]);
  });
});
