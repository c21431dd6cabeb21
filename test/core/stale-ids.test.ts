/**
 * Ids that name no pending handle answer STALE and change nothing; above all, an old id
 * never cancels the handle that now occupies its slot.
 */
import { describe, expect, test } from "vitest";
import {
  CANCELLED_READY,
  CANCELLED_TIMER,
  MAX_GENERATION,
  type SchedulingCore,
  SLOT_SPAN,
  STALE,
} from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { counters, order, runBatch, runWait, slotOf } from "./support.js";

/** Runs two iterations so that a batch is handed out and then released. */
function runAndRelease(core: SchedulingCore, now = 0): number[] {
  const batch = runBatch(core, now);
  core.runOnce(now, 1e-9, false);
  return batch;
}

describe.each(cores)("%s core: stale ids", (_name, make) => {
  test("cancelling twice: the second answer is STALE (ready and timer)", () => {
    const core = make();
    const ready = core.soon();
    const timer = core.at(5);
    expect(core.cancel(ready)).toBe(CANCELLED_READY);
    expect(core.cancel(ready)).toBe(STALE);
    expect(core.cancel(timer)).toBe(CANCELLED_TIMER);
    expect(core.cancel(timer)).toBe(STALE);
    expect(core.timerCount).toBe(0);
  });

  test("a batch member is released by the next run, then STALE", () => {
    const core = make();
    const a = core.soon();
    const timer = core.at(0);
    runAndRelease(core, 1);
    expect(core.cancel(a)).toBe(STALE);
    expect(core.cancel(timer)).toBe(STALE);
  });

  test("a cancelled batch member is STALE once released", () => {
    const core = make();
    const a = core.soon();
    runBatch(core, 0);
    expect(core.cancel(a)).toBe(CANCELLED_READY);
    runWait(core, 0);
    expect(core.cancel(a)).toBe(STALE);
  });

  test("an id from before its slot was reused is STALE and leaves the new occupant alone", () => {
    const core = make();
    const old = core.soon();
    runAndRelease(core);
    const fresh = core.soon();
    expect(slotOf(fresh)).toBe(slotOf(old));
    expect(fresh).not.toBe(old);
    expect(core.cancel(old)).toBe(STALE);
    expect(core.readyCount).toBe(1);
    expect(order(runBatch(core, 0), [fresh])).toEqual([0]);
    expect(core.cancel(fresh)).toBe(CANCELLED_READY);
  });

  test("an old timer id does not cancel a timer now in its slot", () => {
    const core = make();
    const old = core.at(1);
    expect(core.cancel(old)).toBe(CANCELLED_TIMER);
    runWait(core, 0); // drops the cancelled head, freeing the slot
    const fresh = core.at(2);
    expect(slotOf(fresh)).toBe(slotOf(old));
    expect(core.cancel(old)).toBe(STALE);
    expect(core.timerCount).toBe(1);
    expect(order(runBatch(core, 3), [fresh])).toEqual([0]);
  });

  test("an id with a future generation of a live slot is STALE and changes nothing", () => {
    const core = make();
    const live = core.soon();
    const timer = core.at(1);
    expect(core.cancel(live + SLOT_SPAN)).toBe(STALE);
    expect(core.cancel(timer + 3 * SLOT_SPAN)).toBe(STALE);
    expect(core.cancel(MAX_GENERATION * SLOT_SPAN + slotOf(live))).toBe(STALE);
    expect(order(runBatch(core, 2), [live, timer])).toEqual([0, 1]);
  });

  test("never-issued ids are STALE: fresh core, slots beyond those used", () => {
    const core = make();
    expect(core.cancel(0)).toBe(STALE);
    expect(core.cancel(5)).toBe(STALE);
    core.soon();
    expect(core.cancel(1)).toBe(STALE);
    expect(core.cancel(SLOT_SPAN - 1)).toBe(STALE);
    expect(core.readyCount).toBe(1);
  });

  test("numbers that are not ids are STALE and change nothing", () => {
    const core = make();
    core.soon();
    core.at(1);
    const before = counters(core);
    for (const id of [-1, 0.5, 1.5, NaN, Infinity, -Infinity, -SLOT_SPAN, 2 ** 53, 2 ** 60, Number.MAX_VALUE]) {
      expect(core.cancel(id), `cancel(${id})`).toBe(STALE);
    }
    expect(counters(core)).toEqual(before);
    expect(runBatch(core, 2)).toHaveLength(2);
  });

  test("ids freed by a compaction are STALE", () => {
    const core = make();
    const ids = Array.from({ length: 101 }, (_, i) => core.at(10 + i));
    for (const id of ids.slice(50)) expect(core.cancel(id)).toBe(CANCELLED_TIMER);
    expect(core.heapLength).toBe(50); // compacted at the 51st cancel
    const reused = core.soon();
    for (const id of ids.slice(50)) expect(core.cancel(id)).toBe(STALE);
    expect(core.cancel(reused)).toBe(CANCELLED_READY);
  });
});
