/**
 * runForever / stop (rules 1-9, J3, J11).
 */
import { describe, expect, it } from "vitest";
import { RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { setup, thrown } from "./support.js";

describe.each(coreNames)("runForever and stop (%s core)", (core) => {
  it("runForever returns a promise that resolves with undefined once stopped (J3)", async () => {
    const { loop } = setup(core);
    loop.callSoon(() => loop.stop());
    const run = loop.runForever();
    expect(run).toBeInstanceOf(Promise);
    await expect(run).resolves.toBeUndefined();
  });

  it("rule 1: on a closed loop runForever throws 'Event loop is closed' synchronously (J11)", () => {
    const { loop } = setup(core);
    loop.close();
    const error = thrown(() => loop.runForever());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Event loop is closed");
    expect(loop.isRunning()).toBe(false);
  });

  it("rule 2: isRunning() is true in callbacks and timer callbacks, false before and after", async () => {
    const { loop, log } = setup(core);
    expect(loop.isRunning()).toBe(false);
    loop.callSoon(() => log.push(["soon", loop.isRunning()]));
    loop.callLater(3, () => {
      log.push(["timer", loop.isRunning()]);
      loop.stop();
    });
    await loop.runForever();
    expect(loop.isRunning()).toBe(false);
    expect(log).toEqual([
      ["soon", true],
      ["timer", true],
    ]);
  });

  it("rule 2: isRunning() is false after a run that rejected, and the loop can run again", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => log.push("a"));
    await expect(loop.runForever()).rejects.toThrow(/wait forever/);
    expect(loop.isRunning()).toBe(false);
    expect(log).toEqual(["a"]);
    loop.callSoon(() => {
      log.push("b");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["a", "b"]);
  });

  it("rule 3: a run stopped before it starts still does one iteration, even with nothing to do", async () => {
    const { loop, clock } = setup(core);
    loop.stop();
    await expect(loop.runForever()).resolves.toBeUndefined();
    expect(clock.waits).toEqual([]);
    expect(loop.time()).toBe(0);
  });

  it("rule 4: stop() never throws: idle, closed, repeated", () => {
    const { loop } = setup(core);
    expect(() => loop.stop()).not.toThrow();
    expect(() => loop.stop()).not.toThrow();
    loop.close();
    expect(() => loop.stop()).not.toThrow();
    expect(() => loop.stop()).not.toThrow();
  });

  it("rule 4: stopping N times before a run is the same as once: only that run is cut short", async () => {
    const { loop, log } = setup(core);
    loop.stop();
    loop.stop();
    loop.stop();
    loop.callSoon(() => {
      log.push("first");
      loop.callSoon(() => log.push("second"));
    });
    await loop.runForever();
    expect(log).toEqual(["first"]);
    // The next run is not pre-stopped: it goes on until the timer stops it.
    loop.callLater(1, () => {
      log.push("timer");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["first", "second", "timer"]);
  });

  it("rule 4: stopping N times inside a batch ends only that run", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      loop.stop();
      loop.stop();
      log.push("a");
    });
    loop.callSoon(() => {
      loop.stop();
      log.push("b");
    });
    await loop.runForever();
    expect(log).toEqual(["a", "b"]);
    loop.callSoon(() => loop.callSoon(() => log.push("c")));
    loop.callLater(2, () => {
      log.push("d");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["a", "b", "c", "d"]);
  });

  it("rule 5: stopped before the run: ready handles and due timers run; what they schedule and future timers do not", async () => {
    const { loop, clock, log } = setup(core);
    loop.callSoon(() => {
      log.push("ready1");
      loop.callSoon(() => log.push("scheduled-by-ready"));
    });
    loop.callLater(0, () => {
      log.push("due-timer");
      loop.callLater(0, () => log.push("timer-by-timer"));
    });
    loop.callAt(-1, () => log.push("past-timer"));
    loop.callLater(0.5, () => log.push("future-timer"));
    loop.callSoon(() => log.push("ready2"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["ready1", "ready2", "past-timer", "due-timer"]);
    expect(clock.waits).toEqual([]);
    expect(loop.time()).toBe(0);
    // Everything left over runs at the next run, ready handles first (FIFO).
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([
      "ready1",
      "ready2",
      "past-timer",
      "due-timer",
      "scheduled-by-ready",
      "timer-by-timer",
      "future-timer",
    ]);
  });

  it("rule 6: a stop issued while idle is consumed by the next run only", async () => {
    const { loop, log } = setup(core);
    loop.stop();
    await loop.runForever();
    loop.callSoon(() => log.push("a"));
    loop.callSoon(() => loop.callSoon(() => log.push("b")));
    loop.callLater(1, () => {
      log.push("t");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["a", "b", "t"]);
  });

  it("rule 6: a stop issued while idle pre-stops the next runUntilComplete", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    loop.callSoon(() => {
      log.push("a");
      loop.callSoon(() => f.setResult(1));
    });
    loop.stop();
    await expect(loop.runUntilComplete(f)).rejects.toThrow("Event loop stopped before Future completed.");
    expect(log).toEqual(["a"]);
    expect(f.done()).toBe(false);
    // Consumed: the next runUntilComplete goes on until the future is done.
    await expect(loop.runUntilComplete(f)).resolves.toBe(1);
  });

  it("rule 7: stop from a callback: the rest of the batch runs, what the batch scheduled waits (FIFO)", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      log.push("a");
      loop.callSoon(() => log.push("a-child"));
    });
    loop.callSoon(() => {
      log.push("b");
      loop.stop();
      loop.callSoon(() => log.push("b-child"));
    });
    loop.callSoon(() => {
      log.push("c");
      loop.callSoon(() => log.push("c-child"));
    });
    loop.callLater(0, () => log.push("due-timer"));
    await loop.runForever();
    expect(log).toEqual(["a", "b", "c", "due-timer"]);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "b", "c", "due-timer", "a-child", "b-child", "c-child"]);
  });

  it("rule 7: stop from a timer callback ends the run after that batch", async () => {
    const { loop, log } = setup(core);
    loop.callLater(1, () => {
      log.push("t1");
      loop.stop();
      loop.callSoon(() => log.push("after"));
    });
    loop.callLater(1, () => log.push("t1-same-deadline"));
    loop.callLater(2, () => log.push("t2"));
    await loop.runForever();
    expect(log).toEqual(["t1", "t1-same-deadline"]);
    expect(loop.time()).toBe(1);
  });

  it("rule 7: stop from a future's done callback ends the run after that batch", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<string>();
    f.addDoneCallback((fut) => {
      log.push(`done:${fut.result()}`);
      loop.stop();
    });
    loop.callSoon(() => {
      f.setResult("x");
      loop.callSoon(() => log.push("same-batch-as-done"));
    });
    loop.callLater(5, () => log.push("never"));
    await loop.runForever();
    expect(log).toEqual(["done:x", "same-batch-as-done"]);
    expect(loop.time()).toBe(0);
  });

  it("rule 7: stop from the exception handler ends the run after that batch", async () => {
    expectLoopErrors();
    const { loop, log } = setup(core);
    loop.setExceptionHandler(() => {
      log.push("handler");
      loop.stop();
    });
    loop.callSoon(() => {
      throw new Error("boom");
    });
    loop.callSoon(() => {
      log.push("rest");
      loop.callSoon(() => log.push("next"));
    });
    await loop.runForever();
    expect(log).toEqual(["handler", "rest"]);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["handler", "rest", "next"]);
  });

  it("rule 8: nothing is cleared when a run returns: ready handles and timers survive", async () => {
    const { loop, log } = setup(core);
    const h = loop.callLater(10, () => {
      log.push("t10");
      loop.stop();
    });
    loop.callLater(1, () => {
      log.push("t1");
      loop.callSoon(() => log.push("soon"));
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["t1"]);
    expect(h.cancelled()).toBe(false);
    await loop.runForever();
    expect(log).toEqual(["t1", "soon", "t10"]);
    expect(loop.time()).toBe(10);
  });

  it("the run ends only when stopped: many iterations run until then", async () => {
    const { loop } = setup(core);
    let n = 0;
    const tick = () => {
      n++;
      if (n === 1000) loop.stop();
      else loop.callSoon(tick);
    };
    loop.callSoon(tick);
    await loop.runForever();
    expect(n).toBe(1000);
  });
});
