import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";

describe.each(coreNames)("run_forever contract (%s core)", (core) => {
  const make = () => {
    const clock = new VirtualClock(0);
    return { clock, loop: new EventLoop({ clock, core }) };
  };

  it("stop before the run: exactly one iteration, callbacks scheduled by it wait", async () => {
    const { loop } = make();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push("a");
      loop.callSoon(() => log.push("c"));
    });
    loop.callLater(0, () => log.push("b"));
    loop.callLater(5, () => log.push("late"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "b"]);
    expect(loop.isRunning()).toBe(false);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "b", "c"]);
  });

  it("stop during a batch: the batch finishes, what it scheduled runs next time", async () => {
    const { loop, clock } = make();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push("a");
      loop.stop();
      loop.callSoon(() => log.push("next"));
    });
    loop.callSoon(() => log.push("b"));
    await loop.runForever();
    expect(log).toEqual(["a", "b"]);
    loop.callLater(1, () => {
      log.push(`t${clock.now()}`);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["a", "b", "next", "t1"]);
  });

  it("virtual wait forever rejects", async () => {
    const { loop } = make();
    await expect(loop.runForever()).rejects.toThrow(/wait forever/);
    expect(loop.isRunning()).toBe(false);
  });

  it("runUntilComplete with a future and a promise", async () => {
    const { loop } = make();
    const f = loop.createFuture<number>();
    loop.callLater(2, () => f.setResult(42));
    await expect(loop.runUntilComplete(f)).resolves.toBe(42);
    expect(loop.time()).toBe(2);
    await expect(loop.runUntilComplete(Promise.resolve("p"))).resolves.toBe("p");
  });

  it("real clock timers", async () => {
    const loop = new EventLoop({ core });
    const t0 = loop.time();
    const log: number[] = [];
    loop.callLater(0.03, () => {
      log.push(loop.time() - t0);
      loop.stop();
    });
    await loop.runForever();
    expect(log[0]).toBeGreaterThanOrEqual(0.03);
  });
});
