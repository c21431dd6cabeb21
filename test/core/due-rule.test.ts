/**
 * Which timers a run moves: those with `when < now + resolution`, strictly (rule 22),
 * appended behind the handles already ready (rules 12, 30).
 */
import { describe, expect, test } from "vitest";
import { WAIT } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { order, runBatch, runWait } from "./support.js";

describe.each(cores)("%s core: the due rule", (_name, make) => {
  test("a timer exactly one resolution ahead is not due; one just under is", () => {
    const core = make();
    const anchor = core.soon(); // forces wait 0, so the due rule alone decides
    const exact = core.at(10.5);
    const under = core.at(10.499999);
    expect(order(runBatch(core, 10, 0.5), [anchor, exact, under])).toEqual([0, 2]);
    expect(core.timerCount).toBe(1);
    expect(order(runBatch(core, 10.000001, 0.5, true), [exact])).toEqual([0]);
  });

  test("with asyncio's 1e-9 resolution, a timer at now + 1e-9 waits, one at now fires", () => {
    const core = make();
    const now = 7;
    const later = core.at(now + 1e-9);
    const due = core.at(now);
    expect(order(runBatch(core, now, 1e-9), [later, due])).toEqual([1]);
    expect(core.timerCount).toBe(1);
  });

  test("a timer due exactly now is due even where now + resolution rounds to now", () => {
    // From 2**24 s on, now + 1e-9 === now: without the `<= now` rule such a timer
    // would never be due while the wait stays 0, and a virtual-time loop would spin.
    const core = make();
    const now = 2 ** 24;
    expect(now + 1e-9).toBe(now);
    const id = core.at(now);
    expect(order(runBatch(core, now, 1e-9), [id])).toEqual([0]);
    const later = core.at(now + 4);
    expect(core.runOnce(now, 1e-9, false)).toBe(WAIT);
    expect(order(runBatch(core, now + 4, 0), [later])).toEqual([0]);
    expect(core.timerCount).toBe(0);
  });

  test("a timer becoming due runs after the handles already ready, even if scheduled first (rule 30)", () => {
    const core = make();
    const timer = core.at(0);
    const a = core.soon();
    const b = core.soon();
    expect(order(runBatch(core, 0), [timer, a, b])).toEqual([1, 2, 0]);
  });

  test("a timer due once the wait ends runs after the handles queued by the previous batch", () => {
    const core = make();
    const timer = core.at(1);
    const first = core.soon();
    expect(order(runBatch(core, 0), [first])).toEqual([0]);
    const queued = core.soon(); // as if `first` called soon() while running
    expect(order(runBatch(core, 2), [timer, queued])).toEqual([1, 0]);
  });

  test("past deadlines are due at once", () => {
    const core = make();
    const timer = core.at(5);
    expect(order(runBatch(core, 1000), [timer])).toEqual([0]);
  });

  test("an Infinity timer is never due, however late the clock", () => {
    const core = make();
    const never = core.at(Infinity);
    const a = core.soon();
    expect(order(runBatch(core, 1e300), [never, a])).toEqual([1]);
    expect(core.timerCount).toBe(1);
    expect(runBatch(core, Number.MAX_VALUE, 1, true)).toEqual([]);
    expect(core.timerCount).toBe(1);
  });

  test("after WAIT, a run at the reported deadline hands the timer out", () => {
    const core = make();
    const timer = core.at(12.75);
    const { nextDeadline } = runWait(core, 10);
    expect(order(runBatch(core, nextDeadline), [timer])).toEqual([0]);
  });
});
