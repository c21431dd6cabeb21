/**
 * createTask() and runUntilComplete() of coroutines: what they accept (refused
 * at the call, J6), names, and the Task's own Future rules (rule 87).
 */
import { describe, expect, it } from "vitest";
import { RuntimeError, sleep, Task } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { setup, thrown } from "../loop/support.js";

describe.each(coreNames)("createTask (%s core)", (core) => {
  it("accepts a generator object, an async function and a generator function", async () => {
    const { loop } = setup(core);
    const a = loop.createTask(
      (function* () {
        return 1;
      })(),
    );
    const b = loop.createTask(async () => 2);
    const c = loop.createTask(function* () {
      return 3;
    });
    for (const t of [a, b, c]) expect(t).toBeInstanceOf(Task);
    expect(
      await loop.runUntilComplete(function* () {
        return [yield* a, yield* b, yield* c];
      }),
    ).toEqual([1, 2, 3]);
  });

  it.each([
    ["a number", 42],
    ["null", null],
    ["an async generator function", async function* () {}],
  ])("refuses %s with a TypeError at the call", (_what, value) => {
    const { loop } = setup(core);
    const error = thrown(() => loop.createTask(value as never));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^createTask\(\): a coroutine was expected, got /);
  });

  it("refuses a name String() cannot convert (any other is converted, as str() does), and options that are not an object", () => {
    const { loop } = setup(core);
    expect(() => loop.createTask(async () => {}, { name: Object.create(null) as never })).toThrow(TypeError);
    expect(() => loop.createTask(async () => {}, 5 as never)).toThrow(TypeError);
  });

  it("rule 43: a closed loop refuses it with 'Event loop is closed', and the function is never called", () => {
    const { loop } = setup(core);
    loop.close();
    let called = false;
    const error = thrown(() =>
      loop.createTask(async () => {
        called = true;
      }),
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Event loop is closed");
    expect(called).toBe(false);
  });

  it("names: the given one, else Task-<n>; setName; the repr follows the state", async () => {
    expectLoopErrors(); // the failing task's exception is shown by its repr, never retrieved
    const { loop } = setup(core);
    const named = loop.createTask(async () => 1, { name: "worker" });
    const unnamed = loop.createTask(async () => {
      throw new TypeError("x");
    });
    expect(named.getName()).toBe("worker");
    expect(unnamed.getName()).toMatch(/^Task-\d+$/);
    expect(String(named)).toBe("<Task pending name='worker' coro=<<anonymous>()>>");
    await loop.runUntilComplete(sleep(0));
    expect(String(named)).toBe("<Task finished name='worker' coro=<<anonymous>()> result=1>");
    unnamed.setName("renamed");
    expect(String(unnamed)).toBe("<Task finished name='renamed' coro=<<anonymous>()> exception=TypeError('x')>");
    const cancelled = loop.createTask(async () => {}, { name: "c" });
    cancelled.cancel();
    await loop.runUntilComplete(sleep(0));
    expect(String(cancelled)).toBe("<Task cancelled name='c' coro=<<anonymous>()>>");
  });

  it("getCoro gives what the task was made with", () => {
    const { loop } = setup(core);
    const fn = async () => {};
    const gen = (function* () {})();
    expect(loop.createTask(fn).getCoro()).toBe(fn);
    expect(loop.createTask(gen).getCoro()).toBe(gen);
  });

  it("rule 87: setResult and setException are refused with asyncio's messages", () => {
    const { loop } = setup(core);
    const task = loop.createTask(async () => {});
    expect(() => task.setResult(1 as never)).toThrow(new RuntimeError("Task does not support set_result operation"));
    expect(() => task.setException(new Error())).toThrow(
      new RuntimeError("Task does not support set_exception operation"),
    );
    expect(task.done()).toBe(false);
  });

  it("rule 60: runUntilComplete wraps a coroutine of either kind in a Task and gives its result", async () => {
    const { loop } = setup(core);
    expect(await loop.runUntilComplete(async () => "async")).toBe("async");
    expect(
      await loop.runUntilComplete(
        (function* () {
          yield;
          return "generator";
        })(),
      ),
    ).toBe("generator");
    expect(await loop.runUntilComplete(sleep(1, "toolkit"))).toBe("toolkit");
    await expect(
      loop.runUntilComplete(async () => {
        throw new SyntaxError("s");
      }),
    ).rejects.toThrow(SyntaxError);
  });

  it("rule 40: a refused runUntilComplete does not wrap the coroutine: its body never runs", async () => {
    const { loop } = setup(core);
    let ran = false;
    loop.callSoon(() => {
      expect(() =>
        loop.runUntilComplete(async () => {
          ran = true;
        }),
      ).toThrow("This event loop is already running");
    });
    await loop.runUntilComplete(sleep(1));
    expect(ran).toBe(false);
  });

  it("an async function that fails before its first await makes a failed task, not a throw", async () => {
    const { loop } = setup(core);
    const task = loop.createTask(async () => {
      throw new RangeError("at once");
    });
    await loop.runUntilComplete(sleep(0));
    expect(task.exception()).toBeInstanceOf(RangeError);
  });
});
