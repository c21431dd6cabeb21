/**
 * loop.setTaskFactory()/getTaskFactory(): asyncio's task factory. Every
 * task the loop makes (createTask, runUntilComplete of a coroutine,
 * ensureFuture, gather) comes from it, as factory(loop, coro); a name given
 * to createTask is then set with setName(); null restores the default.
 */
import { describe, expect, it } from "vitest";
import { type EventLoop, ensureFuture, gather, sleep, Task, type TaskTarget } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

class TracedTask<T> extends Task<T> {}

describe.each(coreNames)("task factory (%s core)", (core) => {
  it("is null by default; set and got back; null restores the default", () => {
    const { loop } = setup(core);
    expect(loop.getTaskFactory()).toBe(null);
    const factory = (l: EventLoop, coro: TaskTarget<any>) => new Task(l, coro);
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBe(null);
    const task = loop.createTask(sleep(0));
    expect(task.constructor).toBe(Task);
    task.cancel();
  });

  it("createTask calls factory(loop, coro) and gives what it made; a given name is set on it", async () => {
    const { loop } = setup(core);
    const calls: unknown[][] = [];
    loop.setTaskFactory((l, coro) => {
      calls.push([l, coro]);
      return new TracedTask(l, coro, { name: "from the factory" });
    });
    const coro = sleep(0, "done");
    const unnamed = loop.createTask(coro);
    const named = loop.createTask(async () => "named", { name: 42 as never });
    expect(calls).toHaveLength(2);
    expect(calls[0]![0]).toBe(loop);
    expect(calls[0]![1]).toBe(coro);
    expect(calls[1]![0]).toBe(loop);
    expect(typeof calls[1]![1]).toBe("function");
    expect(unnamed).toBeInstanceOf(TracedTask);
    expect(unnamed.getName()).toBe("from the factory");
    expect(named.getName()).toBe("42");
    expect(await loop.runUntilComplete(unnamed)).toBe("done");
    expect(await loop.runUntilComplete(named)).toBe("named");
  });

  it("runUntilComplete, ensureFuture and gather make their tasks through it", async () => {
    const { loop } = setup(core);
    let made = 0;
    loop.setTaskFactory((l, coro) => {
      made++;
      return new TracedTask(l, coro);
    });
    const result = await loop.runUntilComplete(async () => {
      const viaEnsure = ensureFuture(sleep(0, "e"));
      const both = await gather(sleep(0, "a"), sleep(0, "b"));
      return [viaEnsure instanceof TracedTask, await viaEnsure, both];
    });
    expect(result).toEqual([true, "e", ["a", "b"]]);
    expect(made).toBe(4); // main, ensureFuture's, gather's two
  });

  it("refuses a factory that is neither a function nor null, naming setTaskFactory()", () => {
    const { loop } = setup(core);
    for (const value of [42, undefined, {}, "f"]) {
      const error = thrown(() => loop.setTaskFactory(value as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^setTaskFactory\(\): task factory must be a callable or null, got /);
    }
    expect(loop.getTaskFactory()).toBe(null);
  });

  it("createTask with a factory still refuses options that are not an object, and a closed loop", () => {
    const { loop } = setup(core);
    let called = 0;
    loop.setTaskFactory((l, coro) => {
      called++;
      return new Task(l, coro);
    });
    expect(thrown(() => loop.createTask(sleep(0), 5 as never))).toBeInstanceOf(TypeError);
    loop.close();
    expect((thrown(() => loop.createTask(sleep(0))) as Error).message).toBe("Event loop is closed");
    expect(called).toBe(0);
  });
});
