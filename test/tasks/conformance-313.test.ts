/**
 * Task behaviour of asyncio 3.11-3.13 that the CPython differential cannot
 * express: the identity of a task's CancelledError, a step that finds its
 * task already done from outside, and what runUntilComplete() gives for a
 * result that is itself a Future (J15).
 */
import { describe, expect, it } from "vitest";
import { CancelledError, Future, InvalidStateError, RuntimeError, sleep, type Task } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { setup } from "../loop/support.js";
import { type Body, sleepers } from "./support.js";

/** A coroutine that raises a CancelledError of its own, with nobody cancelling it. */
const raisers: Array<[string, Body]> = [
  [
    "generator",
    (log) =>
      (function* () {
        yield* sleep(0);
        const own = new CancelledError("own");
        log.push(own);
        throw own;
      })(),
  ],
  [
    "async",
    (log) => async () => {
      await sleep(0);
      const own = new CancelledError("own");
      log.push(own);
      throw own;
    },
  ],
];

function* returning(value: unknown): Generator<unknown, unknown, unknown> {
  return value;
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe.each(coreNames)("asyncio 3.13 tasks (%s core)", (core) => {
  describe.each(sleepers)("a cancelled %s task re-raises its coroutine's CancelledError", (_kind, body) => {
    it("result(), exception(), an awaiting task and the run all get that very instance", async () => {
      const { loop, log } = setup(core);
      const task = loop.createTask(body(log) as never) as Task<unknown>;
      const awaited: unknown[] = [];
      const waiter = loop.createTask(async () => {
        try {
          await task;
        } catch (error) {
          awaited.push(error);
        }
      });
      loop.callLater(1, () => task.cancel("stop"));
      const run = await loop.runUntilComplete(task).catch((error: unknown) => error);
      await loop.runUntilComplete(waiter);
      expect(log).toHaveLength(1);
      const raised = log[0];
      expect(raised).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(run).toBe(raised);
      expect(thrownBy(() => task.result())).toBe(raised);
      expect(thrownBy(() => task.exception())).toBe(raised);
      expect(awaited).toEqual([raised]);
      expect(awaited[0]).toBe(raised);
    });
  });

  describe.each(raisers)("a %s task that raises CancelledError itself", (_kind, body) => {
    it("is cancelled, and result() gives the instance it raised", async () => {
      const { loop, log } = setup(core);
      const task = loop.createTask(body(log) as never) as Task<unknown>;
      const run = await loop.runUntilComplete(task).catch((error: unknown) => error);
      expect(task.cancelled()).toBe(true);
      expect(run).toBe(log[0]);
      expect(thrownBy(() => task.result())).toBe(log[0]);
    });
  });

  it("uncancel() back to 0 withdraws a cancellation not yet delivered: the task returns its result", async () => {
    const { loop } = setup(core);
    const task = loop.createTask(
      (function* () {
        return "done";
      })(),
    );
    task.cancel();
    expect(task.uncancel()).toBe(0);
    await expect(loop.runUntilComplete(task)).resolves.toBe("done");
    expect(task.cancelled()).toBe(false);
  });

  const targets: Array<[string, () => unknown]> = [
    [
      "generator",
      () =>
        (function* () {
          return 1;
        })(),
    ],
    ["async function", () => async () => 1],
  ];
  describe.each(targets)("a step for a %s task already done from outside", (_kind, target) => {
    it("reports InvalidStateError('_step(): already done: ...') to the exception handler", async () => {
      const errors = expectLoopErrors();
      const { loop } = setup(core);
      const task = loop.createTask(target() as never) as Task<unknown>;
      Future.prototype.setResult.call(task, 42);
      await loop.runUntilComplete(sleep(0));
      expect(task.result()).toBe(42);
      const reported = errors.records.map((record) => record.exception);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toBeInstanceOf(InvalidStateError);
      expect((reported[0] as Error).message).toBe(`_step(): already done: ${task}, null`);
    });
  });

  // A generator coroutine can return a Future as its value (an async function's
  // promise would already follow it), as an asyncio coroutine can.
  describe("runUntilComplete() of a task whose result is a Future (J15)", () => {
    it("a done Future gives its own result, as a promise resolved with it would", async () => {
      const { loop } = setup(core);
      const inner = loop.createFuture<string>();
      inner.setResult("inner");
      await expect(loop.runUntilComplete(returning(inner))).resolves.toBe("inner");
      await expect(loop.runUntilComplete(returning({ inner }))).resolves.toEqual({ inner });
    });

    it("a pending Future is refused with a RuntimeError naming the way out; the run never hangs", async () => {
      const { loop } = setup(core);
      const inner = loop.createFuture<string>();
      const run = loop.runUntilComplete(returning(inner));
      await expect(run).rejects.toThrow(RuntimeError);
      await expect(run).rejects.toThrow(/pending Future.*\{ future \}/);
      expect(inner.done()).toBe(false);
    });
  });
});
