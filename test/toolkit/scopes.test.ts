/**
 * timeout()/timeoutAt() and taskGroup(): the scoped helpers, with bodies of
 * both kinds; what the CPython scenarios cannot check (refusals, reprs, the
 * error classes, a generator task given an async body).
 */
import { describe, expect, it } from "vitest";
import {
  ExceptionGroup,
  RuntimeError,
  sleep,
  TaskGroup,
  Timeout,
  TimeoutError,
  taskGroup,
  timeout,
  timeoutAt,
} from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("scoped helpers (%s core)", (core) => {
  it("timeout: the body gets the Timeout, whose when() is the deadline; the scope gives the body's result", async () => {
    const { loop } = setup(core);
    const seen: unknown[] = [];
    const result = await loop.runUntilComplete(async () => {
      await sleep(1);
      return await timeout(2, async (t) => {
        seen.push(t instanceof Timeout, t.when(), String(t), t.expired());
        return "body";
      });
    });
    expect(result).toBe("body");
    expect(seen).toEqual([true, 3, "<Timeout [active] when=3>", false]);
  });

  it("timeout: an expired scope throws wasmloop's TimeoutError in the task, for both kinds of body", async () => {
    const { loop } = setup(core);
    await expect(
      loop.runUntilComplete(async () => await timeout(1, async () => await sleep(5))),
    ).rejects.toBeInstanceOf(TimeoutError);
    await expect(
      loop.runUntilComplete(function* () {
        yield* timeout(1, function* () {
          yield* sleep(5);
        });
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it("timeout: refuses outside a task, with asyncio's message", async () => {
    const { loop } = setup(core);
    let error: unknown;
    loop.callSoon(() => {
      const scope = timeout(1, function* () {});
      try {
        scope.next();
      } catch (e) {
        error = e;
      }
    });
    await loop.runUntilComplete(sleep(0));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Timeout should be used inside a task");
  });

  it("timeout: reschedule() is refused once the scope has ended, with asyncio's message", async () => {
    const { loop } = setup(core);
    let kept: Timeout | null = null;
    await loop.runUntilComplete(async () => await timeout(1, async (t) => void (kept = t)));
    expect(String(kept)).toBe("<Timeout [finished]>");
    expect(() => kept!.reschedule(5)).toThrow(new RuntimeError("Cannot change state of finished Timeout"));
  });

  it("timeout/timeoutAt refuse a bad deadline or body at the call; timeout needs a running loop", () => {
    expect(() => timeout(1, async () => {})).toThrow("no running event loop");
    expect(() => timeoutAt("1" as never, async () => {})).toThrow(TypeError);
    expect(() => timeoutAt(NaN, async () => {})).toThrow(RangeError);
    expect(() => timeoutAt(1, 5 as never)).toThrow(TypeError);
  });

  it("a generator task cannot wait for an async body's promise: RuntimeError bad yield", async () => {
    const { loop } = setup(core);
    await expect(
      loop.runUntilComplete(function* () {
        yield* timeout(1, async () => 1);
      }),
    ).rejects.toThrow(/^Task got bad yield/);
  });

  it("taskGroup: gives the body's result once every task is done", async () => {
    const { loop } = setup(core);
    const result = await loop.runUntilComplete(async () =>
      taskGroup(async (tg) => {
        expect(tg).toBeInstanceOf(TaskGroup);
        const a = tg.createTask(sleep(2, "a"), { name: "A" });
        expect(a.getName()).toBe("A");
        expect(String(tg)).toBe("<TaskGroup tasks=1 entered>");
        // Not the task itself: an async function returning a thenable would adopt it.
        return { a };
      }),
    );
    expect(result.a.result()).toBe("a");
    expect(loop.time()).toBe(2);
  });

  it("taskGroup: failures come as an ExceptionGroup, an AggregateError whose errors are in order", async () => {
    const { loop } = setup(core);
    const first = new SyntaxError("first");
    const second = new RangeError("second");
    const error = await loop
      .runUntilComplete(function* () {
        yield* taskGroup(function* (tg) {
          tg.createTask(async () => {
            await sleep(1);
            throw first;
          });
          tg.createTask(async () => {
            await sleep(1);
            throw second;
          });
          yield* sleep(10);
        });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExceptionGroup);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as ExceptionGroup).errors).toEqual([first, second]);
    expect((error as ExceptionGroup).exceptions).toEqual([first, second]);
    expect((error as Error).message).toBe("unhandled errors in a TaskGroup");
  });

  it("taskGroup: refuses outside a task; createTask is refused before the group is entered", async () => {
    const { loop } = setup(core);
    let error: unknown;
    loop.callSoon(() => {
      try {
        taskGroup(function* () {}).next();
      } catch (e) {
        error = e;
      }
    });
    await loop.runUntilComplete(sleep(0));
    expect((error as Error).message).toMatch(/^TaskGroup <TaskGroup entered> cannot determine the parent task$/);
    expect(() => new TaskGroup().createTask(sleep(1))).toThrow(/has not been entered$/);
    expect(() => taskGroup(5 as never)).toThrow(TypeError);
  });
});
