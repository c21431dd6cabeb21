/**
 * 3.12's eager tasks (J23): with eagerTaskFactory, createEagerTaskFactory(C)
 * or createTask(c, { eagerStart: true }), a generator task made while its
 * loop runs takes its first step inside createTask(), as the current task;
 * one that finishes without waiting never goes through the ready queue.
 */
import { describe, expect, it } from "vitest";
import {
  createEagerTaskFactory,
  currentTask,
  type EventLoop,
  eagerTaskFactory,
  sleep,
  Task,
} from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

class TracedTask<T> extends Task<T> {}

/**
 * Runs `body` in a callback of `loop` (the loop is running then) and gives
 * what it returned, boxed: an async function would await a Task it returned.
 */
async function inCallback<T>(loop: EventLoop, body: () => T): Promise<{ made: T }> {
  const box: { made?: T } = {};
  const done = loop.createFuture<void>();
  loop.callSoon(() => {
    box.made = body();
    done.setResult(undefined);
  });
  await loop.runUntilComplete(done);
  return box as { made: T };
}

describe.each(coreNames)("eager tasks (%s core)", (core) => {
  it("a task that finishes without waiting is done when createTask returns, ahead of what was scheduled before", async () => {
    const { loop, log } = setup(core);
    loop.setTaskFactory(eagerTaskFactory);
    const { made: task } = await inCallback(loop, () => {
      loop.callSoon(() => log.push("scheduled before"));
      const made = loop.createTask(
        (function* () {
          log.push("first step");
          return 1;
        })(),
      );
      log.push(`createTask returned, done=${made.done()}`);
      return made;
    });
    await loop.runUntilComplete(sleep(0));
    expect(log).toEqual(["first step", "createTask returned, done=true", "scheduled before"]);
    expect(task.result()).toBe(1);
  });

  it("a task that waits runs its first step eagerly, then goes on as any task", async () => {
    const { loop, log } = setup(core);
    const { made: task } = await inCallback(loop, () =>
      loop.createTask(
        function* () {
          log.push("before the wait");
          yield* sleep(1);
          log.push("after the wait");
          return "late";
        },
        { eagerStart: true },
      ),
    );
    expect(log).toEqual(["before the wait"]);
    expect(task.done()).toBe(false);
    expect(await loop.runUntilComplete(task)).toBe("late");
    expect(log).toEqual(["before the wait", "after the wait"]);
  });

  it("the eager step runs as the current task; the creating task is current again afterwards", async () => {
    const { loop } = setup(core);
    loop.setTaskFactory(eagerTaskFactory);
    const seen = await loop.runUntilComplete(function* () {
      const parent = currentTask();
      let inside: unknown = null;
      const child = loop.createTask(
        (function* () {
          inside = currentTask();
          return 0;
        })(),
      );
      return [inside === child, currentTask() === parent, parent !== null];
    });
    expect(seen).toEqual([true, true, true]);
  });

  it("from an async task's code too: the child's step runs inside createTask, the parent is current again after", async () => {
    const { loop } = setup(core);
    loop.setTaskFactory(eagerTaskFactory);
    const seen = await loop.runUntilComplete(async () => {
      await sleep(0);
      const parent = currentTask();
      let inside: unknown = null;
      const child = loop.createTask(
        (function* () {
          inside = currentTask();
          return "child";
        })(),
      );
      const now = [child.done(), inside === child, currentTask() === parent];
      return [...now, await child, await sleep(0, currentTask() === parent)];
    });
    expect(seen).toEqual([true, true, true, "child", true]);
  });

  it("an error in the eager step ends the task; createTask does not throw", async () => {
    const { loop } = setup(core);
    const { made: task } = await inCallback(loop, () =>
      loop.createTask(
        (function* () {
          throw new RangeError("first step failed");
        })(),
        { eagerStart: true },
      ),
    );
    expect(task.done()).toBe(true);
    expect(task.exception()).toBeInstanceOf(RangeError);
  });

  it("a loop that is not running schedules the first step as usual", async () => {
    const { loop, log } = setup(core);
    loop.setTaskFactory(eagerTaskFactory);
    const task = loop.createTask(
      (function* () {
        log.push("ran");
        return 1;
      })(),
    );
    expect(log).toEqual([]);
    expect(task.done()).toBe(false);
    expect(await loop.runUntilComplete(task)).toBe(1);
  });

  it("an async function is not started eagerly: its outcome comes in promise jobs, after createTask", async () => {
    const { loop, log } = setup(core);
    const { made: task } = await inCallback(loop, () => {
      const made = loop.createTask(async () => log.push("async ran"), { eagerStart: true });
      log.push("createTask returned");
      return made;
    });
    await loop.runUntilComplete(task);
    expect(log).toEqual(["createTask returned", "async ran"]);
  });

  it("createEagerTaskFactory(C) makes C eagerly; a name given to createTask is set", async () => {
    const { loop } = setup(core);
    loop.setTaskFactory(createEagerTaskFactory(TracedTask));
    const { made: task } = await inCallback(loop, () => loop.createTask((function* () {})(), { name: "eager" }));
    expect(task).toBeInstanceOf(TracedTask);
    expect(task.done()).toBe(true);
    expect(task.getName()).toBe("eager");
  });

  it("refuses what is not a task class, and an eagerStart that is not a boolean, naming the method", () => {
    const { loop } = setup(core);
    const error = thrown(() => createEagerTaskFactory(42 as never));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      "createEagerTaskFactory() expected customTaskConstructor to be a function, got 42",
    );
    const bad = thrown(() => loop.createTask((function* () {})(), { eagerStart: "yes" as never }));
    expect(bad).toBeInstanceOf(TypeError);
    expect((bad as Error).message).toMatch(/^createTask\(\) expected options\.eagerStart to be a boolean, got /);
  });
});
