/**
 * When the handlers themselves fail (asyncio's call_exception_handler): a
 * custom handler that throws is reported to the default handler; if that
 * fails too, the logger says so in asyncio's words, which differ from those
 * of a default handler failing on its own.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ExceptionContext, Logger } from "../../host/index.js";
import { EventLoop } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { SpyClock } from "./support.js";

/** A logger that records what it is given; its error() throws while `broken` is set. */
function brokenLogger(broken: Error): Logger & { errors: unknown[][]; broken: boolean } {
  const logger = {
    errors: [] as unknown[][],
    broken: true,
    warn() {},
    error(...data: unknown[]) {
      if (logger.broken) {
        logger.broken = false;
        throw broken;
      }
      logger.errors.push(data);
    },
  };
  return logger;
}

describe.each(coreNames)("failing exception handlers (%s core)", (core) => {
  beforeEach(() => {
    expectLoopErrors();
  });

  it("a custom handler fails, then the default handler fails: asyncio's message for that case", () => {
    const broke = new Error("logger broke");
    const logger = brokenLogger(broke);
    const loop = new EventLoop({ clock: new SpyClock(0), core, logger });
    loop.setExceptionHandler(() => {
      throw new Error("handler broke");
    });
    expect(() => loop.callExceptionHandler({ message: "m" })).not.toThrow();
    expect(logger.errors).toEqual([
      ["Exception in default exception handler while handling an unexpected error in custom exception handler", broke],
    ]);
  });

  it("a default handler overridden by a subclass fails while reporting a custom handler's error", () => {
    const broke = new Error("override broke");
    const errors: unknown[][] = [];
    class Strict extends EventLoop {
      override defaultExceptionHandler(_context: ExceptionContext): void {
        throw broke;
      }
    }
    const loop = new Strict({
      clock: new SpyClock(0),
      core,
      logger: { warn() {}, error: (...data) => errors.push(data) },
    });
    loop.setExceptionHandler(() => {
      throw new Error("handler broke");
    });
    loop.callExceptionHandler({ message: "m" });
    expect(errors).toEqual([
      ["Exception in default exception handler while handling an unexpected error in custom exception handler", broke],
    ]);
  });

  it("with no custom handler, a failing default handler keeps its own message", () => {
    const broke = new Error("logger broke");
    const logger = brokenLogger(broke);
    const loop = new EventLoop({ clock: new SpyClock(0), core, logger });
    loop.callExceptionHandler({ message: "m" });
    expect(logger.errors).toEqual([["Exception in default exception handler", broke]]);
  });
});
