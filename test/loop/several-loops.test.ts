/**
 * Several loops (J12, rule 39): loops started from host code run side by side, each with its
 * own timers, stop flag and exception handler; one loop's callback cannot start another's run.
 */
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "../../host/index.js";
import { EventLoop, RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { hostSleep, RecordingLogger, SpyClock, thrown, track } from "./support.js";

describe.each(coreNames)("several loops (%s core)", (core) => {
  const realLoop = () => new EventLoop({ core, logger: new RecordingLogger() });
  const virtualLoop = () => new EventLoop({ clock: new SpyClock(0), core, logger: new RecordingLogger() });

  it("J12: two real-clock loops run side by side from host code, each with its own timers", async () => {
    const a = realLoop();
    const b = realLoop();
    const logA: unknown[] = [];
    const logB: unknown[] = [];
    a.callLater(0.01, () => logA.push(["a1", a.isRunning(), b.isRunning()]));
    a.callLater(0.03, () => {
      logA.push("a2");
      a.stop();
    });
    b.callLater(0.02, () => logB.push(["b1", a.isRunning(), b.isRunning()]));
    b.callLater(0.06, () => {
      logB.push(["b2", a.isRunning()]);
      b.stop();
    });
    const runA = a.runForever();
    const runB = b.runForever();
    expect(a.isRunning()).toBe(true);
    expect(b.isRunning()).toBe(true);
    await Promise.all([runA, runB]);
    expect(logA).toEqual([["a1", true, true], "a2"]);
    // b's second timer ran after a had stopped: stopping a did not stop b.
    expect(logB).toEqual([
      ["b1", true, true],
      ["b2", false],
    ]);
  });

  it("J12: stopping one loop leaves the other waiting", async () => {
    const a = realLoop();
    const b = realLoop();
    const runA = track(a.runForever());
    const runB = track(b.runForever());
    await hostSleep(10);
    a.stop();
    await runA.promise;
    await hostSleep(10);
    expect(runB.settled()).toBe(false);
    expect(b.isRunning()).toBe(true);
    b.stop();
    await runB.promise;
  });

  it("J12: two virtual-clock loops waiting on host promises run side by side, each on its own time", async () => {
    const a = virtualLoop();
    const b = virtualLoop();
    const logA: number[] = [];
    const logB: number[] = [];
    a.callLater(1, () => logA.push(a.time()));
    a.callLater(3, () => logA.push(a.time()));
    b.callLater(100, () => logB.push(b.time()));
    const pa = new Promise<string>((r) => setTimeout(() => r("a"), 20));
    const pb = new Promise<string>((r) => setTimeout(() => r("b"), 10));
    const runA = a.runUntilComplete(pa);
    const runB = b.runUntilComplete(pb);
    await hostSleep(0);
    expect(a.isRunning()).toBe(true);
    expect(b.isRunning()).toBe(true);
    await expect(Promise.all([runA, runB])).resolves.toEqual(["a", "b"]);
    expect(logA).toEqual([1, 3]);
    expect(logB).toEqual([100]);
    expect(a.time()).toBe(3);
    expect(b.time()).toBe(100);
  });

  it("rule 39: from a callback, starting another (idle) loop's run throws; from host code it is allowed", async () => {
    const a = realLoop();
    const b = realLoop();
    const log: unknown[] = [];
    a.callLater(0.005, () => {
      const error = thrown(() => b.runForever());
      log.push([(error as Error).message, error instanceof RuntimeError]);
    });
    const runA = a.runForever();
    await hostSleep(20);
    // a is running (waiting); host code may start b.
    b.callSoon(() => {
      log.push(["b ran", a.isRunning()]);
      b.stop();
    });
    await b.runForever();
    a.stop();
    await runA;
    expect(log).toEqual([
      ["Cannot run the event loop while another loop is running", true],
      ["b ran", true],
    ]);
  });

  it("a callback of one loop schedules on another loop that waits: the other wakes and runs it", async () => {
    const a = realLoop();
    const b = realLoop();
    const log: string[] = [];
    const farB = b.callLater(10, () => log.push("b-far"));
    const runB = b.runForever();
    a.callLater(0.01, () => {
      b.callSoon(() => {
        log.push("b-from-a");
        b.stop();
      });
      a.stop();
    });
    await a.runForever();
    await runB;
    expect(log).toEqual(["b-from-a"]);
    farB.cancel();
  });

  it("a future of one loop completed from another loop's callback completes that loop's runUntilComplete", async () => {
    const a = realLoop();
    const b = realLoop();
    const fb = b.createFuture<string>();
    a.callLater(0.01, () => {
      fb.setResult("from a");
      a.stop();
    });
    const [, result] = await Promise.all([a.runForever(), b.runUntilComplete(fb)]);
    expect(result).toBe("from a");
  });

  it("each loop reports its callbacks' errors to its own exception handler", async () => {
    expectLoopErrors();
    const a = virtualLoop();
    const b = virtualLoop();
    const seenA: ExceptionContext[] = [];
    const seenB: ExceptionContext[] = [];
    a.setExceptionHandler((loop, c) => {
      seenA.push(c);
      expect(loop).toBe(a);
    });
    b.setExceptionHandler((loop, c) => {
      seenB.push(c);
      expect(loop).toBe(b);
    });
    a.callSoon(function inA() {
      throw new Error("a");
    });
    b.callSoon(function inB() {
      throw new Error("b");
    });
    a.stop();
    b.stop();
    await Promise.all([a.runForever(), b.runForever()]);
    expect(seenA.map((c) => c.message)).toEqual(["Exception in callback inA()"]);
    expect(seenB.map((c) => c.message)).toEqual(["Exception in callback inB()"]);
  });

  it("each loop has its own stop flag", async () => {
    const a = virtualLoop();
    const b = virtualLoop();
    const log: string[] = [];
    a.stop();
    b.callSoon(() => log.push("b1"));
    b.callSoon(() => b.callSoon(() => log.push("b2")));
    b.callLater(1, () => {
      log.push("b-timer");
      b.stop();
    });
    await b.runForever();
    expect(log).toEqual(["b1", "b2", "b-timer"]);
    // a's pre-stop is still pending: a runs one iteration.
    a.callSoon(() => a.callSoon(() => log.push("a-second")));
    await a.runForever();
    expect(log).toEqual(["b1", "b2", "b-timer"]);
  });

  it("closing one loop does not affect another, even while the other runs", async () => {
    const a = realLoop();
    const b = realLoop();
    const log: string[] = [];
    a.callLater(0.01, () => {
      b.close();
      log.push(`b closed: ${b.isClosed()}`);
      a.stop();
    });
    await a.runForever();
    expect(log).toEqual(["b closed: true"]);
    expect(a.isClosed()).toBe(false);
  });

  it("many loops with interleaved timers each see only their own", async () => {
    const loops = Array.from({ length: 5 }, () => virtualLoop());
    const logs = loops.map(() => [] as number[]);
    loops.forEach((loop, i) => {
      for (let k = 1; k <= 3; k++) loop.callLater(k * (i + 1), () => logs[i].push(loop.time()));
      loop.callLater(100, () => loop.stop());
    });
    await Promise.all(loops.map((l) => l.runForever()));
    logs.forEach((log, i) => expect(log).toEqual([1, 2, 3].map((k) => k * (i + 1))));
  });
});
