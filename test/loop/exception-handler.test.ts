/**
 * Callback exceptions and the exception handler (rules 47-54, J5).
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ExceptionContext, Logger } from "../../host/index.js";
import { CancelledError, EventLoop, Handle, TimerHandle } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { SpyClock, setup } from "./support.js";

function boom(_n: number, _s: string): never {
  throw new Error("boom");
}

describe.each(coreNames)("exception handler (%s core)", (core) => {
  // Every test here makes errors reach the handler or the logger, and asserts them.
  beforeEach(() => {
    expectLoopErrors();
  });

  it("rules 47-48: the context has exactly message, exception and handle", async () => {
    const { loop } = setup(core);
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => {
      contexts.push(c);
    });
    loop.callSoon(boom, 1, "x");
    loop.stop();
    await loop.runForever();
    expect(contexts).toHaveLength(1);
    const [context] = contexts;
    expect(Object.keys(context).sort()).toEqual(["exception", "handle", "message"]);
    expect(context.message).toBe("Exception in callback boom(1, 'x')");
    expect(context.exception).toBeInstanceOf(Error);
    expect((context.exception as Error).message).toBe("boom");
    expect(context.handle).toBeInstanceOf(Handle);
    expect(String(context.handle)).toBe("<Handle boom(1, 'x')>");
  });

  // The loop keeps callbacks, not Handle objects (a pending timer costs no
  // object), so the context's handle is a new Handle describing the same
  // scheduled call: same class, callback, arguments, deadline and state.
  it("rule 48: the context's handle describes the handle callSoon / callLater returned", async () => {
    const { loop } = setup(core);
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => {
      contexts.push(c);
    });
    const soon = loop.callSoon(boom, 1, "x");
    const timer = loop.callLater(1, boom, 2, "y");
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(contexts).toHaveLength(2);
    expect(contexts[0].handle).toBeInstanceOf(Handle);
    expect(contexts[0].handle).not.toBeInstanceOf(TimerHandle);
    expect(String(contexts[0].handle)).toBe(String(soon));
    expect(String(contexts[0].handle)).toBe("<Handle boom(1, 'x')>");
    expect(contexts[1].handle).toBeInstanceOf(TimerHandle);
    expect((contexts[1].handle as TimerHandle).when()).toBe(timer.when());
    expect(String(contexts[1].handle)).toBe(String(timer));
    expect(contexts[0].handle!.cancelled()).toBe(false);
  });

  it("rule 48: a handle cancelled by its own callback is cancelled in the context too", async () => {
    const { loop } = setup(core);
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => {
      contexts.push(c);
    });
    const handle = loop.callSoon(() => {
      handle.cancel();
      throw new Error("after cancel");
    });
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(contexts).toHaveLength(1);
    expect(contexts[0].handle!.cancelled()).toBe(true);
    expect(String(contexts[0].handle)).toBe("<Handle cancelled>");
  });

  it("rule 47: the handler gets the loop and the very value thrown", async () => {
    const { loop } = setup(core);
    const seen: unknown[] = [];
    loop.setExceptionHandler((l, c) => {
      seen.push([l === loop, c.exception]);
    });
    const err = new TypeError("t");
    loop.callSoon(() => {
      throw err;
    });
    loop.stop();
    await loop.runForever();
    expect(seen).toHaveLength(1);
    expect((seen[0] as unknown[])[0]).toBe(true);
    expect((seen[0] as unknown[])[1]).toBe(err);
  });

  it("J5: any thrown value goes to the handler: non-Errors, CancelledError, undefined", async () => {
    const { loop, log } = setup(core);
    const thrownValues: unknown[] = [42, "str", null, undefined, { a: 1 }, new CancelledError("c"), Symbol.for("s")];
    const seen: unknown[] = [];
    loop.setExceptionHandler((_l, c) => {
      seen.push(c.exception);
      expect("exception" in c).toBe(true);
    });
    for (const v of thrownValues)
      loop.callSoon(() => {
        throw v;
      });
    loop.callSoon(() => log.push("after"));
    loop.stop();
    await loop.runForever();
    expect(seen).toEqual(thrownValues);
    expect(seen[4]).toBe(thrownValues[4]);
    expect(log).toEqual(["after"]);
  });

  it("rule 49: after the handler returns the batch goes on, and so does the run", async () => {
    const { loop, log } = setup(core);
    loop.setExceptionHandler((_l, c) => {
      log.push(`handled:${(c.exception as Error).message}`);
    });
    loop.callSoon(() => {
      log.push("a");
      throw new Error("1");
    });
    loop.callSoon(() => {
      log.push("b");
      throw new Error("2");
    });
    loop.callLater(0, () => {
      log.push("t");
      throw new Error("3");
    });
    loop.callSoon(() => log.push("c"));
    loop.callLater(1, () => {
      log.push("later");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["a", "handled:1", "b", "handled:2", "c", "t", "handled:3", "later"]);
  });

  it("rule 48: the message names the callback and its arguments, for timers and done callbacks too", async () => {
    const { loop } = setup(core);
    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, c) => {
      messages.push(c.message);
    });
    loop.callLater(1, boom, 3, "long string argument that is quite long indeed");
    const f = loop.createFuture<number>();
    f.addDoneCallback(function onDone() {
      throw new Error("d");
    });
    loop.callSoon(() => f.setResult(1));
    loop.callSoon((() => {
      throw new Error("anon");
    }) as () => void);
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(messages[0]).toBe("Exception in callback <anonymous>()");
    expect(messages[1]).toBe("Exception in callback onDone(<Future finished result=1>)");
    expect(messages[2]).toMatch(/^Exception in callback boom\(3, '/);
  });

  it("rule 52: the default handler calls logger.error with the message first, then the exception", async () => {
    const { loop, logger, log } = setup(core);
    const err = new Error("boom");
    loop.callSoon(
      function boom2(_a: number, _b: string) {
        throw err;
      },
      1,
      "x",
    );
    loop.callSoon(() => {
      log.push("next");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["next"]);
    expect(logger.errors).toHaveLength(1);
    const [text, exception] = logger.errors[0];
    expect(exception).toBe(err);
    const lines = String(text).split("\n");
    expect(lines[0]).toBe("Exception in callback boom2(1, 'x')");
    expect(lines.slice(1)).toEqual(["handle: <Handle boom2(1, 'x')>"]);
    expect(logger.warnings).toEqual([]);
  });

  it("rule 52: other keys follow as sorted 'key: value' lines; a missing or empty message has a default", () => {
    const { loop, logger } = setup(core);
    const err = new Error("e");
    loop.defaultExceptionHandler({ message: "Something", zeta: 1, alpha: "a", exception: err, mid: [1, 2] });
    loop.defaultExceptionHandler({ exception: err });
    loop.defaultExceptionHandler({ message: "" });
    expect(logger.errors[0][0]).toBe("Something\nalpha: 'a'\nmid: [1, 2]\nzeta: 1");
    expect(logger.errors[0][1]).toBe(err);
    expect(logger.errors[1][0]).toBe("Unhandled exception in event loop");
    expect(logger.errors[1][1]).toBe(err);
    expect(logger.errors[2][0]).toBe("Unhandled exception in event loop");
  });

  it("rule 51: callExceptionHandler with no custom handler goes to the default handler", () => {
    const { loop, logger } = setup(core);
    const err = new Error("e");
    loop.callExceptionHandler({ message: "direct call", exception: err });
    expect(logger.errors).toEqual([["direct call", err]]);
  });

  it("rule 51: a throwing custom handler: the default handler logs 'Unhandled error in exception handler'", async () => {
    const { loop, logger, log } = setup(core);
    const handlerError = new Error("handler broke");
    loop.setExceptionHandler(() => {
      throw handlerError;
    });
    loop.callSoon(boom, 1, "x");
    loop.callSoon(() => {
      log.push("next");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["next"]);
    expect(logger.errors).toHaveLength(1);
    const [text, exception] = logger.errors[0];
    expect(exception).toBe(handlerError);
    const lines = String(text).split("\n");
    expect(lines[0]).toBe("Unhandled error in exception handler");
    expect(lines.slice(1).some((line) => line.startsWith("context: "))).toBe(true);
  });

  it("rule 51: the default handler itself failing is logged as 'Exception in default exception handler'", () => {
    const err = new Error("logger broke once");
    const errors: unknown[][] = [];
    let failed = false;
    const logger: Logger = {
      warn() {},
      error(...data: unknown[]) {
        if (!failed) {
          failed = true;
          throw err;
        }
        errors.push(data);
      },
    };
    const loop = new EventLoop({ clock: new SpyClock(0), core, logger });
    expect(() => loop.callExceptionHandler({ message: "m" })).not.toThrow();
    expect(errors).toEqual([["Exception in default exception handler", err]]);
  });

  it("rules 51/54: a throwing logger does not break the loop, with or without a custom handler", async () => {
    const logger: Logger = {
      warn() {
        throw new Error("warn broke");
      },
      error() {
        throw new Error("error broke");
      },
    };
    const loop = new EventLoop({ clock: new SpyClock(0), core, logger });
    const log: string[] = [];
    loop.callSoon(() => {
      throw new Error("1");
    });
    loop.callSoon(() => log.push("a"));
    loop.callLater(1, () => {
      loop.setExceptionHandler(() => {
        throw new Error("handler");
      });
      throw new Error("2");
    });
    loop.callLater(1, () => log.push("b"));
    loop.callLater(2, () => {
      log.push("c");
      loop.stop();
    });
    await expect(loop.runForever()).resolves.toBeUndefined();
    expect(log).toEqual(["a", "b", "c"]);
    expect(() => loop.callExceptionHandler({ message: "m" })).not.toThrow();
  });

  it("rule 53: getExceptionHandler is null by default; set and reset", async () => {
    const { loop, logger } = setup(core);
    expect(loop.getExceptionHandler()).toBe(null);
    const handled: unknown[] = [];
    const handler = (_l: EventLoop, c: ExceptionContext) => {
      handled.push(c.message);
    };
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.callSoon(function first() {
      throw new Error();
    });
    loop.callSoon(() => loop.setExceptionHandler(null));
    loop.callSoon(function second() {
      throw new Error();
    });
    loop.stop();
    await loop.runForever();
    expect(handled).toEqual(["Exception in callback first()"]);
    expect(logger.errors.map((e) => String(e[0]).split("\n")[0])).toEqual(["Exception in callback second()"]);
    expect(loop.getExceptionHandler()).toBe(null);
  });

  it("rule 54: callExceptionHandler never throws; the handler's context is passed through untouched", () => {
    const { loop } = setup(core);
    const contexts: unknown[] = [];
    loop.setExceptionHandler((_l, c) => {
      contexts.push(c);
      throw new Error("x");
    });
    const context = { message: "m", extra: 1 };
    expect(() => loop.callExceptionHandler(context)).not.toThrow();
    expect(contexts[0]).toBe(context);
  });

  it("a handler may schedule callbacks: they run in the next iteration", async () => {
    const { loop, log } = setup(core);
    loop.setExceptionHandler(() => {
      loop.callSoon(() => log.push("from-handler"));
    });
    loop.callSoon(() => {
      throw new Error();
    });
    loop.callSoon(() => log.push("same-batch"));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["same-batch", "from-handler"]);
  });
});
