/**
 * waitFor, wait and asCompleted: input refused at the call, and the shapes
 * JS code receives ([done, pending] sets, an iterable of coroutines).
 */
import { describe, expect, it } from "vitest";
import {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  sleep,
  TimeoutError,
  wait,
  waitFor,
} from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("waitFor, wait, asCompleted (%s core)", (core) => {
  it("waitFor refuses a timeout that is not a number or null, at the call", () => {
    expect(() => waitFor(sleep(1), "1" as never)).toThrow(TypeError);
    expect(() => waitFor(sleep(1), NaN)).toThrow(RangeError);
  });

  it("waitFor's TimeoutError is wasmloop's TimeoutError; the awaited task is done when it comes", async () => {
    const { loop } = setup(core);
    const slow = loop.createTask(sleep(10));
    await expect(loop.runUntilComplete(waitFor(slow, 1))).rejects.toBeInstanceOf(TimeoutError);
    expect(slow.cancelled()).toBe(true);
    expect(loop.time()).toBe(1);
  });

  it("waitFor of a promise, from an async task", async () => {
    const { loop } = setup(core);
    expect(await loop.runUntilComplete(async () => await waitFor(Promise.resolve(7), 1))).toBe(7);
  });

  it("wait gives [done, pending] as Sets of the futures given", async () => {
    const { loop } = setup(core);
    const [done, pending] = await loop.runUntilComplete(async () => {
      const a = loop.createTask(sleep(1, "a"));
      const b = loop.createTask(sleep(3, "b"));
      const sets = await wait([a, b], { returnWhen: FIRST_COMPLETED });
      // By identity: toEqual would iterate the futures (they are iterable, for yield*).
      expect(sets[0].size === 1 && sets[0].has(a)).toBe(true);
      expect(sets[1].size === 1 && sets[1].has(b)).toBe(true);
      b.cancel();
      return sets;
    });
    expect(done).toBeInstanceOf(Set);
    expect(pending).toBeInstanceOf(Set);
    expect(loop.time()).toBe(1);
  });

  it("wait refuses, at the call: an empty set (ValueError), coroutines, non-futures, a bad returnWhen or timeout", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expect(() => wait([])).toThrow(new RangeError("Set of Tasks/Futures is empty."));
    expect(() => wait([sleep(1)] as never)).toThrow(
      new TypeError("Passing coroutines is forbidden, use tasks explicitly."),
    );
    expect(() => wait([Promise.resolve(1)] as never)).toThrow(TypeError);
    expect(() => wait(f as never)).toThrow(/expect a list of futures/);
    expect(() => wait([f], { returnWhen: "SOMETIME" as never })).toThrow(RangeError);
    expect(() => wait([f], { timeout: "1" as never })).toThrow(TypeError);
    for (const when of [FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED] as const) {
      expect(() => wait([f], { returnWhen: when })).not.toThrow();
    }
  });

  it("asCompleted is lazy: nothing happens until its first coroutine is taken", async () => {
    const { loop } = setup(core);
    const iterator = asCompleted([Promise.resolve(1)]);
    // No running loop is needed yet.
    const results = await loop.runUntilComplete(async () => {
      const out: unknown[] = [];
      for (const next of iterator) out.push(await next);
      return out;
    });
    expect(results).toEqual([1]);
  });

  it("asCompleted with a timeout: the ones still pending throw TimeoutError", async () => {
    const { loop } = setup(core);
    const outcomes = await loop.runUntilComplete(function* () {
      const out: unknown[] = [];
      const slow = loop.createTask(sleep(5, "slow"));
      for (const next of asCompleted([loop.createTask(sleep(1, "fast")), slow], { timeout: 2 })) {
        try {
          out.push(yield* next);
        } catch (error) {
          out.push(error instanceof TimeoutError ? "timeout" : error);
        }
      }
      slow.cancel();
      return out;
    });
    expect(outcomes).toEqual(["fast", "timeout"]);
  });
});
