/**
 * asCompleted() as 3.13's async iterator: `for await` gives the futures
 * themselves (the ones given, else the Tasks made for coroutines) in the
 * order they complete; a timeout ends the loop with TimeoutError; plain
 * iteration is as before, and both draw on one count.
 */
import { describe, expect, it } from "vitest";
import { asCompleted, Future, getRunningLoop, sleep, Task, TimeoutError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

/**
 * The futures a `for await` gives. TypeScript types them as their results:
 * it awaits what an async iterator yields, as async generators do, though
 * for await itself does not (J22).
 */
function asFuture<T = unknown>(value: unknown): Future<T> {
  return value as unknown as Future<T>;
}

describe.each(coreNames)("asCompleted: async iteration (%s core)", (core) => {
  it("gives the very tasks and futures given, in completion order", async () => {
    const { loop } = setup(core);
    const result = await loop.runUntilComplete(async () => {
      const slow = loop.createTask(sleep(3, "S"));
      const fast = loop.createTask(sleep(1, "F"));
      const future = loop.createFuture<string>();
      loop.callLater(2, () => future.setResult("U"));
      const order: unknown[] = [];
      for await (const each of asCompleted<string>([slow, fast, future])) {
        const done = asFuture<string>(each);
        order.push([
          done === slow ? "slow" : done === fast ? "fast" : done === future ? "future" : done,
          loop.time(),
          await done,
        ]);
      }
      return order;
    });
    expect(result).toEqual([
      ["fast", 1, "F"],
      ["future", 2, "U"],
      ["slow", 3, "S"],
    ]);
  });

  it("coroutines and promises become Tasks and Futures, given as they complete", async () => {
    const { loop } = setup(core);
    const result = await loop.runUntilComplete(async () => {
      const got: unknown[] = [];
      for await (const each of asCompleted<string>([
        sleep(2, "two"),
        async () => {
          await sleep(1);
          return "one";
        },
      ])) {
        const done = asFuture<string>(each);
        got.push([done instanceof Task, done instanceof Future, done.result()]);
      }
      return got;
    });
    expect(result).toEqual([
      [true, true, "one"],
      [true, true, "two"],
    ]);
  });

  it("a timeout ends the for await with TimeoutError; the futures done before it were given", async () => {
    const { loop } = setup(core);
    const result = await loop.runUntilComplete(async () => {
      const slow = loop.createTask(sleep(5, "slow"));
      const got: unknown[] = [];
      try {
        for await (const done of asCompleted([loop.createTask(sleep(1, "fast")), slow], { timeout: 2 }))
          got.push(asFuture(done).result());
      } catch (error) {
        got.push(error instanceof TimeoutError ? ["timeout", getRunningLoop().time()] : error);
      }
      slow.cancel();
      return got;
    });
    expect(result).toEqual(["fast", ["timeout", 2]]);
  });

  it("plain and async iteration share one count: n awaitables give n items in all", async () => {
    const { loop } = setup(core);
    const result = await loop.runUntilComplete(async () => {
      const iterator = asCompleted([sleep(1, "a"), sleep(2, "b"), sleep(3, "c")]);
      const first = await iterator.next().value!;
      const rest: unknown[] = [];
      for await (const done of iterator) rest.push(asFuture(done).result());
      return [first, rest, iterator.next().done];
    });
    expect(result).toEqual(["a", ["b", "c"], true]);
  });

  it("an empty iterable ends the for await at once", async () => {
    const { loop } = setup(core);
    const result = await loop.runUntilComplete(async () => {
      let count = 0;
      for await (const _ of asCompleted([])) count++;
      return count;
    });
    expect(result).toBe(0);
  });
});
