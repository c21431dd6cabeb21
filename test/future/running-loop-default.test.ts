/**
 * `new Future()` without an argument: asyncio's `Future()`, bound to the
 * running loop; outside one, RuntimeError('no running event loop') (J20).
 */
import { describe, expect, it } from "vitest";
import { Future, getRunningLoop, RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

describe.each(coreNames)("new Future() (%s core)", (core) => {
  it("in a callback, binds the running loop", async () => {
    const { loop } = setup(core);
    let made: Future<number> | null = null;
    loop.callSoon(() => {
      made = new Future<number>();
      made.setResult(7);
    });
    loop.stop();
    await loop.runForever();
    expect(made!.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(made!)).toBe(7);
  });

  it("in a generator task and in an async task, binds the task's loop and can be awaited there", async () => {
    const { loop } = setup(core);
    const fromGenerator = loop.createTask(function* () {
      const future = new Future<string>();
      getRunningLoop().callSoon(() => future.setResult("g"));
      return [future.getLoop() === loop, yield* future];
    });
    const fromAsync = loop.createTask(async () => {
      const future = new Future<string>();
      getRunningLoop().callSoon(() => future.setResult("a"));
      return [future.getLoop() === loop, await future];
    });
    expect(await loop.runUntilComplete(fromGenerator)).toEqual([true, "g"]);
    expect(await loop.runUntilComplete(fromAsync)).toEqual([true, "a"]);
  });

  it("outside a running loop, throws RuntimeError('no running event loop')", () => {
    setup(core); // a loop exists, but none runs
    const error = thrown(() => new Future());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("no running event loop");
  });

  it("an explicit undefined or null is still refused, naming Future()", () => {
    for (const value of [undefined, null]) {
      const error = thrown(() => new Future(value as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^Future\(\) expected an event loop, got /);
    }
  });
});
