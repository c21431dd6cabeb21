/**
 * Growing past the initial capacities (the Wasm core starts with 1024 slots and 1024
 * ready entries) keeps every order and every id intact.
 */
import { describe, expect, test } from "vitest";
import { CANCELLED_READY, CANCELLED_TIMER, STALE } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { order, runBatch, runWait } from "./support.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe.each(cores)("%s core: growth", (_name, make) => {
  test("5000 ready handles come out in FIFO order", () => {
    const core = make();
    const ids = range(5000).map(() => core.soon());
    expect(ids).toEqual(range(5000));
    expect(core.readyCount).toBe(5000);
    expect(order(runBatch(core, 0), ids)).toEqual(range(5000));
  });

  test("3000 timers scheduled in decreasing deadline fire in increasing deadline", () => {
    const core = make();
    const ids = range(3000).map((i) => core.at(3000 - i));
    expect(core.timerCount).toBe(3000);
    expect(order(runBatch(core, 5000), ids)).toEqual(range(3000).reverse());
  });

  test("ready handles and due timers together past capacity: ready first, then timers by deadline", () => {
    const core = make();
    const timers: number[] = [];
    const ready: number[] = [];
    for (let i = 0; i < 1500; i++) {
      timers.push(core.at(i % 2 === 0 ? 1 : 0.5));
      ready.push(core.soon());
    }
    const expectedTimers = [...range(1500).filter((i) => i % 2 === 1), ...range(1500).filter((i) => i % 2 === 0)];
    expect(order(runBatch(core, 2), [...ready, ...timers])).toEqual([
      ...range(1500),
      ...expectedTimers.map((i) => 1500 + i),
    ]);
  });

  test("the ready queue grows while a large batch is out, and both stay intact", () => {
    const core = make();
    const first = range(1200).map(() => core.soon());
    const batch = runBatch(core, 0);
    const second = range(2000).map(() => core.soon());
    // Slots of the outstanding batch are not reused while it is out.
    expect(second).toEqual(range(2000).map((i) => 1200 + i));
    expect(Array.from({ length: 1200 }, (_, i) => core.batch[i])).toEqual(batch);
    expect(order(runBatch(core, 0), second)).toEqual(range(2000));
    expect(order(batch, first)).toEqual(range(1200));
  });

  test("cancellations across a grown heap: exactly half cancelled, the other half fires in order", () => {
    const core = make();
    const ids = range(1500).map((i) => core.at(1 + (i % 37)));
    ids.forEach((id, i) => {
      if (i % 2 === 1) expect(core.cancel(id)).toBe(CANCELLED_TIMER);
    });
    expect(core.heapLength).toBe(1500);
    const live = ids.filter((_, i) => i % 2 === 0);
    const expected = range(750).sort((p, q) => ((2 * p) % 37) - ((2 * q) % 37) || p - q);
    expect(order(runBatch(core, 100), live)).toEqual(expected);
    expect(core.heapLength).toBe(0);
  });

  test("slots released after growth are reused, and ids past the first 1024 slots cancel correctly", () => {
    const core = make();
    const ids = range(2048).map(() => core.soon());
    expect(core.cancel(ids[2000])).toBe(CANCELLED_READY);
    expect(runBatch(core, 0)).toHaveLength(2047);
    runWait(core, 0);
    expect(core.readyCount).toBe(0);
    // 2000 was released first (when the batch was built), then the batch in order: 2047 is on top.
    const again = core.soon();
    expect(again % 2 ** 24).toBe(2047);
    expect(core.cancel(ids[2047])).toBe(STALE);
    expect(core.cancel(again)).toBe(CANCELLED_READY);
  });
});
