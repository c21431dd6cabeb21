/**
 * Virtual jumps (J8): before the clock jumps to the next deadline, every promise
 * continuation the batch started has run, however long its chain, as it would while the
 * real clock waits; and a jump goes to the deadline at once, however far (the one-day cap
 * of rule 28 is for real waits, which end in a host timer).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventLoop, sleep } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { RecordingLogger, type Setup, setup } from "./support.js";

/** A virtual loop that stops itself after `limit` jumps: a loop that would jump forever fails instead of hanging. */
function bounded(core: (typeof coreNames)[number], limit = 10): Setup {
  const made = setup(core);
  const advanceTo = made.clock.advanceTo.bind(made.clock);
  made.clock.advanceTo = (when: number) => {
    advanceTo(when);
    if (made.clock.waits.length >= limit) made.loop.stop();
  };
  return made;
}

describe.each(coreNames)("virtual jumps (%s core)", (core) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a callback at t=10 that awaits two resolved promises, then calls callLater(10, spy): spy runs at 20, before a timer at 30", async () => {
    const { loop, log } = setup(core);
    loop.callAt(10, async () => {
      await Promise.resolve();
      await Promise.resolve();
      loop.callLater(10, () => log.push(["spy", loop.time()]));
    });
    loop.callAt(15, () => log.push(["t15", loop.time()]));
    loop.callAt(30, () => {
      log.push(["t30", loop.time()]);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      ["t15", 15],
      ["spy", 20],
      ["t30", 30],
    ]);
  });

  it("the same with the spy ending the run: it runs at 20, and the run ends there", async () => {
    const { loop, log } = setup(core);
    loop.callAt(10, async () => {
      await Promise.resolve();
      await Promise.resolve();
      loop.callLater(10, () => {
        log.push(["spy", loop.time()]);
        loop.stop();
      });
    });
    loop.callAt(15, () => log.push(["t15", loop.time()]));
    await loop.runForever();
    expect(log).toEqual([
      ["t15", 15],
      ["spy", 20],
    ]);
    expect(loop.time()).toBe(20);
  });

  it("one hop: a continuation's callLater is measured from the time of its callback, not from the next deadline", async () => {
    const { loop, log } = setup(core);
    loop.callAt(10, () => {
      void Promise.resolve().then(() => loop.callLater(10, () => log.push(["spy", loop.time()])));
    });
    loop.callAt(15, () => log.push(["t15", loop.time()]));
    loop.callAt(30, () => {
      log.push(["t30", loop.time()]);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      ["t15", 15],
      ["spy", 20],
      ["t30", 30],
    ]);
  });

  it.each([3, 50, 1000])("a chain of %d promise hops started by a callback ends before time moves", async (hops) => {
    const { loop, log } = setup(core);
    loop.callAt(1, async () => {
      for (let i = 0; i < hops; i++) await null;
      // Thenables and queueMicrotask add hops of their own.
      await { then: (resolve: (v: number) => void) => queueMicrotask(() => resolve(0)) };
      log.push(["chain-end", loop.time()]);
      loop.callSoon(() => log.push(["scheduled-at-end", loop.time()]));
    });
    loop.callAt(2, () => {
      log.push(["t2", loop.time()]);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      ["chain-end", 1],
      ["scheduled-at-end", 1],
      ["t2", 2],
    ]);
  });

  it("a continuation chain that stops the loop ends the run before time moves", async () => {
    const { loop, clock, log } = setup(core);
    loop.callAt(1, async () => {
      for (let i = 0; i < 10; i++) await null;
      loop.stop();
    });
    loop.callAt(2, () => log.push("t2"));
    await loop.runForever();
    expect(log).toEqual([]);
    expect(loop.time()).toBe(1);
    expect(clock.waits).toEqual([1]);
  });

  it("every jump waits for the chains of its own batch: each timer's chain schedules the next timer", async () => {
    const { loop, log } = setup(core);
    let fired = 0;
    const step = async () => {
      fired++;
      await null;
      await null;
      if (fired < 20) loop.callLater(1, step);
      else loop.stop();
    };
    loop.callLater(1, step);
    // A far timer the jumps must not run ahead to.
    loop.callAt(1000, () => log.push("far"));
    await loop.runForever();
    expect(fired).toBe(20);
    expect(loop.time()).toBe(20);
    expect(log).toEqual([]);
  });

  it("callLater(1e300) is reached in one jump, at exactly 1e300", async () => {
    const { loop, clock, log } = bounded(core);
    loop.callLater(1e300, () => {
      log.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([1e300]);
    expect(clock.waits).toEqual([1e300]);
  });

  it("a timer past 1e20 s, where now + 86400 === now, is reached", async () => {
    const { loop, clock, log } = bounded(core);
    expect(1e22 + 86400).toBe(1e22);
    loop.callAt(1e22, () => log.push(loop.time()));
    loop.callAt(3e22, () => {
      log.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([1e22, 3e22]);
    expect(clock.waits).toEqual([1e22, 3e22]);
  });

  it("sleep(Number.MAX_SAFE_INTEGER) ends, at exactly that time", async () => {
    const { loop, clock } = bounded(core);
    const main = async () => {
      await sleep(Number.MAX_SAFE_INTEGER);
      return loop.time();
    };
    await expect(loop.runUntilComplete(main)).resolves.toBe(Number.MAX_SAFE_INTEGER);
    expect(clock.waits).toEqual([Number.MAX_SAFE_INTEGER]);
  });

  it("a host clock.advance() past the deadline while the loop waits: time does not go back", async () => {
    const { loop, clock, log } = setup(core);
    loop.callAt(5, () => {
      log.push(loop.time());
      loop.stop();
    });
    void Promise.resolve().then(() => clock.advance(7));
    await loop.runForever();
    expect(log).toEqual([7]);
    expect(loop.time()).toBe(7);
  });

  it("rule 28 on the real clock: a far timer still waits in host timers of at most one day", async () => {
    const requested: number[] = [];
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      requested.push(ms ?? 0);
      return real(fn, ms);
    }) as typeof setTimeout);
    const loop = new EventLoop({ core, logger: new RecordingLogger() });
    const far = loop.callLater(1e300, () => {});
    const run = loop.runForever();
    real(() => loop.stop(), 5);
    await run;
    far.cancel();
    expect(requested[0]).toBe(86400 * 1000);
  });
});
