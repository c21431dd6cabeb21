/**
 * Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier: refusals,
 * reprs, loop binding, and waits from both kinds of coroutine. Fairness and
 * wake-up order are checked against CPython in the coroutine scenarios.
 */
import { describe, expect, it } from "vitest";
import {
  Barrier,
  BoundedSemaphore,
  BrokenBarrierError,
  Condition,
  Event,
  Lock,
  RuntimeError,
  Semaphore,
  sleep,
} from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("synchronization primitives (%s core)", (core) => {
  it("Lock: waiters of both kinds take it in arrival order", async () => {
    const { loop, log } = setup(core);
    const lock = new Lock();
    const holder = async (name: string) => {
      await lock.acquire();
      log.push(name);
      await sleep(1);
      lock.release();
    };
    loop.createTask(async () => holder("a"));
    loop.createTask(function* () {
      yield* lock.acquire();
      log.push("g");
      lock.release();
    });
    loop.createTask(async () => holder("b"));
    await loop.runUntilComplete(sleep(5));
    expect(log).toEqual(["a", "g", "b"]);
    expect(String(lock)).toBe("<Lock [unlocked]>");
  });

  it("Lock: release when unlocked is asyncio's RuntimeError; a free lock is taken without suspending", async () => {
    const { loop } = setup(core);
    const lock = new Lock();
    expect(() => lock.release()).toThrow(new RuntimeError("Lock is not acquired."));
    await loop.runUntilComplete(function* () {
      const before = loop.time();
      expect(yield* lock.acquire()).toBe(true);
      expect(lock.locked()).toBe(true);
      expect(loop.time()).toBe(before);
    });
  });

  it("a primitive is bound to the first loop that waits on it", async () => {
    const first = setup(core).loop;
    const second = setup(core).loop;
    const lock = new Lock();
    await first.runUntilComplete(async () => {
      await lock.acquire();
      first.callLater(1, () => lock.release());
      await lock.acquire();
    });
    await expect(
      second.runUntilComplete(async () => {
        await lock.acquire();
      }),
    ).rejects.toThrow(new RuntimeError("<Lock [locked]> is bound to a different event loop"));
  });

  it("Event: wait() on a set event returns at once; set/clear/isSet; repr", async () => {
    const { loop } = setup(core);
    const event = new Event();
    expect(String(event)).toBe("<Event [unset]>");
    loop.callLater(1, () => event.set());
    expect(await loop.runUntilComplete(async () => await event.wait())).toBe(true);
    expect(event.isSet()).toBe(true);
    expect(String(event)).toBe("<Event [set]>");
    event.clear();
    expect(event.isSet()).toBe(false);
  });

  it("Condition: wait/notify need the lock held; a Lock of one's own may be shared", async () => {
    const { loop } = setup(core);
    const lock = new Lock();
    const condition = new Condition(lock);
    expect(() => condition.notify()).toThrow(new RuntimeError("cannot notify on un-acquired lock"));
    await expect(loop.runUntilComplete(condition.wait())).rejects.toThrow(
      new RuntimeError("cannot wait on un-acquired lock"),
    );
    expect(() => new Condition(5 as never)).toThrow(TypeError);
    const woke = loop.createTask(async () => {
      await condition.acquire();
      try {
        return await condition.waitFor(() => (lock.locked() ? "held" : ""));
      } finally {
        condition.release();
      }
    });
    expect(await loop.runUntilComplete(woke)).toBe("held");
  });

  it("Semaphore: refuses a negative or non-integer value; BoundedSemaphore refuses an extra release", () => {
    expect(() => new Semaphore(-1)).toThrow(new RangeError("Semaphore initial value must be >= 0"));
    expect(() => new Semaphore(1.5)).toThrow(TypeError);
    const bounded = new BoundedSemaphore(1);
    expect(() => bounded.release()).toThrow(new RangeError("BoundedSemaphore released too many times"));
    expect(String(new Semaphore(2))).toBe("<Semaphore [unlocked, value:2]>");
    expect(String(new Semaphore(0))).toBe("<Semaphore [locked]>");
  });

  it("Barrier: refuses parties < 1; reset breaks the current round for its waiters", async () => {
    expect(() => new Barrier(0)).toThrow(new RangeError("parties must be > 0"));
    const { loop } = setup(core);
    const barrier = new Barrier(2);
    const waiter = loop.createTask(async () => await barrier.wait());
    loop.callLater(1, () => {
      expect(barrier.nWaiting).toBe(1);
      expect(String(barrier)).toBe("<Barrier [filling, waiters:1/2]>");
      loop.createTask(barrier.reset());
    });
    await expect(loop.runUntilComplete(waiter)).rejects.toBeInstanceOf(BrokenBarrierError);
    expect(barrier.broken).toBe(false);
    expect(barrier.parties).toBe(2);
  });
});
