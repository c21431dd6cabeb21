/**
 * Bad input to every public EventLoop / VirtualClock method (J6, rules 19-21, 43, 45, 53, 60):
 * the call is refused with the right error class and message, and the loop is left exactly
 * as it was (the callbacks scheduled before still run, nothing else does, no stray timer
 * makes the clock stop anywhere else).
 */
import { describe, expect, it } from "vitest";
import { EventLoop, RuntimeError, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { RecordingLogger, type Setup, setup, thrown } from "./support.js";

/** Values that are not functions, with the rendering the messages use (null: only a prefix is checked). */
const notCallables: Array<[string, unknown, string | null]> = [
  ["a number", 42, "42"],
  ["a string", "x", "'x'"],
  ["null", null, "null"],
  ["undefined", undefined, "undefined"],
  ["a bigint", 1n, "1n"],
  ["a symbol", Symbol("s"), "Symbol(s)"],
  ["a boolean", true, "true"],
  ["an object", {}, null],
  ["an array", [1], null],
  ["a promise", Promise.resolve(1), null],
];

/** Non-number delays/deadlines other than null (null has its own message). */
const notNumbers: Array<[string, unknown]> = [
  ["a string", "1"],
  ["an object", {}],
  ["a Number object", new Number(1)],
  ["a bigint", 1n],
  ["a symbol", Symbol("t")],
  ["a boolean", true],
  ["an array", [1]],
];

/**
 * Schedules one ready callback and one timer at 1 s; `verify()` checks that exactly they run,
 * that the loop only ever waited for them (and for the final stop at 2 s), and that nothing
 * else is left behind.
 */
function baseline(s: Setup) {
  const { loop, clock, log } = s;
  loop.callSoon(() => log.push("soon"));
  loop.callLater(1, () => log.push("timer"));
  return {
    async verify() {
      loop.callAt(2, () => loop.stop());
      await loop.runForever();
      expect(log).toEqual(["soon", "timer"]);
      expect(clock.waits).toEqual([1, 2]);
      expect(loop.time()).toBe(2);
      expect(loop.isRunning()).toBe(false);
      // Nothing stray is left: an idle run has nothing to wait for.
      await expect(loop.runForever()).rejects.toThrow(/wait forever/);
      expect(log).toEqual(["soon", "timer"]);
    },
  };
}

function expectMessage(error: unknown, type: Function, message: string | RegExp): void {
  expect(error).toBeInstanceOf(type);
  if (typeof message === "string") expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}

describe.each(coreNames)("bad input (%s core)", (core) => {
  describe("callSoon / callSoonThreadsafe", () => {
    for (const method of ["callSoon", "callSoonThreadsafe"] as const) {
      it.each(notCallables)(`${method} refuses %s as the callback`, async (_, value, rendering) => {
        const s = setup(core);
        const { verify } = baseline(s);
        const error = thrown(() => (s.loop[method] as Function)(value, 1, 2));
        expectMessage(
          error,
          TypeError,
          rendering === null
            ? new RegExp(`^a callable object was expected by ${method}\\(\\), got `)
            : `a callable object was expected by ${method}(), got ${rendering}`,
        );
        await verify();
      });

      it(`${method} with no argument at all is refused`, async () => {
        const s = setup(core);
        const { verify } = baseline(s);
        expectMessage(
          thrown(() => (s.loop[method] as Function)()),
          TypeError,
          `a callable object was expected by ${method}(), got undefined`,
        );
        await verify();
      });

      it(`${method} on a closed loop: 'Event loop is closed', even for a bad callback`, () => {
        const { loop } = setup(core);
        loop.close();
        expectMessage(
          thrown(() => loop[method](() => {})),
          RuntimeError,
          "Event loop is closed",
        );
        expectMessage(
          thrown(() => (loop[method] as Function)(42)),
          RuntimeError,
          "Event loop is closed",
        );
      });
    }
  });

  describe("callLater", () => {
    it("the exact message for a non-callable", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callLater as Function)(1, 42)),
        TypeError,
        "a callable object was expected by callLater(), got 42",
      );
      await verify();
    });

    it.each(notCallables)("refuses %s as the callback", async (_, value) => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callLater as Function)(1, value)),
        TypeError,
        /^a callable object was expected by callLater\(\), got /,
      );
      await verify();
    });

    it("null delay: TypeError with asyncio's 'delay must not be null', after the method", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callLater as Function)(null, () => s.log.push("bad"))),
        TypeError,
        "callLater(): delay must not be null",
      );
      await verify();
    });

    it("undefined delay: TypeError naming the method and what came", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callLater as Function)(undefined, () => s.log.push("bad"))),
        TypeError,
        "callLater() expected delay to be a number of seconds, got undefined",
      );
      await verify();
    });

    it.each(notNumbers)("refuses %s as the delay (TypeError)", async (_, value) => {
      const s = setup(core);
      const { verify } = baseline(s);
      expect(thrown(() => (s.loop.callLater as Function)(value, () => s.log.push("bad")))).toBeInstanceOf(TypeError);
      await verify();
    });

    it("NaN delay: RangeError", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expect(thrown(() => s.loop.callLater(NaN, () => s.log.push("bad")))).toBeInstanceOf(RangeError);
      await verify();
    });

    it("a delay computed as NaN (Infinity - Infinity) is refused too", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expect(thrown(() => s.loop.callLater(Infinity - Infinity, () => s.log.push("bad")))).toBeInstanceOf(RangeError);
      await verify();
    });

    it("a bad delay is reported before a bad callback", () => {
      const { loop } = setup(core);
      expectMessage(
        thrown(() => (loop.callLater as Function)(null, 42)),
        TypeError,
        "callLater(): delay must not be null",
      );
      expect(thrown(() => (loop.callLater as Function)(NaN, 42))).toBeInstanceOf(RangeError);
    });

    it("closed loop: 'Event loop is closed', but a null delay is reported first (rule 45)", () => {
      const { loop } = setup(core);
      loop.close();
      expectMessage(
        thrown(() => loop.callLater(1, () => {})),
        RuntimeError,
        "Event loop is closed",
      );
      expectMessage(
        thrown(() => (loop.callLater as Function)(1, 42)),
        RuntimeError,
        "Event loop is closed",
      );
      expectMessage(
        thrown(() => (loop.callLater as Function)(null, () => {})),
        TypeError,
        "callLater(): delay must not be null",
      );
    });
  });

  describe("callAt", () => {
    it("the exact message for a non-callable", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callAt as Function)(1, 42)),
        TypeError,
        "a callable object was expected by callAt(), got 42",
      );
      await verify();
    });

    it.each(notCallables)("refuses %s as the callback", async (_, value) => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callAt as Function)(0.5, value)),
        TypeError,
        /^a callable object was expected by callAt\(\), got /,
      );
      await verify();
    });

    it("null when: TypeError with asyncio's 'when cannot be null', after the method", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callAt as Function)(null, () => s.log.push("bad"))),
        TypeError,
        "callAt(): when cannot be null",
      );
      await verify();
    });

    it("undefined when: TypeError naming the method and what came", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expectMessage(
        thrown(() => (s.loop.callAt as Function)(undefined, () => s.log.push("bad"))),
        TypeError,
        "callAt() expected when to be a number of seconds, got undefined",
      );
      await verify();
    });

    it.each(notNumbers)("refuses %s as the deadline (TypeError)", async (_, value) => {
      const s = setup(core);
      const { verify } = baseline(s);
      expect(thrown(() => (s.loop.callAt as Function)(value, () => s.log.push("bad")))).toBeInstanceOf(TypeError);
      await verify();
    });

    it("NaN deadline: RangeError", async () => {
      const s = setup(core);
      const { verify } = baseline(s);
      expect(thrown(() => s.loop.callAt(NaN, () => s.log.push("bad")))).toBeInstanceOf(RangeError);
      await verify();
    });

    it("closed loop: 'Event loop is closed', but a null deadline is reported first (rule 45)", () => {
      const { loop } = setup(core);
      loop.close();
      expectMessage(
        thrown(() => loop.callAt(1, () => {})),
        RuntimeError,
        "Event loop is closed",
      );
      expectMessage(
        thrown(() => (loop.callAt as Function)(1, 42)),
        RuntimeError,
        "Event loop is closed",
      );
      expectMessage(
        thrown(() => (loop.callAt as Function)(null, () => {})),
        TypeError,
        "callAt(): when cannot be null",
      );
    });
  });

  describe("infinite and negative delays and deadlines are accepted (J6, rule 21)", () => {
    it("Infinity never fires; the other timers do", async () => {
      const { loop, log } = setup(core);
      const h1 = loop.callLater(Infinity, () => log.push("later-inf"));
      const h2 = loop.callAt(Infinity, () => log.push("at-inf"));
      loop.callLater(5, () => {
        log.push("five");
        loop.stop();
      });
      expect(h1.when()).toBe(Infinity);
      expect(h2.when()).toBe(Infinity);
      await loop.runForever();
      expect(log).toEqual(["five"]);
      expect(loop.time()).toBe(5);
      // Still pending, never run: a further bounded run does not run them either.
      loop.callLater(1000, () => loop.stop());
      await loop.runForever();
      expect(log).toEqual(["five"]);
      expect(loop.time()).toBe(1005);
      expect(h1.cancelled()).toBe(false);
    });

    it("-Infinity is due at once, after the ready handles, in scheduling order", async () => {
      const { loop, clock, log } = setup(core);
      loop.callSoon(() => log.push("soon"));
      const h = loop.callLater(-Infinity, () => log.push("later"));
      loop.callAt(-Infinity, () => log.push("at"));
      loop.callSoon(() => log.push("soon2"));
      expect(h.when()).toBe(-Infinity);
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["soon", "soon2", "later", "at"]);
      expect(clock.waits).toEqual([]);
      expect(loop.time()).toBe(0);
    });

    it("negative delays are due at once, ordered by deadline: callLater(-1, a); callLater(-2, b) runs b, a", async () => {
      const { loop, clock, log } = setup(core);
      loop.callLater(-1, () => log.push("a"));
      loop.callLater(-2, () => log.push("b"));
      loop.callLater(0, () => log.push("c"));
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["b", "a", "c"]);
      expect(clock.waits).toEqual([]);
    });

    it("a past absolute deadline is due at once", async () => {
      const { loop, log } = setup(core);
      loop.callAt(-5, () => log.push("past"));
      loop.callAt(-10, () => log.push("more past"));
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["more past", "past"]);
    });

    it("-0 is a zero delay", async () => {
      const { loop, log } = setup(core);
      const h = loop.callLater(-0, () => log.push("zero"));
      expect(h.when()).toBe(0);
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["zero"]);
    });
  });

  describe("runUntilComplete", () => {
    const notAwaitables: Array<[string, unknown]> = [
      ["a number", 42],
      ["a string", "x"],
      ["null", null],
      ["undefined", undefined],
      ["a bigint", 1n],
      ["a symbol", Symbol("f")],
      ["a plain object", {}],
      ["an object whose then is not a function", { then: 42 }],
      ["a function", () => 1],
    ];

    it.each(notAwaitables)("refuses %s with a TypeError, synchronously, without running", async (_, value) => {
      const s = setup(core);
      const { verify } = baseline(s);
      const error = thrown(() => (s.loop.runUntilComplete as Function)(value));
      expectMessage(error, TypeError, /awaitable is required/);
      expect(s.loop.isRunning()).toBe(false);
      expect(s.log).toEqual([]);
      await verify();
    });

    it("a future of another loop: RangeError with asyncio's message, the loop does not run", async () => {
      const s = setup(core);
      const other = new EventLoop({ clock: new VirtualClock(0), core });
      const { verify } = baseline(s);
      const foreign = other.createFuture<number>();
      expectMessage(
        thrown(() => s.loop.runUntilComplete(foreign)),
        RangeError,
        "The future belongs to a different loop than the one specified as the loop argument",
      );
      expect(s.loop.isRunning()).toBe(false);
      await verify();
      // The foreign future got no done callback from the refused call: resolving it
      // schedules nothing on its own loop, whose idle run still has nothing to do.
      foreign.setResult(1);
      await expect(other.runForever()).rejects.toThrow(/wait forever/);
    });

    it("closed loop: 'Event loop is closed' comes before the argument check (rule 40)", () => {
      const { loop } = setup(core);
      loop.close();
      expectMessage(
        thrown(() => (loop.runUntilComplete as Function)(42)),
        RuntimeError,
        "Event loop is closed",
      );
      expectMessage(
        thrown(() => loop.runUntilComplete(Promise.resolve(1))),
        RuntimeError,
        "Event loop is closed",
      );
    });
  });

  describe("exception handler methods", () => {
    const notHandlers: Array<[string, unknown, string | null]> = [
      ["a number", 42, "42"],
      ["a string", "x", "'x'"],
      ["a bigint", 1n, "1n"],
      ["a symbol", Symbol("h"), "Symbol(h)"],
      ["a boolean", false, "false"],
      ["an object", {}, null],
    ];

    it.each(notHandlers)(
      "setExceptionHandler refuses %s and keeps the current handler",
      async (_, value, rendering) => {
        expectLoopErrors();
        const s = setup(core);
        const seen: unknown[] = [];
        const handler = (_loop: EventLoop, context: { exception?: unknown }) => {
          seen.push(context.exception);
        };
        s.loop.setExceptionHandler(handler);
        const error = thrown(() => (s.loop.setExceptionHandler as Function)(value));
        expectMessage(
          error,
          TypeError,
          rendering === null
            ? /^setExceptionHandler\(\): A callable object or null is expected, got /
            : `setExceptionHandler(): A callable object or null is expected, got ${rendering}`,
        );
        expect(s.loop.getExceptionHandler()).toBe(handler);
        const boom = new Error("boom");
        s.loop.callSoon(() => {
          throw boom;
        });
        s.loop.stop();
        await s.loop.runForever();
        expect(seen).toEqual([boom]);
        expect(s.logger.errors).toEqual([]);
      },
    );

    it("setExceptionHandler(null) restores the default handler", () => {
      const { loop } = setup(core);
      loop.setExceptionHandler(() => {});
      loop.setExceptionHandler(null);
      expect(loop.getExceptionHandler()).toBe(null);
    });

    const notContexts: Array<[string, unknown]> = [
      ["null", null],
      ["undefined", undefined],
      ["a string", "boom"],
      ["a number", 1],
      ["a bigint", 1n],
      ["a symbol", Symbol("c")],
    ];

    it.each(notContexts)("callExceptionHandler refuses %s and calls no handler", async (_, value) => {
      const s = setup(core);
      const { loop, logger } = s;
      const { verify } = baseline(s);
      const calls: unknown[] = [];
      expect(thrown(() => (loop.callExceptionHandler as Function)(value))).toBeInstanceOf(TypeError);
      loop.setExceptionHandler((_l, context) => {
        calls.push(context);
      });
      expect(thrown(() => (loop.callExceptionHandler as Function)(value))).toBeInstanceOf(TypeError);
      expect(calls).toEqual([]);
      expect(logger.errors).toEqual([]);
      await verify();
      expect(calls).toEqual([]);
    });

    it.each(notContexts)("defaultExceptionHandler refuses %s and logs nothing", async (_, value) => {
      const s = setup(core);
      const { loop, logger } = s;
      const { verify } = baseline(s);
      expect(thrown(() => (loop.defaultExceptionHandler as Function)(value))).toBeInstanceOf(TypeError);
      expect(logger.errors).toEqual([]);
      expect(logger.warnings).toEqual([]);
      await verify();
      expect(logger.errors).toEqual([]);
    });
  });

  describe("debug settings", () => {
    const notBooleans: Array<[string, unknown]> = [
      ["a string", "true"],
      ["a number", 1],
      ["null", null],
      ["undefined", undefined],
      ["an object", {}],
      ["a bigint", 1n],
      ["a symbol", Symbol("d")],
    ];

    it.each(notBooleans)("setDebug refuses %s and keeps the mode", async (_, value) => {
      const s = setup(core);
      const { loop, clock, logger } = s;
      const { verify } = baseline(s);
      expect(thrown(() => (loop.setDebug as Function)(value))).toBeInstanceOf(TypeError);
      expect(loop.getDebug()).toBe(false);
      loop.setDebug(true);
      expect(thrown(() => (loop.setDebug as Function)(value))).toBeInstanceOf(TypeError);
      expect(loop.getDebug()).toBe(true);
      // Debug mode is the one in effect: a slow callback is reported.
      loop.callSoon(function slow() {
        clock.advance(0.5);
      });
      await verify();
      expect(logger.warnings).toEqual([["Executing <Handle slow()> took 0.500 seconds"]]);
    });

    const badDurations: Array<[string, unknown, Function]> = [
      ["a string", "1", TypeError],
      ["null", null, TypeError],
      ["undefined", undefined, TypeError],
      ["an object", {}, TypeError],
      ["a bigint", 1n, TypeError],
      ["a symbol", Symbol("s"), TypeError],
      ["NaN", NaN, RangeError],
      ["a negative number", -0.5, RangeError],
      ["-Infinity", -Infinity, RangeError],
    ];

    it.each(badDurations)("slowCallbackDuration refuses %s and keeps its value", async (_, value, type) => {
      const { loop, clock, logger } = setup(core, { debug: true });
      expect(loop.slowCallbackDuration).toBe(0.1);
      loop.slowCallbackDuration = 0.5;
      expect(
        thrown(() => {
          (loop as { slowCallbackDuration: unknown }).slowCallbackDuration = value;
        }),
      ).toBeInstanceOf(type);
      expect(loop.slowCallbackDuration).toBe(0.5);
      // The kept threshold is the one in effect: 0.25 s is not slow, 0.5 s is.
      loop.callSoon(function quick() {
        clock.advance(0.25);
      });
      loop.callSoon(function slow() {
        clock.advance(0.5);
      });
      loop.stop();
      await loop.runForever();
      expect(logger.warnings).toEqual([["Executing <Handle slow()> took 0.500 seconds"]]);
    });

    it("slowCallbackDuration accepts 0 and Infinity", () => {
      const { loop } = setup(core);
      loop.slowCallbackDuration = 0;
      expect(loop.slowCallbackDuration).toBe(0);
      loop.slowCallbackDuration = Infinity;
      expect(loop.slowCallbackDuration).toBe(Infinity);
    });
  });

  describe("EventLoop constructor", () => {
    const make = (options: unknown) => () => new EventLoop(options as never);

    it("accepts no options, an empty object, and every documented option", () => {
      expect(make(undefined)()).toBeInstanceOf(EventLoop);
      expect(new EventLoop({ core })).toBeInstanceOf(EventLoop);
      const loop = new EventLoop({
        clock: new VirtualClock(3),
        clockResolution: 0.001,
        debug: true,
        logger: new RecordingLogger(),
        core,
      });
      expect(loop.time()).toBe(3);
      expect(loop.getDebug()).toBe(true);
      expect(loop.isRunning()).toBe(false);
      expect(loop.isClosed()).toBe(false);
    });

    it.each([
      ["null", null],
      ["a string", "wasm"],
      ["a number", 1],
      ["a bigint", 1n],
      ["a symbol", Symbol("o")],
      ["a boolean", true],
    ])("refuses %s as the options", (_, value) => {
      expect(make(value)).toThrow(TypeError);
    });

    it.each([
      ["null", null],
      ["a string", "virtual"],
      ["a number", 0],
      ["an object without now()", {}],
      ["an object whose now is not a function", { now: 1 }],
    ])("refuses %s as the clock", (_, value) => {
      expect(make({ clock: value, core })).toThrow(TypeError);
    });

    it.each([
      ["null", null, TypeError],
      ["a string", "1e-9", TypeError],
      ["a bigint", 1n, TypeError],
      ["a symbol", Symbol("r"), TypeError],
      ["NaN", NaN, RangeError],
      ["zero", 0, RangeError],
      ["a negative number", -1e-9, RangeError],
      ["Infinity", Infinity, RangeError],
      ["-Infinity", -Infinity, RangeError],
    ])("refuses %s as the clockResolution", (_, value, type) => {
      expect(make({ clock: new VirtualClock(0), clockResolution: value, core })).toThrow(type as typeof Error);
    });

    it.each([
      ["null", null],
      ["a string", "yes"],
      ["a number", 1],
      ["an object", {}],
    ])("refuses %s as debug", (_, value) => {
      expect(make({ clock: new VirtualClock(0), debug: value, core })).toThrow(TypeError);
    });

    it.each([
      ["null", null],
      ["a string", "console"],
      ["an empty object", {}],
      ["an object without error()", { warn() {} }],
      ["an object without warn()", { error() {} }],
      ["an object whose methods are not functions", { warn: 1, error: 2 }],
    ])("refuses %s as the logger", (_, value) => {
      expect(make({ clock: new VirtualClock(0), logger: value, core })).toThrow(TypeError);
    });

    it.each([
      ["null", null],
      ["an unknown name", "native"],
      ["a differently cased name", "WASM"],
      ["a number", 0],
    ])("refuses %s as the core", (_, value) => {
      expect(make({ clock: new VirtualClock(0), core: value })).toThrow(TypeError);
    });
  });

  describe("VirtualClock", () => {
    it("defaults to 0 and accepts any finite start, negative included", () => {
      expect(new VirtualClock().now()).toBe(0);
      expect(new VirtualClock(undefined).now()).toBe(0);
      expect(new VirtualClock(-5.5).now()).toBe(-5.5);
      expect(new VirtualClock(1e12).now()).toBe(1e12);
    });

    it.each([
      ["null", null, TypeError],
      ["a string", "0", TypeError],
      ["an object", {}, TypeError],
      ["a bigint", 0n, TypeError],
      ["a symbol", Symbol("v"), TypeError],
      ["NaN", NaN, RangeError],
      ["Infinity", Infinity, RangeError],
      ["-Infinity", -Infinity, RangeError],
    ])("the constructor refuses %s", (_, value, type) => {
      expect(() => new VirtualClock(value as number)).toThrow(type as typeof Error);
    });

    it.each([
      ["null", null, TypeError],
      ["undefined", undefined, TypeError],
      ["a string", "1", TypeError],
      ["an object", {}, TypeError],
      ["a bigint", 1n, TypeError],
      ["a symbol", Symbol("a"), TypeError],
      ["NaN", NaN, RangeError],
      ["a negative number", -1, RangeError],
      ["Infinity", Infinity, RangeError],
      ["-Infinity", -Infinity, RangeError],
    ])("advance refuses %s and leaves the time alone", (_, value, type) => {
      const clock = new VirtualClock(2);
      expect(() => clock.advance(value as number)).toThrow(type as typeof Error);
      expect(clock.now()).toBe(2);
      clock.advance(0);
      expect(clock.now()).toBe(2);
      clock.advance(0.5);
      expect(clock.now()).toBe(2.5);
    });

    it("advance refused inside a callback leaves the loop's time alone", async () => {
      const { loop, clock, log } = setup(core);
      loop.callSoon(() => {
        try {
          clock.advance(-1);
        } catch (error) {
          log.push((error as Error).name);
        }
        log.push(loop.time());
        loop.stop();
      });
      await loop.runForever();
      expect(log).toEqual(["RangeError", 0]);
    });
  });
});
