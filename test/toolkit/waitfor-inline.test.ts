/**
 * waitFor as CPython 3.12+ has it (a timeout() scope in the waiting task):
 * what the CPython scenarios cannot show, because Python has no promises
 * and no second kind of coroutine.
 */
import { describe, expect, it } from "vitest";
import { allTasks, currentTask, RuntimeError, sleep, TimeoutError, waitFor } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("waitFor runs in the waiting task (%s core)", (core) => {
  it("a generator coroutine runs inline: no task of its own, currentTask() is the caller", async () => {
    const { loop } = setup(core);
    const seen = await loop.runUntilComplete(function* () {
      const caller = currentTask();
      return yield* waitFor(
        (function* () {
          const inside = { same: currentTask() === caller, tasks: allTasks(loop).size };
          yield* sleep(1);
          return inside;
        })(),
        5,
      );
    });
    expect(seen).toEqual({ same: true, tasks: 1 });
    expect(loop.time()).toBe(1);
  });

  it("an async function runs inline in an async task too", async () => {
    const { loop } = setup(core);
    const seen = await loop.runUntilComplete(async () => {
      const caller = currentTask();
      return await waitFor(async () => {
        await sleep(1);
        return currentTask() === caller && allTasks(loop).size === 1;
      }, 5);
    });
    expect(seen).toBe(true);
  });

  it("a promise that never settles times out, in a generator task too: it is waited for as a Future the timeout cancels", async () => {
    const { loop } = setup(core);
    const never = new Promise<number>(() => {});
    await expect(
      loop.runUntilComplete(function* () {
        return yield* waitFor(never, 2);
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBe(2);
  });

  it("a Future of another loop fails the waiting task with RuntimeError, as awaiting it would", async () => {
    const { loop } = setup(core);
    const other = setup(core).loop;
    const foreign = other.createFuture<number>();
    await expect(
      loop.runUntilComplete(function* () {
        return yield* waitFor(foreign, 1);
      }),
    ).rejects.toBeInstanceOf(RuntimeError);
    other.close();
  });
});
