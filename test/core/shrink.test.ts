/**
 * Memory comes back: once a burst has drained, the slot table (and with it
 * the Wasm arena, or the reference core's arrays) shrinks, and no id is ever
 * issued twice: a handle from before the shrink stays stale, also for the
 * fresh slots that reuse a dropped slot's index.
 */
import { describe, expect, test } from "vitest";
import { CANCELLED_READY, CANCELLED_TIMER, STALE } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { runBatch, runWait, slotOf } from "./support.js";

const BURST = 20_000;
const capacityOf = (core: object) => (core as { capacity: number }).capacity;

describe.each(cores)("%s core: shrinking", (_name, make) => {
  test("a drained burst: the table spans no slot any more and the capacity falls back", () => {
    const core = make();
    for (let i = 0; i < BURST; i++) core.at(i % 7);
    const peak = capacityOf(core);
    expect(peak).toBeGreaterThanOrEqual(BURST);
    expect(runBatch(core, 10)).toHaveLength(BURST);
    expect(core.finishBatch()).toBe(0);
    expect(capacityOf(core)).toBeLessThan(peak / 100);
  });

  test("no id is issued twice across a shrink, and stale ones cancel nothing", () => {
    const core = make();
    const before = new Set<number>();
    for (let round = 0; round < 3; round++) {
      const ids = Array.from({ length: BURST }, () => core.soon());
      for (const id of ids) {
        expect(before.has(id)).toBe(false);
        before.add(id);
      }
      runBatch(core, 0);
      core.finishBatch();
    }
    // All stale: cancelling them must not touch the live handles scheduled now.
    const live = Array.from({ length: 100 }, () => core.soon());
    for (const id of before) expect(core.cancel(id)).toBe(STALE);
    expect(core.readyCount).toBe(100);
    expect(core.cancel(live[99])).toBe(CANCELLED_READY);
  });

  test("a handle kept at a high slot keeps the slots below it; the rest still works", () => {
    const core = make();
    const ids = Array.from({ length: BURST }, () => core.at(1));
    const kept = core.at(1000); // the highest slot
    for (const id of ids) expect(core.cancel(id)).toBe(CANCELLED_TIMER);
    runWait(core, 5);
    expect(core.timerCount).toBe(1);
    // The table cannot shrink below the kept slot: new handles reuse freed slots, none collides.
    const again = Array.from({ length: 100 }, () => core.at(2));
    expect(new Set([...again, kept].map(slotOf)).size).toBe(101);
    expect(runBatch(core, 1000)).toHaveLength(101);
  });

  test("a table more than a quarter in use does not shrink (hysteresis)", () => {
    const core = make();
    const ids = Array.from({ length: BURST }, () => core.soon());
    const long = Array.from({ length: Math.ceil(BURST / 3) }, () => core.at(100));
    runBatch(core, 0);
    const span = core.finishBatch();
    expect(span).toBe(BURST + long.length);
    expect(core.cancel(ids[0])).toBe(STALE);
    expect(core.timerCount).toBe(long.length);
  });
});
