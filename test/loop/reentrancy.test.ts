/**
 * Re-entrancy and running-loop errors (rules 39-41, J11, J12).
 */
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "../../host/index.js";
import { EventLoop, RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { RecordingLogger, SpyClock, setup, thrown } from "./support.js";

const ALREADY = "This event loop is already running";
const ANOTHER = "Cannot run the event loop while another loop is running";

function errorOf(fn: () => unknown): { name: string; message: string; isRuntimeError: boolean } {
  const error = thrown(fn) as Error;
  return { name: error.name, message: error.message, isRuntimeError: error instanceof RuntimeError };
}

describe.each(coreNames)("re-entrancy (%s core)", (core) => {
  const other = () => new EventLoop({ clock: new SpyClock(0), core, logger: new RecordingLogger() });

  it("rule 39 / J11: runForever from a callback throws synchronously; the callback catches it and the run goes on", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      log.push(errorOf(() => loop.runForever()));
      log.push("after-catch");
    });
    loop.callSoon(() => log.push("same-batch"));
    loop.callLater(1, () => {
      log.push("timer");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      { name: "RuntimeError", message: ALREADY, isRuntimeError: true },
      "after-catch",
      "same-batch",
      "timer",
    ]);
  });

  it("rule 39: runUntilComplete from a callback throws 'This event loop is already running' synchronously", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    loop.callSoon(() => {
      log.push(errorOf(() => loop.runUntilComplete(f)));
      log.push(errorOf(() => loop.runUntilComplete(Promise.resolve(1))));
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([
      { name: "RuntimeError", message: ALREADY, isRuntimeError: true },
      { name: "RuntimeError", message: ALREADY, isRuntimeError: true },
    ]);
  });

  it("rule 40: the refused runUntilComplete leaves no done callback on the future (completing it does not stop the loop)", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    loop.callSoon(() => {
      try {
        loop.runUntilComplete(f);
      } catch {
        log.push("refused");
      }
      f.setResult(1);
    });
    loop.callLater(1, () => log.push("t1"));
    loop.callLater(2, () => {
      log.push("t2");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["refused", "t1", "t2"]);
    expect(f.result()).toBe(1);
  });

  it("rule 40: the refused runUntilComplete does not touch its argument (a thenable's then is not called)", async () => {
    const { loop, log } = setup(core);
    let thenCalls = 0;
    const thenable: PromiseLike<number> = {
      then(resolve) {
        thenCalls++;
        resolve?.(1);
        return Promise.resolve() as never;
      },
    };
    loop.callSoon(() => {
      try {
        loop.runUntilComplete(thenable);
      } catch {
        log.push("refused");
      }
    });
    loop.stop();
    await loop.runForever();
    await Promise.resolve();
    expect(log).toEqual(["refused"]);
    expect(thenCalls).toBe(0);
  });

  it("rule 39 / J12: another loop's runForever/runUntilComplete from a callback: 'Cannot run the event loop while another loop is running'", async () => {
    const { loop, log } = setup(core);
    const b = other();
    const bLog: string[] = [];
    b.callSoon(() => bLog.push("b-soon"));
    const bFuture = b.createFuture<number>();
    loop.callSoon(() => {
      log.push(errorOf(() => b.runForever()));
      log.push(errorOf(() => b.runUntilComplete(bFuture)));
      log.push(errorOf(() => b.runUntilComplete(Promise.resolve(1))));
      log.push(b.isRunning());
    });
    loop.stop();
    await loop.runForever();
    const another = { name: "RuntimeError", message: ANOTHER, isRuntimeError: true };
    expect(log).toEqual([another, another, another, false]);
    expect(bLog).toEqual([]);
    // The other loop was left as it was: it runs normally from host code, not pre-stopped.
    bFuture.setResult(7);
    await expect(b.runUntilComplete(bFuture)).resolves.toBe(7);
    expect(bLog).toEqual(["b-soon"]);
  });

  it("rule 1/39: from a callback, a closed other loop reports 'Event loop is closed' first", async () => {
    const { loop, log } = setup(core);
    const b = other();
    b.close();
    loop.callSoon(() => {
      log.push(errorOf(() => b.runForever()));
      log.push(errorOf(() => b.runUntilComplete(Promise.resolve(1))));
    });
    loop.stop();
    await loop.runForever();
    const closed = { name: "RuntimeError", message: "Event loop is closed", isRuntimeError: true };
    expect(log).toEqual([closed, closed]);
  });

  it("rule 41: uncaught, the error goes to the exception handler and the loop continues", async () => {
    expectLoopErrors();
    const { loop, log } = setup(core);
    const b = other();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => {
      contexts.push(context);
    });
    loop.callSoon(function reenter() {
      void loop.runForever();
    });
    loop.callSoon(function runOther() {
      void b.runForever();
    });
    loop.callSoon(() => log.push("same-batch"));
    loop.callLater(1, () => {
      log.push("timer");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["same-batch", "timer"]);
    expect(
      contexts.map((c) => [c.message, (c.exception as Error).message, c.exception instanceof RuntimeError]),
    ).toEqual([
      ["Exception in callback reenter()", ALREADY, true],
      ["Exception in callback runOther()", ANOTHER, true],
    ]);
  });

  it("rule 41 with the default handler: logged, and the loop continues", async () => {
    expectLoopErrors();
    const { loop, logger, log } = setup(core);
    loop.callSoon(function reenter() {
      void loop.runForever();
    });
    loop.callSoon(() => {
      log.push("next");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["next"]);
    expect(logger.errors).toHaveLength(1);
    expect(String(logger.errors[0][0]).split("\n")[0]).toBe("Exception in callback reenter()");
    expect((logger.errors[0][1] as Error).message).toBe(ALREADY);
  });

  it("the same from a future's done callback and from a timer callback", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    f.addDoneCallback(() => log.push(errorOf(() => loop.runForever()).message));
    loop.callLater(1, () => {
      log.push(errorOf(() => loop.runForever()).message);
      f.setResult(0);
    });
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([ALREADY, ALREADY]);
  });

  it("a run that ended (resolved or rejected) leaves no running loop behind: another loop can run after it", async () => {
    const { loop } = setup(core);
    const b = other();
    loop.stop();
    await loop.runForever();
    b.stop();
    await expect(b.runForever()).resolves.toBeUndefined();
    await expect(loop.runForever()).rejects.toThrow(/wait forever/);
    b.stop();
    await expect(b.runForever()).resolves.toBeUndefined();
    const f = b.createFuture<string>();
    b.callSoon(() => f.setResult("ok"));
    await expect(b.runUntilComplete(f)).resolves.toBe("ok");
  });

  it("the exception handler also runs inside the loop: re-entering from it throws there", async () => {
    expectLoopErrors();
    const { loop, log } = setup(core);
    loop.setExceptionHandler(() => {
      log.push(errorOf(() => loop.runForever()).message);
    });
    loop.callSoon(() => {
      throw new Error("x");
    });
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(log).toEqual([ALREADY]);
  });
});
