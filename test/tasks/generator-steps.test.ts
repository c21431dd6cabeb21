/**
 * Generator tasks step as asyncio steps a coroutine (rules 78-80, 82, 88, J13):
 * what each kind of yield does, and when the task resumes.
 */
import { describe, expect, it } from "vitest";
import { CancelledError, type Future, RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("generator task steps (%s core)", (core) => {
  it("rule 78: the first step runs in the next iteration, in FIFO order with callbacks; createTask runs nothing", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => log.push("A"));
    const task = loop.createTask(
      (function* () {
        log.push("T");
      })(),
    );
    loop.callSoon(() => log.push("B"));
    expect(log).toEqual([]);
    await loop.runUntilComplete(task);
    expect(log).toEqual(["A", "T", "B"]);
  });

  it("rule 80: a bare yield gives up exactly one iteration", async () => {
    const { loop, log } = setup(core);
    loop.createTask(
      (function* () {
        log.push("t1");
        yield;
        log.push("t2");
        yield;
        log.push("t3");
      })(),
    );
    loop.callSoon(() => {
      log.push("c1");
      loop.callSoon(() => {
        log.push("c2");
        loop.callSoon(() => log.push("c3"));
      });
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["t1", "c1", "t2", "c2", "t3", "c3"]);
  });

  it("rule 79: yield of a pending future resumes one iteration after it completes, with its result", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<string>();
    const task = loop.createTask(
      (function* () {
        const v: string = yield f;
        log.push(`resumed ${v}`);
        return v.toUpperCase();
      })(),
    );
    loop.callSoon(() => {
      f.setResult("x");
      loop.callSoon(() => log.push("queued after the result"));
    });
    expect(await loop.runUntilComplete(task)).toBe("X");
    expect(log).toEqual(["resumed x", "queued after the result"]);
  });

  it("yield* of a future is the same wait, typed: it hands the future over once and gives its result", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    loop.callLater(1, () => f.setResult(41));
    const result = await loop.runUntilComplete(
      (function* () {
        const v = yield* f;
        return v + 1;
      })(),
    );
    expect(result).toBe(42);
  });

  it("J13: a done future, by yield or yield*, resumes in the same step", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(1);
    loop.createTask(
      (function* () {
        log.push(`a ${(yield f) as number}`);
        log.push(`b ${yield* f}`);
      })(),
    );
    loop.callSoon(() => log.push("callback"));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["a 1", "b 1", "callback"]);
  });

  it("a failed future throws its exception into the generator at its yield", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    const boom = new SyntaxError("boom");
    loop.callSoon(() => f.setException(boom));
    const result = await loop.runUntilComplete(
      (function* () {
        try {
          yield f;
        } catch (error) {
          log.push(error);
          return "recovered";
        }
        return "not reached";
      })(),
    );
    expect(result).toBe("recovered");
    expect(log).toEqual([boom]);
  });

  it("yield* of a sub-generator runs it inline, in the same task and steps", async () => {
    const { loop, log } = setup(core);
    function* inner(n: number): Generator<unknown, number, unknown> {
      log.push(`inner ${n}`);
      yield;
      return n * 2;
    }
    const result = await loop.runUntilComplete(
      (function* () {
        const a = yield* inner(1);
        const b = yield* inner(2);
        return a + b;
      })(),
    );
    expect(result).toBe(6);
    expect(log).toEqual(["inner 1", "inner 2"]);
  });

  it("rule 82: an error escaping the generator is the task's exception; a CancelledError cancels it", async () => {
    const { loop } = setup(core);
    const failing = loop.createTask(
      (function* () {
        yield;
        throw new TypeError("bad");
      })(),
    );
    const cancelling = loop.createTask(
      (function* () {
        yield;
        throw new CancelledError("from inside");
      })(),
    );
    await loop.runUntilComplete(
      (function* () {
        yield;
        yield;
      })(),
    );
    expect(failing.exception()).toBeInstanceOf(TypeError);
    expect(cancelling.cancelled()).toBe(true);
    expect(() => cancelling.result()).toThrow("from inside");
  });

  it("a value that is neither a future nor nothing is a bad yield: RuntimeError thrown in at the next step", async () => {
    const { loop, log } = setup(core);
    const task = loop.createTask(
      (function* () {
        for (const bad of [42, Promise.resolve(1), (function* () {})()]) {
          try {
            yield bad;
          } catch (error) {
            log.push((error as Error).constructor.name, (error as Error).message.split(":")[0]);
          }
        }
      })(),
    );
    await loop.runUntilComplete(task);
    expect(log).toEqual([
      "RuntimeError",
      "Task got bad yield",
      "RuntimeError",
      "Task got bad yield",
      "RuntimeError",
      expect.stringMatching(/^yield was used instead of yield\* for generator in task/),
    ]);
  });

  it("rule 88: a future of another loop, or the task itself, is thrown back as RuntimeError at the next step", async () => {
    const { loop } = setup(core);
    const other = setup(core).loop;
    const foreign = other.createFuture();
    const errors: unknown[] = [];
    function* body(): Generator<unknown, void, unknown> {
      try {
        yield foreign;
      } catch (error) {
        errors.push(error);
      }
      try {
        yield task;
      } catch (error) {
        errors.push(error);
      }
    }
    const task = loop.createTask(body());
    await loop.runUntilComplete(task);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(RuntimeError);
    expect((errors[0] as Error).message).toMatch(/got Future <Future pending> attached to a different loop$/);
    expect((errors[1] as Error).message).toMatch(/^Task cannot await on itself: <Task pending name=/);
  });

  it("a generator function is called in the first step and stepped as its generator", async () => {
    const { loop, log } = setup(core);
    const task = loop.createTask(function* () {
      log.push("called");
      yield;
      return 7;
    });
    expect(log).toEqual([]);
    expect(await loop.runUntilComplete(task)).toBe(7);
    expect(log).toEqual(["called"]);
  });

  it("the task whose step runs is currentTask(); a plain callback has none", async () => {
    const { loop, log } = setup(core);
    const { currentTask } = await import("../../host/index.js");
    function* body() {
      log.push(currentTask() === task);
      yield;
      log.push(currentTask() === task);
    }
    const task: Future<void> = loop.createTask(body());
    loop.callSoon(() => log.push(currentTask()));
    await loop.runUntilComplete(task);
    expect(log).toEqual([true, null, true]);
  });
});
