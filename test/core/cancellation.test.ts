/** What cancel() answers for pending handles and what it does to them (rules 15, 31-33, 37). */
import { describe, expect, test } from "vitest";
import { CANCELLED_READY, CANCELLED_TIMER, STALE } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { order, runBatch, runWait } from "./support.js";

describe.each(cores)("%s core: cancellation", (_name, make) => {
  test("a ready handle: CANCELLED_READY, still counted as ready, left out of the batch", () => {
    const core = make();
    const ids = [core.soon(), core.soon(), core.soon()];
    expect(core.cancel(ids[1])).toBe(CANCELLED_READY);
    expect(core.readyCount).toBe(3);
    expect(order(runBatch(core, 0), ids)).toEqual([0, 2]);
  });

  test("a waiting timer: CANCELLED_TIMER, no longer counted as a timer, never fires", () => {
    const core = make();
    const ids = [core.at(1), core.at(2), core.at(3)];
    expect(core.cancel(ids[1])).toBe(CANCELLED_TIMER);
    expect(core.timerCount).toBe(2);
    expect(core.heapLength).toBe(3);
    expect(order(runBatch(core, 10), ids)).toEqual([0, 2]);
    expect(core.heapLength).toBe(0);
    expect(core.timerCount).toBe(0);
  });

  test("a member of the batch just handed out: CANCELLED_READY, the batch itself is unchanged", () => {
    const core = make();
    const ids = [core.soon(), core.soon()];
    const batch = runBatch(core, 0);
    expect(core.cancel(ids[0])).toBe(CANCELLED_READY);
    expect(Array.from({ length: 2 }, (_, i) => core.batch[i])).toEqual(batch);
    expect(core.readyCount).toBe(0);
  });

  test("a timer that became due and is in the batch: CANCELLED_READY, timers untouched", () => {
    const core = make();
    const timer = core.at(1);
    const other = core.at(50);
    expect(order(runBatch(core, 2), [timer])).toEqual([0]);
    expect(core.cancel(timer)).toBe(CANCELLED_READY);
    expect(core.timerCount).toBe(1);
    expect(core.cancel(other)).toBe(CANCELLED_TIMER);
  });

  test("a timer moved to the ready queue in the same run as its batch peers keeps its place if not cancelled", () => {
    const core = make();
    const a = core.soon();
    const t1 = core.at(0);
    const t2 = core.at(0);
    expect(core.cancel(t1)).toBe(CANCELLED_TIMER);
    expect(order(runBatch(core, 1), [a, t1, t2])).toEqual([0, 2]);
  });

  test("cancelled timers at the head are dropped before the wait; deeper ones stay in heapLength (rule 33)", () => {
    const core = make();
    const ids = [core.at(1), core.at(2), core.at(3)];
    expect(core.cancel(ids[1])).toBe(CANCELLED_TIMER);
    expect(runWait(core, 0)).toEqual({ timeout: 1, nextDeadline: 1 });
    expect(core.heapLength).toBe(3);
    expect(core.cancel(ids[0])).toBe(CANCELLED_TIMER);
    expect(runWait(core, 0)).toEqual({ timeout: 3, nextDeadline: 3 });
    expect(core.heapLength).toBe(1);
    expect(core.timerCount).toBe(1);
  });

  test("cancelling everything leaves nothing to run and nothing to wait for", () => {
    const core = make();
    const ids = [core.soon(), core.at(1), core.at(2), core.soon()];
    expect(ids.map((id) => core.cancel(id))).toEqual([
      CANCELLED_READY,
      CANCELLED_TIMER,
      CANCELLED_TIMER,
      CANCELLED_READY,
    ]);
    expect(runBatch(core, 0)).toEqual([]);
    expect(runWait(core, 0)).toEqual({ timeout: Infinity, nextDeadline: Infinity });
    expect(ids.map((id) => core.cancel(id))).toEqual([STALE, STALE, STALE, STALE]);
  });
});
