/**
 * Queues: shutdown() (asyncio 3.13, newer than the CPython the scenarios run
 * on), PriorityQueue's order, refusals and reprs. Fairness is checked against
 * CPython in the coroutine scenarios.
 */
import { describe, expect, it } from "vitest";
import { LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull, QueueShutDown, sleep } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("queues (%s core)", (core) => {
  it("shutdown(): puts fail at once; gets drain what is left, then fail", async () => {
    const { loop } = setup(core);
    const q = new Queue<number>();
    q.putNowait(1);
    q.shutdown();
    expect(() => q.putNowait(2)).toThrow(QueueShutDown);
    await expect(loop.runUntilComplete(q.put(2))).rejects.toBeInstanceOf(QueueShutDown);
    expect(await loop.runUntilComplete(q.get())).toBe(1);
    expect(() => q.getNowait()).toThrow(QueueShutDown);
    await expect(loop.runUntilComplete(q.get())).rejects.toBeInstanceOf(QueueShutDown);
  });

  it("shutdown(): blocked getters and putters wake up and fail", async () => {
    const { loop } = setup(core);
    const empty = new Queue<number>();
    const full = new Queue<number>(1);
    full.putNowait(0);
    const getter = loop.createTask(empty.get());
    const putter = loop.createTask(full.put(1));
    loop.callLater(1, () => {
      empty.shutdown();
      full.shutdown();
    });
    await loop.runUntilComplete(sleep(2));
    expect(getter.exception()).toBeInstanceOf(QueueShutDown);
    expect(putter.exception()).toBeInstanceOf(QueueShutDown);
    expect(full.qsize()).toBe(1);
  });

  it("shutdown(immediate): drops the items, counts them done for join(), and gets fail at once", async () => {
    const { loop } = setup(core);
    const q = new Queue<string>();
    q.putNowait("a");
    q.putNowait("b");
    const joiner = loop.createTask(q.join());
    loop.callLater(1, () => q.shutdown(true));
    await loop.runUntilComplete(joiner);
    expect(q.empty()).toBe(true);
    expect(() => q.getNowait()).toThrow(QueueShutDown);
    expect(String(q)).toBe("<Queue maxsize=0 shutdown>");
  });

  it("PriorityQueue: lowest first, arrays compared like tuples; equal items as heapq pops them", async () => {
    const { loop } = setup(core);
    const q = new PriorityQueue<[number, string]>();
    for (const item of [
      [3, "c"],
      [1, "b"],
      [2, "a"],
      [1, "a"],
    ] as Array<[number, string]>)
      q.putNowait(item);
    const order: unknown[] = [];
    while (!q.empty()) order.push(q.getNowait());
    expect(order).toEqual([
      [1, "a"],
      [1, "b"],
      [2, "a"],
      [3, "c"],
    ]);
    expect(() => {
      const bad = new PriorityQueue<object>();
      bad.putNowait({});
      bad.putNowait({});
    }).toThrow(TypeError);
    const byLength = new PriorityQueue<string>(0, (a, b) => a.length < b.length);
    byLength.putNowait("ccc");
    byLength.putNowait("a");
    expect(byLength.getNowait()).toBe("a");
    await loop.runUntilComplete(sleep(0));
  });

  it("LifoQueue: last in, first out", () => {
    const q = new LifoQueue<number>();
    [1, 2, 3].forEach((n) => q.putNowait(n));
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([3, 2, 1]);
  });

  it("nowait calls, sizes and reprs", () => {
    const q = new Queue<number>(2);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    q.putNowait(1);
    q.putNowait(2);
    expect(q.full()).toBe(true);
    expect(q.maxsize).toBe(2);
    expect(() => q.putNowait(3)).toThrow(QueueFull);
    expect(String(q)).toBe("<Queue maxsize=2 _queue=[1, 2] tasks=2>");
    q.getNowait();
    q.taskDone();
    q.getNowait();
    q.taskDone();
    expect(() => q.taskDone()).toThrow(new RangeError("task_done() called too many times"));
    expect(() => new Queue("2" as never)).toThrow(TypeError);
  });
});
