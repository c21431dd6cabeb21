/** How long runOnce says to wait, and that a WAIT changes nothing (rules 9, 11, 28, 38; J8). */
import { describe, expect, test } from "vitest";
import { CANCELLED_READY, CANCELLED_TIMER, MAX_WAIT, WAIT } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { counters, order, runBatch, runWait } from "./support.js";

describe.each(cores)("%s core: the wait computed by runOnce", (_name, make) => {
  test("nothing scheduled: wait forever (timeout and nextDeadline Infinity)", () => {
    const core = make();
    expect(runWait(core, 0)).toEqual({ timeout: Infinity, nextDeadline: Infinity });
  });

  test("a timer ahead: wait until its deadline", () => {
    const core = make();
    core.at(105);
    core.at(130);
    expect(runWait(core, 100)).toEqual({ timeout: 5, nextDeadline: 105 });
  });

  test("the wait is capped at MAX_WAIT: a timer 100000 s away takes 86400 s then 13600 s (rule 28)", () => {
    const core = make();
    const timer = core.at(100_000);
    expect(runWait(core, 0)).toEqual({ timeout: MAX_WAIT, nextDeadline: 100_000 });
    expect(runWait(core, MAX_WAIT)).toEqual({ timeout: 13_600, nextDeadline: 100_000 });
    expect(order(runBatch(core, 100_000), [timer])).toEqual([0]);
  });

  test("an Infinity timer: wait MAX_WAIT, nextDeadline Infinity", () => {
    const core = make();
    core.at(Infinity);
    expect(runWait(core, 0)).toEqual({ timeout: MAX_WAIT, nextDeadline: Infinity });
  });

  test("stopping forces a zero wait: the run hands out what is due, even nothing", () => {
    const core = make();
    core.at(5);
    expect(runBatch(core, 0, 1e-9, true)).toEqual([]);
    expect(core.timerCount).toBe(1);
    const fresh = make();
    expect(runBatch(fresh, 0, 1e-9, true)).toEqual([]);
  });

  test("a ready queue of cancelled handles still makes the wait 0 (asyncio tests `if self._ready`)", () => {
    const core = make();
    core.at(5);
    const a = core.soon();
    const b = core.soon();
    expect(core.cancel(a)).toBe(CANCELLED_READY);
    expect(core.cancel(b)).toBe(CANCELLED_READY);
    expect(runBatch(core, 0)).toEqual([]);
    expect(core.readyCount).toBe(0);
    expect(runWait(core, 0)).toEqual({ timeout: 5, nextDeadline: 5 });
  });

  test("a cancelled head does not shorten the wait: cancelled at +5, live at +10 gives 10 (rule 38)", () => {
    const core = make();
    const head = core.at(5);
    core.at(10);
    expect(core.cancel(head)).toBe(CANCELLED_TIMER);
    expect(runWait(core, 0)).toEqual({ timeout: 10, nextDeadline: 10 });
    expect(core.heapLength).toBe(1);
  });

  test("a deadline at or before now gives no wait", () => {
    const core = make();
    const past = core.at(1);
    const exact = core.at(2);
    expect(order(runBatch(core, 2), [past, exact])).toEqual([0, 1]);
  });

  test("WAIT moves nothing: counters and ids are as before, and the next run hands everything out", () => {
    const core = make();
    const ids = [core.at(3), core.at(4), core.at(5)];
    expect(core.cancel(ids[1])).toBe(CANCELLED_TIMER);
    const before = counters(core);
    expect(core.runOnce(0, 1e-9, false)).toBe(WAIT);
    expect(core.runOnce(1, 1e-9, false)).toBe(WAIT);
    expect(counters(core)).toEqual(before);
    expect(core.cancel(ids[2])).toBe(CANCELLED_TIMER);
    expect(order(runBatch(core, 10), ids)).toEqual([0]);
  });

  test("the wait is measured from the current now", () => {
    const core = make();
    core.at(20);
    expect(runWait(core, 0).timeout).toBe(20);
    expect(runWait(core, 15).timeout).toBe(5);
    expect(runWait(core, 19.5).timeout).toBe(0.5);
  });
});
