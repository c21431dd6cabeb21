/**
 * Future done callbacks (rules 73-75, 14, 48).
 */
import { describe, expect, it } from "vitest";
import type { ExceptionContext, Future } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { hostTurn, setup } from "../loop/support.js";

describe.each(coreNames)("Future done callbacks (%s core)", (core) => {
  it("rule 73: never called synchronously: setResult only schedules them", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    f.addDoneCallback(() => log.push("cb"));
    f.setResult(1);
    expect(log).toEqual([]);
    await hostTurn();
    expect(log).toEqual([]);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["cb"]);
  });

  it("rule 73: called in registration order, with the future as the only argument", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<string>();
    for (const name of ["a", "b", "c"]) {
      f.addDoneCallback((...args: unknown[]) => {
        log.push([name, args.length, args[0] === f, (args[0] as Future<string>).result()]);
      });
    }
    f.setResult("r");
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([
      ["a", 1, true, "r"],
      ["b", 1, true, "r"],
      ["c", 1, true, "r"],
    ]);
  });

  it("rule 73: scheduled with callSoon at the transition: FIFO with the loop's other ready handles", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    f.addDoneCallback(() => log.push("cb1"));
    f.addDoneCallback(() => log.push("cb2"));
    loop.callSoon(() => log.push("before"));
    f.setResult(null);
    loop.callSoon(() => log.push("after"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["before", "cb1", "cb2", "after"]);
  });

  it("rules 14/73: completed by a callback, its done callbacks run in the next iteration", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    f.addDoneCallback(() => log.push("cb"));
    loop.callSoon(() => {
      log.push("setter");
      f.setResult(1);
    });
    loop.callSoon(() => log.push("same-batch"));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["setter", "same-batch", "cb"]);
  });

  it("rule 73: setException and cancel schedule the callbacks too", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    const g = loop.createFuture();
    f.addDoneCallback((x) => log.push(["f", (x.exception() as Error).message]));
    g.addDoneCallback((x) => log.push(["g", x.cancelled()]));
    f.setException(new Error("e"));
    g.cancel();
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([
      ["f", "e"],
      ["g", true],
    ]);
  });

  it("rule 74: added to a done future, a callback is scheduled at once with callSoon, not called", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(5);
    loop.callSoon(() => log.push("before"));
    f.addDoneCallback((x) => log.push(["cb", x.result()]));
    expect(log).toEqual([]);
    loop.callSoon(() => log.push("after"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["before", ["cb", 5], "after"]);
  });

  it("rule 74: added by a callback to a done future, it runs in the next iteration", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(5);
    loop.callSoon(() => f.addDoneCallback(() => log.push("cb")));
    loop.callSoon(() => log.push("same-batch"));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["same-batch", "cb"]);
  });

  it("each callback runs once per registration: registered twice, called twice; never again later", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    const cb = () => log.push("cb");
    f.addDoneCallback(cb);
    f.addDoneCallback(cb);
    f.setResult(0);
    loop.stop();
    await loop.runForever();
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["cb", "cb"]);
  });

  it("rule 75: removeDoneCallback removes every registration of the callback and returns how many", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    const a = () => log.push("a");
    const b = () => log.push("b");
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    f.addDoneCallback(a);
    expect(f.removeDoneCallback(a)).toBe(3);
    expect(f.removeDoneCallback(a)).toBe(0);
    expect(f.removeDoneCallback(() => log.push("a"))).toBe(0);
    f.setResult(0);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["b"]);
  });

  it("rule 75: once scheduled, callbacks can no longer be removed (0) and still run", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    const a = () => log.push("a");
    f.addDoneCallback(a);
    f.setResult(0);
    expect(f.removeDoneCallback(a)).toBe(0);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a"]);
    // Added after completion (scheduled at once): not removable either.
    const b = () => log.push("b");
    f.addDoneCallback(b);
    expect(f.removeDoneCallback(b)).toBe(0);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "b"]);
  });

  it("rule 48: a throwing done callback goes to the exception handler; the other callbacks still run", async () => {
    expectLoopErrors();
    const { loop, log } = setup(core);
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => {
      contexts.push(c);
    });
    const f = loop.createFuture<number>();
    f.addDoneCallback(function failing() {
      throw new Error("cb failed");
    });
    f.addDoneCallback(() => log.push("second"));
    f.setResult(1);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["second"]);
    expect(contexts.map((c) => c.message)).toEqual(["Exception in callback failing(<Future finished result=1>)"]);
    expect((contexts[0].exception as Error).message).toBe("cb failed");
  });

  it("a done callback may complete another future: its callbacks follow one iteration later", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    const g = loop.createFuture<number>();
    f.addDoneCallback((x) => {
      log.push("f-cb");
      g.setResult(x.result() + 1);
    });
    g.addDoneCallback((x) => log.push(["g-cb", x.result()]));
    loop.callSoon(() => f.setResult(1));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["f-cb", ["g-cb", 2]]);
  });
});
