/**
 * Reporting an error never throws (rules 47-52): whatever the failing
 * callback and its arguments are (a throwing `name` getter, an array with a
 * throwing element, a Proxy whose traps throw, a revoked Proxy, an object
 * whose toString or Symbol.toPrimitive throws, a null-prototype object), the
 * run goes on, the exception handler gets the callback's own error, and the
 * descriptions of handles, futures and tasks are short and never throw.
 */
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { setup, thrown } from "./support.js";

class Trap extends Error {
  constructor(where: string) {
    super(`formatting reached ${where}`);
  }
}

/** A Proxy every trap of which throws. */
function throwingProxy<T extends object>(target: T): T {
  const trap = (name: string) => () => {
    throw new Trap(`the ${name} trap`);
  };
  return new Proxy(target, {
    get: trap("get"),
    has: trap("has"),
    ownKeys: trap("ownKeys"),
    getOwnPropertyDescriptor: trap("getOwnPropertyDescriptor"),
    getPrototypeOf: trap("getPrototypeOf"),
    defineProperty: trap("defineProperty"),
    set: trap("set"),
  });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Arguments that break a naive formatter, each with its name. */
function nastyValues(): Array<[string, unknown]> {
  const throwingElement: unknown[] = [1, 2];
  Object.defineProperty(throwingElement, 1, {
    get() {
      throw new Trap("an element getter");
    },
  });
  return [
    ["an array with a throwing element getter", throwingElement],
    ["a Proxy whose traps throw", throwingProxy({})],
    ["a Proxy of an array whose traps throw", throwingProxy([1])],
    ["a revoked Proxy", revokedProxy()],
    [
      "an object whose toString throws",
      {
        toString() {
          throw new Trap("toString");
        },
      },
    ],
    [
      "an object whose Symbol.toPrimitive throws",
      {
        [Symbol.toPrimitive]() {
          throw new Trap("toPrimitive");
        },
      },
    ],
    ["an object whose toString returns an object", { toString: () => ({}), valueOf: () => ({}) }],
    ["a null-prototype object", Object.create(null)],
    [
      "an Error whose name getter throws",
      Object.defineProperty(new Error("e"), "name", {
        get() {
          throw new Trap("name");
        },
      }),
    ],
    [
      "an Error whose message getter throws",
      Object.defineProperty(new Error("e"), "message", {
        get() {
          throw new Trap("message");
        },
      }),
    ],
    [
      "an object whose constructor getter throws",
      Object.defineProperty({}, "constructor", {
        get() {
          throw new Trap("constructor");
        },
      }),
    ],
  ];
}

/** Callbacks whose name cannot be read the ordinary way; each throws `error` when called. */
function nastyCallbacks(error: Error): Array<[string, (...args: unknown[]) => never]> {
  const fail = (): never => {
    throw error;
  };
  const namedBadly = function named(): never {
    throw error;
  };
  Object.defineProperty(namedBadly, "name", {
    get() {
      throw new Trap("the name getter");
    },
  });
  const nameNotAString = function other(): never {
    throw error;
  };
  Object.defineProperty(nameNotAString, "name", {
    value: {
      toString() {
        throw new Trap("name.toString");
      },
    },
  });
  const hugeName = function huge(): never {
    throw error;
  };
  Object.defineProperty(hugeName, "name", { value: "n".repeat(100_000) });
  return [
    ["a callback whose name getter throws", namedBadly],
    ["a callback whose name is an object that cannot be printed", nameNotAString],
    ["a callback with a 100 000-character name", hugeName],
    [
      "a Proxy callback whose get trap throws",
      new Proxy(fail, {
        get() {
          throw new Trap("the get trap");
        },
      }),
    ],
  ];
}

describe.each(coreNames)("reporting a callback's error never throws (%s core)", (core) => {
  describe.each(nastyValues())("an argument that is %s", (_, value) => {
    it("the custom handler gets the callback's own error; the run goes on", async () => {
      expectLoopErrors();
      const { loop, log } = setup(core);
      const boom = new Error("boom");
      const contexts: ExceptionContext[] = [];
      loop.setExceptionHandler((_l, context) => {
        contexts.push(context);
      });
      loop.callSoon((_arg: unknown) => {
        throw boom;
      }, value);
      loop.callLater(
        1,
        (_arg: unknown) => {
          throw boom;
        },
        value,
      );
      loop.callLater(2, () => {
        log.push("after");
        loop.stop();
      });
      await loop.runForever();
      expect(log).toEqual(["after"]);
      expect(contexts.map((c) => c.exception)).toEqual([boom, boom]);
      for (const context of contexts) {
        expect(context.message).toMatch(/^Exception in callback /);
        expect(context.message!.length).toBeLessThan(300);
        expect(String(context.handle)).toMatch(/^<(Timer)?Handle /);
      }
    });

    it("thrown by the callback, it reaches the handler as it is", async () => {
      expectLoopErrors();
      const { loop, logger, log } = setup(core);
      const seen: unknown[] = [];
      loop.setExceptionHandler((_l, context) => {
        seen.push(context.exception);
      });
      loop.callSoon(() => {
        throw value;
      });
      loop.callSoon(() => log.push("after"));
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["after"]);
      expect(seen.length).toBe(1);
      expect(seen[0] === value).toBe(true);
      // And the default handler logs it as the exception.
      loop.setExceptionHandler(null);
      loop.callSoon(() => {
        throw value;
      });
      loop.stop();
      await loop.runForever();
      expect(logger.errors.length).toBe(1);
      expect(logger.errors[0]![1] === value).toBe(true);
    });

    it("the default handler logs the callback's own error", async () => {
      expectLoopErrors();
      const { loop, logger, log } = setup(core);
      const boom = new Error("boom");
      loop.callSoon((_arg: unknown) => {
        throw boom;
      }, value);
      loop.callSoon(() => log.push("after"));
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["after"]);
      expect(logger.errors).toHaveLength(1);
      const [text, exception] = logger.errors[0]!;
      expect(exception).toBe(boom);
      expect(text).toMatch(/^Exception in callback [^\n]*\nhandle: <Handle /);
    });

    it("debug mode's slow-callback warning describes the handle", async () => {
      const { loop, clock, logger } = setup(core, { debug: true });
      loop.callSoon((_arg: unknown) => clock.advance(0.5), value);
      loop.stop();
      await loop.runForever();
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]![0]).toMatch(/^Executing <Handle .*> took 0\.500 seconds$/);
    });

    it("is named in a refusal without the refusal turning into another error", () => {
      const { loop } = setup(core);
      const error = thrown(() => (loop.callSoon as Function)(value));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^a callable object was expected by callSoon\(\), got /);
      const delay = thrown(() => (loop.callLater as Function)(value, () => {}));
      expect(delay).toBeInstanceOf(TypeError);
      expect((delay as Error).message).toMatch(/^callLater\(\) expected delay to be a number of seconds, got /);
    });

    it("the reprs of a handle, a future and a task holding it never throw", async () => {
      const { loop } = setup(core);
      const handle = loop.callSoon((_arg: unknown) => {}, value);
      const timer = loop.callLater(1, (_arg: unknown) => {}, value);
      const withResult = loop.createFuture();
      withResult.setResult(value);
      const withException = loop.createFuture();
      withException.setException(value);
      const task = loop.createTask(function* () {
        return value;
      });
      const failing = loop.createTask(function* () {
        throw value;
      });
      await loop.runUntilComplete(
        loop.createTask(function* () {
          yield;
        }),
      );
      for (const described of [handle, timer, withResult, withException, task, failing]) {
        const text = (() => {
          try {
            return String(described);
          } catch (error) {
            return `threw ${error}`;
          }
        })();
        expect(text).toMatch(/^<(Timer)?(Handle|Future|Task) /);
        expect(text.length).toBeLessThan(300);
      }
      // The failing task holds the very value its coroutine threw.
      expect(failing.exception() === value).toBe(true);
    });

    it("defaultExceptionHandler() logs a context holding it", () => {
      expectLoopErrors();
      const { loop, logger } = setup(core);
      const error = new Error("e");
      loop.defaultExceptionHandler({ message: "m", exception: error, extra: value });
      expect(logger.errors).toHaveLength(1);
      expect(logger.errors[0]![0]).toMatch(/^m\nextra: /);
      expect(logger.errors[0]![1]).toBe(error);
    });

    it("defaultExceptionHandler() logs it given as the message", () => {
      expectLoopErrors();
      const { loop, logger } = setup(core);
      loop.defaultExceptionHandler({ message: value as string });
      expect(logger.errors).toHaveLength(1);
      expect(typeof logger.errors[0]![0]).toBe("string");
    });
  });

  describe("a callback that cannot be named the ordinary way", () => {
    it.each(nastyCallbacks(new Error("boom")))(
      "%s: the handler gets its error, the message is short",
      async (_, callback) => {
        expectLoopErrors();
        const { loop, log } = setup(core);
        const contexts: ExceptionContext[] = [];
        loop.setExceptionHandler((_l, context) => {
          contexts.push(context);
        });
        const handle = loop.callSoon(callback, 1);
        loop.callSoon(() => log.push("after"));
        loop.stop();
        await loop.runForever();
        expect(log).toEqual(["after"]);
        expect(contexts.map((c) => (c.exception as Error).message)).toEqual(["boom"]);
        expect(contexts[0]!.message).toMatch(/^Exception in callback .*\(1\)$/);
        expect(contexts[0]!.message!.length).toBeLessThan(200);
        expect(String(handle).length).toBeLessThan(200);
      },
    );
  });

  describe("a context that cannot be read", () => {
    it.each([
      ["a Proxy whose traps throw", throwingProxy({ message: "m" })],
      [
        "a context whose message getter throws",
        Object.defineProperty({}, "message", {
          get() {
            throw new Trap("message");
          },
          enumerable: true,
        }),
      ],
      [
        "a context whose extra key's getter throws",
        Object.defineProperty({ message: "m" }, "extra", {
          get() {
            throw new Trap("extra");
          },
          enumerable: true,
        }),
      ],
    ])("defaultExceptionHandler() logs %s without throwing", (_, context) => {
      expectLoopErrors();
      const { loop, logger } = setup(core);
      expect(() => loop.defaultExceptionHandler(context as ExceptionContext)).not.toThrow();
      expect(logger.errors).toHaveLength(1);
      expect(typeof logger.errors[0]![0]).toBe("string");
    });

    it("callExceptionHandler() hands such a context to the custom handler as it is", () => {
      expectLoopErrors();
      const { loop } = setup(core);
      const seen: unknown[] = [];
      loop.setExceptionHandler((_l, context) => {
        seen.push(context);
      });
      const context = throwingProxy({ message: "m" });
      loop.callExceptionHandler(context as ExceptionContext);
      expect(seen.length).toBe(1);
      expect(seen[0] === context).toBe(true);
    });
  });

  describe("bounded descriptions", () => {
    it("huge arrays, strings and argument lists are cut short", async () => {
      expectLoopErrors();
      const { loop } = setup(core);
      const contexts: ExceptionContext[] = [];
      loop.setExceptionHandler((_l, context) => {
        contexts.push(context);
      });
      const huge = new Array(1_000_000).fill(7);
      const long = "s".repeat(1_000_000);
      const manyArgs = new Array(10_000).fill(1);
      const nested = [[[[[["deep"]]]]]];
      const h1 = loop.callSoon(
        function fail(..._args: unknown[]) {
          throw new Error("x");
        },
        huge,
        long,
        nested,
      );
      const h2 = loop.callSoon(
        function fail(..._args: unknown[]) {
          throw new Error("y");
        },
        ...manyArgs,
      );
      const future = loop.createFuture();
      future.setResult(huge);
      loop.stop();
      await loop.runForever();
      expect(String(h1).length).toBeLessThan(300);
      expect(String(h2).length).toBeLessThan(300);
      expect(String(future).length).toBeLessThan(300);
      expect(contexts.map((c) => c.message!.length).every((n) => n < 300)).toBe(true);
      // Ordinary values keep their usual rendering.
      expect(String(loop.callSoon(function f(..._args: unknown[]) {}, 1, "x", [1, 2], null, undefined, 2n))).toBe(
        "<Handle f(1, 'x', [1, 2], null, undefined, 2n)>",
      );
    });

    it("a future whose result is itself is described without running away", () => {
      const { loop } = setup(core);
      const future = loop.createFuture<unknown>();
      future.setResult(future);
      const text = String(future);
      expect(text).toMatch(/^<Future finished result=/);
      expect(text.length).toBeLessThan(300);
    });
  });
});
