/**
 * finishBatch(): the loop says it has run the batch, and its slots are free at
 * once (in batch order, exactly as the next runOnce would release them), so a
 * run that stops after a batch that filled the table leaves the table free.
 * The lists it reshuffles share memory with the free stack: the cases where
 * they touch (a full table) keep every order.
 */
import { describe, expect, test } from "vitest";
import { cores } from "../helpers/cores.js";
import { CANCELLED_READY, SLOT_SPAN, STALE } from "../../host/core/types.js";
import { order, runBatch, runWait } from "./support.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe.each(cores)("%s core: finishBatch", (_name, make) => {
  test("the batch's slots are released at once, last of the batch reused first", () => {
    const core = make();
    const ids = [core.soon(), core.soon(), core.soon()];
    expect(runBatch(core, 0)).toHaveLength(3);
    core.finishBatch();
    expect(core.cancel(ids[0])).toBe(STALE);
    expect([core.soon(), core.soon(), core.soon(), core.soon()]).toEqual([SLOT_SPAN + 2, SLOT_SPAN + 1, SLOT_SPAN, 3]);
  });

  test("finishing twice, or with no batch out, does nothing; runOnce after it releases nothing more", () => {
    const core = make();
    core.finishBatch();
    const a = core.soon();
    runBatch(core, 0);
    core.finishBatch();
    core.finishBatch();
    expect(core.soon()).toBe(a + SLOT_SPAN);
    expect(runBatch(core, 0)).toEqual([0]);
    runWait(core, 0);
    expect(core.soon()).toBe(a + 2 * SLOT_SPAN);
  });

  test("a full table: batch and ready queue fill the lists, order and ids are kept", () => {
    const core = make();
    // 1024 is both cores' first capacity: 600 in the batch, 424 made ready while it is out.
    const first = range(600).map(() => core.soon());
    expect(order(runBatch(core, 0), first)).toEqual(range(600));
    const second = range(424).map(() => core.soon());
    expect(core.cancel(second[10])).toBe(CANCELLED_READY);
    core.finishBatch();
    expect(core.readyCount).toBe(424);
    // The batch was released in order: its last slot is on top of the free stack.
    const reused = core.soon();
    expect(reused).toBe(first[599] + SLOT_SPAN);
    const live = second.filter((_, i) => i !== 10);
    expect(order(runBatch(core, 0), [...live, reused])).toEqual(range(424));
    // The cancelled one was released when the batch was built: it is reused next.
    expect(core.soon()).toBe(second[10] + SLOT_SPAN);
  });

  test("a full table of ready handles and timers becomes one batch, cancelled ones released in queue order", () => {
    const core = make();
    const ready = range(512).map(() => core.soon());
    const timers = range(512).map((i) => core.at(i % 3));
    for (const i of [5, 100, 511]) expect(core.cancel(ready[i])).toBe(CANCELLED_READY);
    const batch = runBatch(core, 10);
    expect(batch).toHaveLength(1021);
    expect(order(batch.slice(0, 509), ready.filter((_, i) => ![5, 100, 511].includes(i)))).toEqual(range(509));
    // Released in queue order: 5, 100, 511; 511 is reused first.
    expect([core.soon(), core.soon(), core.soon()]).toEqual([511, 100, 5].map((i) => ready[i] + SLOT_SPAN));
    expect(timers).toHaveLength(512);
  });
});
