/**
 * Task cancellation (rules 83-86), for both kinds of coroutine, with
 * messages; cancelling()/uncancel(); and wasmloop's one deliberate
 * difference: the message stays with the task for every reader.
 */
import { describe, expect, it } from "vitest";
import { CancelledError, sleep, type Task } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";
import { sleepers } from "./support.js";

describe.each(coreNames)("task cancellation (%s core)", (core) => {
  describe.each(sleepers)("%s coroutine", (_kind, sleeper) => {
    it("rule 83: cancel(msg) reaches the coroutine at its await, then the task is cancelled", async () => {
      const { loop, log } = setup(core);
      const task = loop.createTask(sleeper(log) as never) as Task<unknown>;
      loop.callLater(1, () => {
        expect(task.cancel("stop")).toBe(true);
        expect(task.cancelled()).toBe(false);
      });
      await expect(loop.runUntilComplete(task)).rejects.toThrow(CancelledError);
      expect(log).toHaveLength(1);
      expect((log[0] as Error).message).toBe("stop");
      expect(task.cancelled()).toBe(true);
      expect(loop.time()).toBe(1);
    });

    it("the message stays for every reader: result(), exception(), and again", async () => {
      const { loop, log } = setup(core);
      const task = loop.createTask(sleeper(log) as never) as Task<unknown>;
      loop.callLater(1, () => task.cancel("kept"));
      await loop.runUntilComplete(sleep(2));
      for (let i = 0; i < 2; i++) {
        expect(() => task.result()).toThrow("kept");
        expect(() => task.exception()).toThrow("kept");
      }
    });

    it("rule 84: cancelled before its first step, none of its body runs", async () => {
      const { loop, log } = setup(core);
      let called = false;
      const task = loop.createTask(
        _kind === "async"
          ? async () => {
              called = true;
            }
          : (function* () {
              called = true;
            })(),
      );
      expect(task.cancel("early")).toBe(true);
      await expect(loop.runUntilComplete(task)).rejects.toThrow("early");
      expect(called).toBe(false);
      expect(log).toEqual([]);
    });

    it("cancel() of a done task is false and changes nothing", async () => {
      const { loop, log } = setup(core);
      const task = loop.createTask(sleeper(log) as never) as Task<unknown>;
      task.cancel();
      await loop.runUntilComplete(task).catch(() => {});
      expect(task.cancel()).toBe(false);
      expect(task.cancelling()).toBe(1);
    });
  });

  it("rule 85: a coroutine that catches CancelledError and returns is not cancelled (async)", async () => {
    const { loop } = setup(core);
    const task = loop.createTask(async () => {
      try {
        await sleep(10);
      } catch {
        return "refused";
      }
      return "slept";
    });
    loop.callLater(1, () => task.cancel());
    expect(await loop.runUntilComplete(task)).toBe("refused");
    expect(task.cancelled()).toBe(false);
    expect(task.cancelling()).toBe(1);
    expect(task.uncancel()).toBe(0);
    expect(task.uncancel()).toBe(0);
  });

  it("rule 86: a cancel requested in the last step wins over the return value (async)", async () => {
    const { loop } = setup(core);
    const task: Task<number> = loop.createTask(async () => {
      await sleep(0);
      task.cancel("late");
      return 5;
    });
    await expect(loop.runUntilComplete(task)).rejects.toThrow("late");
    expect(task.cancelled()).toBe(true);
  });

  it("a task that cancels itself while running is cancelled at its next await of a pending future (async)", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    const task: Task<void> = loop.createTask(async () => {
      task.cancel("self");
      log.push("still running");
      await f;
    });
    await expect(loop.runUntilComplete(task)).rejects.toThrow("self");
    expect(log).toEqual(["still running"]);
    expect(f.cancelled()).toBe(true);
  });

  it("cancelling the task an async task awaits cancels it too; one that refuses lets the awaiter go on", async () => {
    const { loop } = setup(core);
    const stubborn = loop.createTask(async () => {
      try {
        await sleep(10);
      } catch {
        return "inner value";
      }
    });
    const outer = loop.createTask(async () => `outer got ${await stubborn}`);
    loop.callLater(1, () => outer.cancel());
    expect(await loop.runUntilComplete(outer)).toBe("outer got inner value");
    expect(outer.cancelled()).toBe(false);
    expect(outer.cancelling()).toBe(1);
  });

  it("cancelling() counts requests; every request of a task waiting on a future is passed to that future once", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    const task = loop.createTask(
      (function* () {
        yield f;
      })(),
    );
    loop.callSoon(() => {
      expect(task.cancel()).toBe(true);
      expect(task.cancel()).toBe(true);
      expect(task.cancelling()).toBe(2);
    });
    await expect(loop.runUntilComplete(task)).rejects.toThrow(CancelledError);
    expect(f.cancelled()).toBe(true);
    expect(task.cancelling()).toBe(2);
  });
});
