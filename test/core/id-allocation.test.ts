/**
 * How ids are issued: `generation * SLOT_SPAN + slot`, fresh slots in order, released
 * slots reused last-released-first with the next generation. Both cores must issue the
 * same ids for the same calls, so this order is part of the contract.
 */
import { describe, expect, test } from "vitest";
import { CANCELLED_READY, CANCELLED_TIMER, SLOT_SPAN } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { runBatch, runWait } from "./support.js";

describe.each(cores)("%s core: id allocation", (_name, make) => {
  test("a fresh core issues 0, 1, 2, ... to soon() and at() alike", () => {
    const core = make();
    expect([core.soon(), core.at(1), core.soon(), core.at(-1)]).toEqual([0, 1, 2, 3]);
  });

  test("released slots are reused last-released-first, one generation up, before fresh slots", () => {
    const core = make();
    expect([core.soon(), core.soon(), core.soon()]).toEqual([0, 1, 2]);
    runBatch(core, 0);
    runWait(core, 0); // releases 0, 1, 2 in batch order
    expect([core.soon(), core.soon(), core.soon(), core.soon()]).toEqual([
      SLOT_SPAN + 2,
      SLOT_SPAN + 1,
      SLOT_SPAN + 0,
      3,
    ]);
  });

  test("cancelled ready handles are released when the batch is built, in queue order", () => {
    const core = make();
    const ids = [core.soon(), core.soon(), core.soon()];
    expect(core.cancel(ids[2])).toBe(CANCELLED_READY);
    expect(core.cancel(ids[0])).toBe(CANCELLED_READY);
    expect(runBatch(core, 0)).toEqual([1]);
    expect([core.soon(), core.soon(), core.soon()]).toEqual([SLOT_SPAN + 2, SLOT_SPAN + 0, 3]);
  });

  test("cancelled timers popped at the head are released in pop order", () => {
    const core = make();
    const ids = [core.at(3), core.at(1), core.at(2), core.at(9)];
    for (const id of ids.slice(0, 3)) expect(core.cancel(id)).toBe(CANCELLED_TIMER);
    runWait(core, 0); // pops 1 (slot 1), then 2 (slot 2), then 3 (slot 0)
    expect([core.soon(), core.soon(), core.soon()]).toEqual([SLOT_SPAN + 0, SLOT_SPAN + 2, SLOT_SPAN + 1]);
  });

  test("each reuse of a slot raises its generation by one", () => {
    const core = make();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push(core.soon());
      runBatch(core, 0);
      runWait(core, 0);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((g) => g * SLOT_SPAN));
  });
});
