/**
 * The async-function guarantee: an async task is stepped like a generator
 * task. Its step is the loop callback asyncio would run, and the loop runs
 * nothing else until the task's code has suspended again on something the
 * loop knows (a pending Future, a toolkit coroutine that waits) or ended;
 * what the code does in between, however many promise jobs it takes, is
 * inside the step. Awaiting a promise the loop does not know ends the step
 * at the next host turn and detaches the task.
 */
import { describe, expect, it } from "vitest";
import { currentTask, EventLoop, ensureFuture, getRunningLoop, sleep } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("async-function tasks: when they resume (%s core)", (core) => {
  it("the function is called in the task's first step, never by createTask", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => log.push("before"));
    const task = loop.createTask(async () => {
      log.push("body");
    });
    loop.callSoon(() => log.push("after"));
    expect(log).toEqual([]);
    await loop.runUntilComplete(task);
    expect(log).toEqual(["before", "body", "after"]);
  });

  it("a woken task runs to its next await before the next callback of the batch", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    const g = loop.createFuture<number>();
    loop.createTask(async () => {
      log.push(`got ${await f}`);
      log.push("still the same step");
      log.push(`got ${await g}`);
    });
    loop.callSoon(() => {
      f.setResult(1);
      // Scheduled after the task's wakeup: it must see the whole step done.
      loop.callSoon(() => log.push("next callback"));
    });
    loop.callLater(1, () => g.setResult(2));
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["got 1", "still the same step", "next callback", "got 2"]);
  });

  it("awaits of async helpers and of settled promises stay inside the step", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<string>();
    const helper = async (x: string) => {
      await Promise.resolve();
      await null;
      return `${x}!`;
    };
    loop.createTask(async () => {
      const v = await f;
      const w = await helper(v);
      const z = await Promise.all([Promise.resolve(1), 2]);
      log.push(`${w} ${z.join(",")}`);
      await sleep(0);
      log.push("next step");
    });
    loop.callSoon(() => {
      f.setResult("v");
      loop.callSoon(() => {
        log.push("callback");
        loop.callSoon(() => log.push("callback 2"));
      });
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["v! 1,2", "callback", "next step", "callback 2"]);
  });

  it("an async helper that waits on the loop is part of the task: its waits are the task's", async () => {
    const { loop, log } = setup(core);
    const helper = async (n: number) => {
      await sleep(n);
      log.push(`helper ${n} at ${loop.time()} in ${currentTask()?.getName()}`);
      return n;
    };
    const task = loop.createTask(
      async () => {
        const a = await helper(1);
        const b = await helper(2);
        return a + b;
      },
      { name: "T" },
    );
    loop.callLater(1, () => log.push("timer 1"));
    expect(await loop.runUntilComplete(task)).toBe(3);
    expect(log).toEqual(["timer 1", "helper 1 at 1 in T", "helper 2 at 3 in T"]);
  });

  it("Promise.all over futures waits for all of them; the task resumes in the step of the last wakeup", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    const g = loop.createFuture<number>();
    loop.createTask(async () => {
      const [a, b] = await Promise.all([f, g]);
      log.push(`all ${a} ${b} at ${loop.time()}`);
    });
    loop.callLater(1, () => f.setResult(1));
    loop.callLater(2, () => {
      g.setResult(2);
      loop.callSoon(() => log.push("after g"));
    });
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["all 1 2 at 2", "after g"]);
  });

  it("cancelling a task that awaits Promise.all over futures cancels every one of them", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    const g = loop.createFuture();
    const task = loop.createTask(async () => {
      await Promise.all([f, g]);
    });
    loop.callLater(1, () => task.cancel("both"));
    await expect(loop.runUntilComplete(task)).rejects.toThrow("both");
    expect(f.cancelled()).toBe(true);
    expect(g.cancelled()).toBe(true);
    expect(task.cancelled()).toBe(true);
  });

  it("the running loop and current task are known all through the step, after every await", async () => {
    const { loop, log } = setup(core);
    const task = loop.createTask(async () => {
      await Promise.resolve();
      log.push(getRunningLoop() === loop, currentTask() === task);
      await sleep(1);
      await (async () => {})();
      log.push(getRunningLoop() === loop, currentTask() === task);
    });
    await loop.runUntilComplete(task);
    expect(log).toEqual([true, true, true, true]);
  });

  it("a promise the loop does not know: the step ends at the next host turn and the task goes on when it settles", async () => {
    const { loop, log } = setup(core);
    let settle: (value: string) => void = () => {};
    const foreign = new Promise<string>((resolve) => (settle = resolve));
    const task = loop.createTask(async () => {
      log.push("before");
      const v = await foreign;
      log.push(`after ${v}`);
      return v;
    });
    // Same batch as the first step: it can only run once that step has ended.
    loop.callSoon(() => log.push("next callback"));
    loop.callLater(1, () => settle("host"));
    expect(await loop.runUntilComplete(task)).toBe("host");
    expect(log).toEqual(["before", "next callback", "after host"]);
  });

  it("ensureFuture() of such a promise keeps the task on the loop's steps", async () => {
    const loop = new EventLoop({ core });
    const log: unknown[] = [];
    const task = loop.createTask(async () => {
      const v = await ensureFuture(new Promise<string>((resolve) => setTimeout(() => resolve("host"), 1)));
      log.push(v, getRunningLoop() === loop, currentTask() === task);
    });
    await loop.runUntilComplete(task);
    expect(log).toEqual(["host", true, true]);
    loop.close();
  });

  it("debug mode reports a task that the loop can no longer step", async () => {
    expectLoopErrors();
    const { loop } = setup(core, { debug: true });
    const contexts: Array<Record<string, unknown>> = [];
    loop.setExceptionHandler((_loop, context) => void contexts.push(context));
    let settle: () => void = () => {};
    const foreign = new Promise<void>((resolve) => (settle = resolve));
    const task = loop.createTask(async () => {
      await foreign;
    });
    loop.callLater(1, () => settle());
    await loop.runUntilComplete(task);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.task).toBe(task);
    expect(String(contexts[0]!.message)).toMatch(/awaits a promise that is not a wasmloop awaitable/);
  });

  it("steps of async and generator tasks interleave exactly as asyncio's", async () => {
    const { loop, log } = setup(core);
    loop.createTask(async () => {
      log.push("a0");
      await sleep(0);
      log.push("a1");
      await sleep(1);
      log.push("a2");
    });
    loop.createTask(
      (function* () {
        log.push("g0");
        yield* sleep(0);
        log.push("g1");
        yield* sleep(1);
        log.push("g2");
      })(),
    );
    loop.callLater(1, () => log.push("timer"));
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["a0", "g0", "a1", "g1", "timer", "a2", "g2"]);
  });

  it("an async task may await a generator coroutine, which it drives like its own", async () => {
    const { loop } = setup(core);
    const { coroutine } = await import("../../host/index.js");
    const twice = coroutine(function* (n: number) {
      yield* sleep(1);
      return n * 2;
    });
    const result = await loop.runUntilComplete(async () => (await twice(2)) + (await twice(3)));
    expect(result).toBe(10);
    expect(loop.time()).toBe(2);
  });
});
