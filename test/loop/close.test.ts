/**
 * close() (rules 42-46, 77, J7).
 */
import { describe, expect, it } from "vitest";
import { Future, RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { hostTurn, setup, thrown } from "./support.js";

const CLOSED = "Event loop is closed";

function expectClosedError(fn: () => unknown): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(RuntimeError);
  expect((error as Error).message).toBe(CLOSED);
}

describe.each(coreNames)("close (%s core)", (core) => {
  it("rule 42: closing a running loop throws 'Cannot close a running event loop'; the loop goes on", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      const error = thrown(() => loop.close());
      log.push([(error as Error).message, error instanceof RuntimeError, loop.isClosed()]);
    });
    loop.callLater(1, () => {
      log.push("timer");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([["Cannot close a running event loop", true, false], "timer"]);
    expect(loop.isClosed()).toBe(false);
  });

  it("rule 42: close() is idempotent", () => {
    const { loop } = setup(core);
    expect(loop.isClosed()).toBe(false);
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => loop.close()).not.toThrow();
    expect(loop.isClosed()).toBe(true);
  });

  it("rule 43: every scheduling and running method refuses a closed loop, synchronously (J11)", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    loop.close();
    expectClosedError(() => loop.callSoon(() => {}));
    expectClosedError(() => loop.callSoonThreadsafe(() => {}));
    expectClosedError(() => loop.callLater(1, () => {}));
    expectClosedError(() => loop.callLater(0, () => {}));
    expectClosedError(() => loop.callAt(1, () => {}));
    expectClosedError(() => loop.runForever());
    expectClosedError(() => loop.runUntilComplete(f));
    expectClosedError(() => loop.runUntilComplete(Promise.resolve(1)));
    expect(loop.isRunning()).toBe(false);
  });

  it("rule 43: a loop closed after runs refuses them too", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      log.push("ran");
      loop.stop();
    });
    await loop.runForever();
    loop.close();
    expectClosedError(() => loop.runForever());
    expectClosedError(() => loop.callSoon(() => {}));
    expect(log).toEqual(["ran"]);
  });

  it("rule 44: stop, time, state queries, createFuture, debug and exception-handler methods work on a closed loop", () => {
    expectLoopErrors();
    const { loop, clock, logger } = setup(core);
    clock.advance(3);
    loop.close();
    expect(() => loop.stop()).not.toThrow();
    expect(loop.time()).toBe(3);
    expect(loop.isRunning()).toBe(false);
    expect(loop.isClosed()).toBe(true);
    const f = loop.createFuture<number>();
    expect(f).toBeInstanceOf(Future);
    expect(f.getLoop()).toBe(loop);
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.slowCallbackDuration = 1;
    expect(loop.slowCallbackDuration).toBe(1);
    expect(loop.getExceptionHandler()).toBe(null);
    const contexts: unknown[] = [];
    const handler = (_l: unknown, c: unknown) => {
      contexts.push(c);
    };
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.callExceptionHandler({ message: "m" });
    expect(contexts).toEqual([{ message: "m" }]);
    loop.setExceptionHandler(null);
    loop.callExceptionHandler({ message: "to the default handler" });
    loop.defaultExceptionHandler({ message: "direct" });
    expect(logger.errors.map((e) => e[0])).toEqual(["to the default handler", "direct"]);
    expect(String(loop)).toContain("closed");
  });

  it("rule 46: close() cancels nothing: dropped handles keep cancelled() false and never run", async () => {
    const { loop, log } = setup(core);
    const soon = loop.callSoon(() => log.push("soon"));
    const timer = loop.callLater(1, () => log.push("timer"));
    loop.close();
    expect(soon.cancelled()).toBe(false);
    expect(timer.cancelled()).toBe(false);
    await hostTurn();
    expect(log).toEqual([]);
    // Cancelling them afterwards is harmless and only sets the flag.
    soon.cancel();
    timer.cancel();
    expect(soon.cancelled()).toBe(true);
    expect(timer.cancelled()).toBe(true);
  });

  it("rule 42: a loop can be closed after a run that rejected", async () => {
    const { loop } = setup(core);
    await expect(loop.runForever()).rejects.toThrow(/wait forever/);
    loop.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("a promise given to an interrupted runUntilComplete that settles after close() causes no error", async () => {
    const { loop, log } = setup(core);
    let resolve!: (v: number) => void;
    const p = new Promise<number>((r) => {
      resolve = r;
    });
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(p)).rejects.toThrow("Event loop stopped before Future completed.");
    loop.close();
    resolve(1);
    await hostTurn();
    await hostTurn();
    expect(log).toEqual([]);
    expect(loop.isClosed()).toBe(true);
  });
});
