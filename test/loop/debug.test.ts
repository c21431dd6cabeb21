/**
 * Debug mode (rules 55-58, J6, J10): slow-callback warnings and the refusal of coroutine functions.
 */
import { describe, expect, it } from "vitest";
import type { Logger } from "../../host/index.js";
import { EventLoop } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { hostSleep, SpyClock, setup, thrown } from "./support.js";

describe.each(coreNames)("debug mode (%s core)", (core) => {
  it("rule 55: off by default; the option and setDebug turn it on and off", () => {
    expect(setup(core).loop.getDebug()).toBe(false);
    const { loop } = setup(core, { debug: true });
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
  });

  it("rule 56: a slow callback is logged with logger.warn: 'Executing <Handle ...> took 0.250 seconds'", async () => {
    const { loop, clock, logger, log } = setup(core, { debug: true });
    loop.callSoon(
      function slow(n: number, s: string) {
        clock.advance(0.25);
        log.push([n, s]);
      },
      1,
      "x",
    );
    loop.callSoon(function quick() {
      clock.advance(0.05);
    });
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([[1, "x"]]);
    expect(logger.warnings).toEqual([["Executing <Handle slow(1, 'x')> took 0.250 seconds"]]);
    expect(logger.errors).toEqual([]);
  });

  it("rule 56: the threshold is inclusive (>= slowCallbackDuration, default 0.1)", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    expect(loop.slowCallbackDuration).toBe(0.1);
    loop.callSoon(function exactly() {
      clock.advance(0.1);
    });
    loop.callSoon(function justBelow() {
      clock.advance(0.0999);
    });
    loop.stop();
    await loop.runForever();
    expect(logger.warnings).toEqual([["Executing <Handle exactly()> took 0.100 seconds"]]);
  });

  it("rule 56: slowCallbackDuration sets the threshold", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    loop.slowCallbackDuration = 2;
    loop.callSoon(function a() {
      clock.advance(1.5);
    });
    loop.callSoon(function b() {
      clock.advance(2.5);
    });
    loop.stop();
    await loop.runForever();
    expect(logger.warnings).toEqual([["Executing <Handle b()> took 2.500 seconds"]]);
    loop.slowCallbackDuration = 0;
    loop.callSoon(function c() {});
    loop.stop();
    await loop.runForever();
    expect(logger.warnings.slice(1)).toEqual([["Executing <Handle c()> took 0.000 seconds"]]);
  });

  it("rule 56: nothing is logged outside debug mode", async () => {
    const { loop, clock, logger } = setup(core);
    loop.callSoon(function slow() {
      clock.advance(10);
    });
    loop.stop();
    await loop.runForever();
    expect(logger.warnings).toEqual([]);
  });

  it("rule 56: a slow timer callback is logged with the timer handle's repr", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    loop.callAt(1, function slowTimer() {
      clock.advance(0.5);
      loop.stop();
    });
    await loop.runForever();
    expect(logger.warnings).toEqual([["Executing <TimerHandle when=1 slowTimer()> took 0.500 seconds"]]);
  });

  it("rule 56: a slow done callback is logged with the future as its argument", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    const f = loop.createFuture<number>();
    f.addDoneCallback(function onDone() {
      clock.advance(0.2);
    });
    loop.callSoon(() => f.setResult(7));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(logger.warnings).toEqual([["Executing <Handle onDone(<Future finished result=7>)> took 0.200 seconds"]]);
  });

  it("rule 56: a slow callback that throws is reported to the handler and logged as slow", async () => {
    expectLoopErrors();
    const { loop, clock, logger } = setup(core, { debug: true });
    const seen: unknown[] = [];
    loop.setExceptionHandler((_l, c) => {
      seen.push(c.message);
    });
    loop.callSoon(function slowBoom() {
      clock.advance(0.3);
      throw new Error("x");
    });
    loop.stop();
    await loop.runForever();
    expect(seen).toEqual(["Exception in callback slowBoom()"]);
    expect(logger.warnings).toEqual([["Executing <Handle slowBoom()> took 0.300 seconds"]]);
  });

  it("rule 56: debug mode switched on by a callback applies from the next handle of the same batch", async () => {
    const { loop, clock, logger } = setup(core);
    loop.callSoon(function before() {
      clock.advance(1);
    });
    loop.callSoon(() => loop.setDebug(true));
    loop.callSoon(function after() {
      clock.advance(1);
    });
    loop.stop();
    await loop.runForever();
    expect(logger.warnings).toEqual([["Executing <Handle after()> took 1.000 seconds"]]);
  });

  it("rule 56: debug mode switched off by a callback applies from the next handle of the same batch", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    loop.callSoon(function before() {
      clock.advance(1);
    });
    loop.callSoon(() => loop.setDebug(false));
    loop.callSoon(function after() {
      clock.advance(1);
    });
    loop.stop();
    await loop.runForever();
    expect(logger.warnings).toEqual([["Executing <Handle before()> took 1.000 seconds"]]);
  });

  it("a throwing logger.warn does not break the loop: the batch and the run go on", async () => {
    const clock = new SpyClock(0);
    const errors: unknown[] = [];
    const logger: Logger = {
      warn() {
        throw new Error("warn broke");
      },
      error(...data: unknown[]) {
        errors.push(data);
      },
    };
    const loop = new EventLoop({ clock, core, logger, debug: true });
    const log: string[] = [];
    loop.callSoon(function slow() {
      clock.advance(1);
      log.push("slow");
    });
    loop.callSoon(() => log.push("same-batch"));
    loop.callLater(5, () => {
      log.push("later");
      loop.stop();
    });
    await expect(loop.runForever()).resolves.toBeUndefined();
    expect(log).toEqual(["slow", "same-batch", "later"]);
  });

  describe("rule 58: coroutine functions are refused in debug mode only", () => {
    const asyncFns: Array<[string, () => (...args: unknown[]) => unknown]> = [
      ["an async function", () => async function coro() {}],
      ["an async arrow function", () => async () => {}],
    ];

    it.each(asyncFns)("debug: %s is refused by callSoon, callSoonThreadsafe, callAt and callLater", async (_, make) => {
      const { loop, log } = setup(core, { debug: true });
      loop.callSoon(() => log.push("before"));
      const check = (fn: () => unknown, method: string | RegExp) => {
        const error = thrown(fn);
        expect(error).toBeInstanceOf(TypeError);
        if (typeof method === "string")
          expect((error as Error).message).toBe(`coroutines cannot be used with ${method}()`);
        else expect((error as Error).message).toMatch(method);
      };
      check(() => loop.callSoon(make()), "callSoon");
      check(() => loop.callSoonThreadsafe(make()), "callSoonThreadsafe");
      check(() => loop.callAt(1, make()), "callAt");
      // asyncio reports call_later's refusal as call_at(); J6 names the method called: either is accepted here.
      check(() => loop.callLater(1, make()), /^coroutines cannot be used with call(Later|At)\(\)$/);
      loop.callLater(2, () => loop.stop());
      await loop.runForever();
      expect(log).toEqual(["before"]);
      expect(loop.time()).toBe(2);
    });

    it.each(asyncFns)("not in debug mode: %s is accepted and simply called", async (_, make) => {
      const { loop, log } = setup(core);
      const fn = make();
      loop.callSoon((...args: unknown[]) => {
        log.push("plain");
        return fn(...args);
      });
      let started = 0;
      loop.callSoon(async (n: number) => {
        started += n;
      }, 1);
      loop.callLater(0, async () => {
        started += 10;
      });
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["plain"]);
      expect(started).toBe(11);
    });

    it("debug mode set later refuses from then on; switched off, accepts again", () => {
      const { loop } = setup(core);
      expect(() => loop.callSoon(async () => {})).not.toThrow();
      loop.setDebug(true);
      expect(() => loop.callSoon(async () => {})).toThrow(TypeError);
      loop.setDebug(false);
      expect(() => loop.callSoon(async () => {})).not.toThrow();
    });

    it("debug: non-callables are still refused with the non-callable message", () => {
      const { loop } = setup(core, { debug: true });
      expect(() => (loop.callSoon as Function)(42)).toThrow("a callable object was expected by callSoon(), got 42");
    });
  });

  it("J10: no thread check: host code may call callSoon on a running debug loop", async () => {
    const loop = new EventLoop({ core, debug: true, logger: { warn() {}, error() {} } });
    const log: string[] = [];
    const far = loop.callLater(30, () => log.push("far"));
    const run = loop.runForever();
    await hostSleep(5);
    expect(loop.isRunning()).toBe(true);
    loop.callSoon(() => {
      log.push("from-host");
      loop.stop();
    });
    await run;
    far.cancel();
    expect(log).toEqual(["from-host"]);
  });
});

describe.each(coreNames)("debug mode: source_traceback (%s core)", (core) => {
  it("rule 59: in debug mode the context also has source_traceback, starting at the scheduling call", async () => {
    expectLoopErrors();
    const { loop } = setup(core, { debug: true });
    const contexts: Array<Record<string, unknown>> = [];
    loop.setExceptionHandler((_l, c) => {
      contexts.push(c);
    });
    const fail = (..._args: unknown[]) => {
      throw new Error("x");
    };
    loop.callSoon(fail);
    loop.callSoonThreadsafe(fail);
    loop.callLater(0, fail);
    loop.callAt(0, fail, 1);
    loop.stop();
    await loop.runForever();
    expect(contexts).toHaveLength(4);
    for (const c of contexts) {
      expect(Object.keys(c).sort()).toEqual(["exception", "handle", "message", "source_traceback"]);
      const first = String(c.source_traceback).split("\n")[0];
      expect(first).toContain("debug.test.ts");
    }
  });
});
