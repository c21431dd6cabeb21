/**
 * The literal translation of asyncio's `create_task(work(3))` (J16): a task
 * takes a promise (an async function already called) and a plain function
 * that returns a coroutine or a promise; what it cannot take is refused with
 * the forms that work.
 */
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ensureFuture,
  gather,
  Queue,
  shield,
  sleep,
  type Task,
  taskGroup,
  waitFor,
} from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

describe.each(coreNames)("what a task takes (%s core)", (core) => {
  it("TaskGroup.createTask() takes a promise too: tg.createTask(work(3))", async () => {
    const { loop } = setup(core);
    async function work(n: number): Promise<number> {
      await sleep(1);
      return n * 2;
    }
    const results = await loop.runUntilComplete(async () => {
      const tasks: Task<number>[] = [];
      await taskGroup(async (tg) => {
        tasks.push(tg.createTask(work(3)), tg.createTask(work(4)));
      });
      return tasks.map((task) => task.result());
    });
    expect(results).toEqual([6, 8]);
  });

  it("asyncio's producer/consumer in a TaskGroup: tg.createTask(() => producer(q, 5))", async () => {
    const { loop } = setup(core);
    const got: number[] = [];
    async function producer(q: Queue<number>, n: number): Promise<void> {
      for (let i = 0; i < n; i++) await q.put(i);
      await q.put(-1);
    }
    async function consumer(q: Queue<number>): Promise<void> {
      for (;;) {
        const item = await q.get();
        if (item < 0) return;
        got.push(item);
      }
    }
    await loop.runUntilComplete(async () => {
      const q = new Queue<number>(2);
      await taskGroup(async (tg) => {
        tg.createTask(() => producer(q, 5));
        tg.createTask(() => consumer(q));
      });
    });
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it("a promise: its first part already ran; the task ends one iteration after it settles", async () => {
    const { loop, log } = setup(core);
    async function work(n: number): Promise<number> {
      log.push("first part");
      await sleep(1);
      log.push("settles");
      return n * 2;
    }
    const result = await loop.runUntilComplete(async () => {
      const task = loop.createTask(work(3));
      log.push("created");
      const value = await task;
      log.push("task done");
      return value;
    });
    expect(result).toBe(6);
    expect(log).toEqual(["first part", "created", "settles", "task done"]);
  });

  it("a plain function returning a promise or a coroutine is called at the first step", async () => {
    const { loop, log } = setup(core);
    async function work(n: number): Promise<number> {
      log.push(`work ${n}`);
      await sleep(0);
      return n;
    }
    function* gen(n: number): Generator<unknown, number, unknown> {
      log.push(`gen ${n}`);
      yield* sleep(0);
      return n;
    }
    const a = loop.createTask(() => work(1));
    const b = loop.createTask(() => gen(2));
    log.push("created");
    expect(await loop.runUntilComplete(a)).toBe(1);
    expect(await loop.runUntilComplete(b)).toBe(2);
    expect(log).toEqual(["created", "work 1", "gen 2"]);
  });

  it("a plain function returning anything else fails its task with a TypeError showing the forms", async () => {
    const { loop } = setup(core);
    const task = loop.createTask((() => 1) as never) as Task<unknown>;
    await expect(loop.runUntilComplete(task)).rejects.toThrow(
      /^a coroutine was expected, got 1 from .*\(a task takes a generator, a promise, or a function returning either\)$/,
    );
  });

  it("a promise-task cannot be cancelled into its code: the task is cancelled, the code goes on", async () => {
    const { loop, log } = setup(core);
    async function work(): Promise<string> {
      await sleep(2);
      log.push("work goes on");
      return "late";
    }
    // The code waits as part of the task that called the async function: main lives on.
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(work());
      loop.callLater(1, () => task.cancel("stop"));
      await expect(task).rejects.toThrow(CancelledError);
      log.push("task cancelled");
      expect(task.cancelled()).toBe(true);
      await sleep(3);
    });
    expect(log).toEqual(["task cancelled", "work goes on"]);
  });

  it("a promise that rejects fails its task, even before the first step (never unhandled)", async () => {
    const { loop } = setup(core);
    const failing = (async () => {
      throw new RangeError("early");
    })();
    const task = loop.createTask(failing);
    await expect(loop.runUntilComplete(task)).rejects.toThrow("early");
  });

  it("a Future is refused at the call, with the forms that work", () => {
    const { loop } = setup(core);
    const error = thrown(() => loop.createTask(loop.createFuture() as never));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^createTask\(\): a coroutine was expected, got .*a task takes a generator, a promise/,
    );
  });

  it("ensureFuture takes a promise too", async () => {
    const { loop } = setup(core);
    async function work(n: number): Promise<number> {
      await sleep(0);
      return n;
    }
    expect(await loop.runUntilComplete(async () => await loop.createTask(work(5)))).toBe(5);
    expect(await loop.runUntilComplete(async () => await ensureFuture(work(6)))).toBe(6);
  });

  it("gather, shield and waitFor take a promise through ensureFuture", async () => {
    const { loop } = setup(core);
    async function work(n: number): Promise<number> {
      await sleep(0);
      return n;
    }
    const results = await loop.runUntilComplete(async () => [
      await gather(work(1), work(2)),
      await shield(work(3)),
      await waitFor(work(4), 10),
    ]);
    expect(results).toEqual([[1, 2], 3, 4]);
  });
});
