/**
 * getRunningLoop(), currentTask(), allTasks(), ensureFuture(), and awaiting
 * a toolkit coroutine from outside any task.
 */
import { describe, expect, it } from "vitest";
import {
  allTasks,
  coroutine,
  currentTask,
  ensureFuture,
  Future,
  getRunningLoop,
  RuntimeError,
  sleep,
} from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

describe.each(coreNames)("the running loop and its tasks (%s core)", (core) => {
  it("getRunningLoop() outside a loop throws asyncio's RuntimeError('no running event loop')", () => {
    const error = thrown(() => getRunningLoop());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("no running event loop");
  });

  it("getRunningLoop() in a callback is its loop; currentTask() there is null", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => log.push(getRunningLoop() === loop, currentTask()));
    await loop.runUntilComplete(sleep(0));
    expect(log).toEqual([true, null]);
  });

  it("allTasks() holds the tasks not done yet", async () => {
    const { loop, log } = setup(core);
    const a = loop.createTask(sleep(1));
    const b = loop.createTask(sleep(2));
    loop.callLater(1.5, () => log.push([...allTasks()]));
    await loop.runUntilComplete(b);
    expect(log).toEqual([[b]]);
    expect(allTasks(loop).size).toBe(0);
    expect(a.done()).toBe(true);
  });

  it("ensureFuture: a Future as it is, a coroutine as a Task, a promise as a Future it settles", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expect(ensureFuture(f, loop)).toBe(f);
    const other = setup(core).loop;
    expect(() => ensureFuture(f, other)).toThrow(RangeError);
    const t = ensureFuture(async () => 1, loop);
    expect(t.constructor.name).toBe("Task");
    const p = ensureFuture(Promise.resolve("p"), loop);
    expect(p).toBeInstanceOf(Future);
    expect(await loop.runUntilComplete(p)).toBe("p");
    expect(() => ensureFuture(42 as never, loop)).toThrow(TypeError);
    expect(() => ensureFuture(async () => 1)).toThrow("no running event loop");
  });

  it("a toolkit coroutine's then() called in a callback, outside any task, runs it as a task of its own", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      void sleep(1, "slept").then((value) => log.push(value, loop.time()));
    });
    await loop.runUntilComplete(sleep(2));
    expect(log).toEqual(["slept", 1]);
  });

  it("a toolkit coroutine awaited where no loop runs rejects with 'no running event loop'", async () => {
    await expect((async () => await sleep(1))()).rejects.toThrow("no running event loop");
    const { loop } = setup(core);
    let awaited: Promise<unknown> | null = null;
    // A promise continuation of a plain callback runs after the loop's slice: no loop is running then.
    loop.callSoon(() => void (awaited = (async () => await sleep(1))()));
    await loop.runUntilComplete(sleep(0));
    await expect(awaited).rejects.toThrow("no running event loop");
  });

  it("coroutine() makes a generator function's coroutines awaitable from async code; refuses other functions", async () => {
    const { loop } = setup(core);
    const double = coroutine(function* (n: number) {
      yield;
      return n * 2;
    });
    expect(await loop.runUntilComplete(async () => await double(21))).toBe(42);
    expect(() => coroutine((() => 1) as never)).toThrow(TypeError);
  });
});
