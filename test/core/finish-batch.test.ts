/**
 * finishBatch(): the loop says it has run the batch, and its slots are free at
 * once (in batch order, exactly as the next runOnce would release them), so a
 * run that stops after a batch that filled the table leaves the table free.
 * The lists it reshuffles share memory with the free stack: the cases where
 * they touch (a full table) keep every order.
 */
import { describe, expect, test } from "vitest";
import { CANCELLED_READY, SLOT_SPAN, STALE } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { order, runBatch, runWait } from "./support.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Both cores say how many slots they have room for; the tests fill exactly that. */
const capacityOf = (core: object) => (core as { capacity: number }).capacity;

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
    // 600 in the batch, the rest of the table made ready while it is out.
    const first = range(600).map(() => core.soon());
    expect(order(runBatch(core, 0), first)).toEqual(range(600));
    const rest = capacityOf(core) - 600;
    const second = range(rest).map(() => core.soon());
    expect(capacityOf(core)).toBe(600 + rest);
    const cancelled = rest >> 1;
    expect(core.cancel(second[cancelled])).toBe(CANCELLED_READY);
    core.finishBatch();
    expect(core.readyCount).toBe(rest);
    // The batch was released in order: its last slot is on top of the free stack.
    const reused = core.soon();
    expect(reused).toBe(first[599] + SLOT_SPAN);
    const live = second.filter((_, i) => i !== cancelled);
    expect(order(runBatch(core, 0), [...live, reused])).toEqual(range(rest));
    // The cancelled one was released when the batch was built: it is reused next.
    expect(core.soon()).toBe(second[cancelled] + SLOT_SPAN);
  });

  test("a full table of ready handles and timers becomes one batch, cancelled ones released in queue order", () => {
    const core = make();
    const ready = range(500).map(() => core.soon());
    const capacity = capacityOf(core);
    const timers = range(capacity - 500).map((i) => core.at(i % 3));
    expect(capacityOf(core)).toBe(capacity);
    for (const i of [5, 100, 499]) expect(core.cancel(ready[i])).toBe(CANCELLED_READY);
    const batch = runBatch(core, 10);
    expect(batch).toHaveLength(capacity - 3);
    expect(
      order(
        batch.slice(0, 497),
        ready.filter((_, i) => ![5, 100, 499].includes(i)),
      ),
    ).toEqual(range(497));
    // Released in queue order: 5, 100, 499; 499 is reused first.
    expect([core.soon(), core.soon(), core.soon()]).toEqual([499, 100, 5].map((i) => ready[i] + SLOT_SPAN));
    expect(timers.length).toBeGreaterThan(0);
  });
});
