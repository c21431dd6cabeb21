/**
 * Timers, time() and clock resolution (rules 19-30, J2, J4, J8).
 */
import { describe, expect, it } from "vitest";
import { EventLoop, TimerHandle, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { RecordingLogger, SpyClock, setup } from "./support.js";

describe.each(coreNames)("timers (%s core)", (core) => {
  it("rule 19: callLater(d) is callAt(time() + d): same deadline, computed the same way", async () => {
    const clock = new VirtualClock(0.1);
    const loop = new EventLoop({ clock, core, logger: new RecordingLogger() });
    const h = loop.callLater(0.2, () => {});
    expect(h).toBeInstanceOf(TimerHandle);
    expect(h.when()).toBe(0.1 + 0.2);
    expect(h.when()).toBe(0.30000000000000004);
  });

  it("rule 20: callAt returns a TimerHandle whose when() is the deadline given", () => {
    const { loop } = setup(core);
    const h = loop.callAt(12.345, () => {});
    expect(h).toBeInstanceOf(TimerHandle);
    expect(h.when()).toBe(12.345);
  });

  it("J2: delays are seconds, not milliseconds", async () => {
    const { loop, log } = setup(core);
    loop.callLater(2, () => log.push(["two", loop.time()]));
    loop.callLater(1000, () => {
      log.push(["thousand", loop.time()]);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      ["two", 2],
      ["thousand", 1000],
    ]);
  });

  it("timers fire in increasing deadline order, each at exactly its deadline (virtual clock)", async () => {
    const { loop, log } = setup(core);
    const deadlines = [5, 0.5, 3.25, 100, 1, 7.75, 2, 0.001, 64, 9];
    for (const d of deadlines) loop.callAt(d, () => log.push([d, loop.time()]));
    loop.callAt(1000, () => loop.stop());
    await loop.runForever();
    const sorted = [...deadlines].sort((a, b) => a - b);
    expect(log).toEqual(sorted.map((d) => [d, d]));
  });

  it("rule 21: callLater(-1, a); callLater(-2, b) runs b then a, both at once", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(-1, () => log.push("a"));
    loop.callLater(-2, () => log.push("b"));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["b", "a"]);
    expect(clock.waits).toEqual([]);
  });

  it("rule 22: a timer less than one clock resolution ahead is due now, one exactly a resolution ahead is not", async () => {
    const { loop, clock, log } = setup(core);
    loop.callAt(0.5e-9, () => log.push(["half-resolution", loop.time()]));
    loop.callAt(1e-9, () => log.push(["one-resolution", loop.time()]));
    loop.callSoon(() => log.push(["soon", loop.time()]));
    loop.callAt(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([
      ["soon", 0],
      ["half-resolution", 0],
      ["one-resolution", 1e-9],
    ]);
    expect(clock.waits).toEqual([1e-9, 1]);
  });

  it("rule 22: the clockResolution option sets the early-firing window", async () => {
    const clock = new SpyClock(0);
    const loop = new EventLoop({ clock, core, clockResolution: 0.5, logger: new RecordingLogger() });
    const log: unknown[] = [];
    loop.callAt(0.3, () => log.push(["0.3", loop.time()]));
    loop.callAt(0.5, () => log.push(["0.5", loop.time()]));
    loop.callSoon(() => log.push(["soon", loop.time()]));
    loop.callAt(2, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([
      ["soon", 0],
      ["0.3", 0],
      ["0.5", 0.5],
    ]);
  });

  it("J4: equal deadlines fire in scheduling order (8 timers)", async () => {
    const { loop, log } = setup(core);
    for (let i = 0; i < 8; i++) loop.callAt(5, () => log.push(i));
    loop.callAt(6, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("J4: equal deadlines behind earlier timers, and mixed callAt/callLater, keep scheduling order", async () => {
    const { loop, log } = setup(core);
    loop.callAt(1, () => log.push("early1"));
    loop.callAt(2, () => log.push("early2"));
    loop.callAt(3, () => log.push("x0"));
    loop.callLater(3, () => log.push("x1"));
    loop.callAt(3, () => log.push("x2"));
    loop.callAt(0.5, () => log.push("earliest"));
    loop.callLater(3, () => log.push("x3"));
    loop.callAt(4, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["earliest", "early1", "early2", "x0", "x1", "x2", "x3"]);
  });

  it("J4: many equal deadlines scheduled in several rounds keep scheduling order", async () => {
    const { loop, log } = setup(core);
    for (let i = 0; i < 300; i++) {
      loop.callAt(10, () => log.push(i));
      if (i % 7 === 0) loop.callAt(10 - (i % 5), () => {}); // other deadlines in between
    }
    loop.callAt(11, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it("J4: equal deadlines scheduled from inside callbacks join in scheduling order", async () => {
    const { loop, log } = setup(core);
    loop.callAt(5, () => log.push("a"));
    loop.callSoon(() => {
      loop.callAt(5, () => log.push("b"));
      loop.callLater(5, () => log.push("c")); // 0 + 5 = 5
    });
    loop.callAt(5, () => log.push("d")); // scheduled before b and c
    loop.callAt(6, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["a", "d", "b", "c"]);
  });

  it("rule 26: a timer runs at most once, over several runs", async () => {
    const { loop, log } = setup(core);
    loop.callLater(1, () => log.push("once"));
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    loop.callLater(5, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["once"]);
    expect(loop.time()).toBe(7);
  });

  it("rule 27: deadlines are float sums: 0.1 + 0.2 is 0.30000000000000004, and the loop wakes exactly there", async () => {
    const { loop, log } = setup(core);
    loop.callLater(0.1, () => {
      log.push(loop.time());
      const h = loop.callLater(0.2, () => {
        log.push(loop.time());
        loop.stop();
      });
      log.push(h.when());
    });
    await loop.runForever();
    expect(log).toEqual([0.1, 0.1 + 0.2, 0.1 + 0.2]);
    expect(log[2]).toBe(0.30000000000000004);
  });

  it("rule 29: callLater is relative to time() at the call, time spent in the callback included", async () => {
    const { loop, clock, log } = setup(core);
    loop.callSoon(() => {
      clock.advance(2);
      const h = loop.callLater(1, () => {
        log.push(loop.time());
        loop.stop();
      });
      log.push(h.when());
    });
    await loop.runForever();
    expect(log).toEqual([3, 3]);
  });

  it("rule 30: callLater(0, b) then callSoon(a) runs a before b, in the same iteration", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      loop.callLater(0, () => log.push("b"));
      loop.callSoon(() => log.push("a"));
      loop.callSoon(() => loop.callSoon(() => log.push("next-iteration")));
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["a", "b", "next-iteration"]);
  });

  it.each([2 ** 24, 2 ** 30, 1e15])(
    "rule 22: timers due now still fire when the clock (%d s) is too large for the resolution to register",
    async (start) => {
      const clock = new SpyClock(start);
      const loop = new EventLoop({ clock, core, logger: new RecordingLogger() });
      const log: unknown[] = [];
      expect(start + 1e-9).toBe(start);
      loop.callLater(0, () => log.push(["zero", loop.time()]));
      loop.callAt(start, () => log.push(["at-now", loop.time()]));
      loop.callLater(1, () => {
        log.push(["one", loop.time()]);
        loop.stop();
      });
      await loop.runForever();
      expect(log).toEqual([
        ["zero", start],
        ["at-now", start],
        ["one", start + 1],
      ]);
    },
  );

  it("time() is the clock's time", () => {
    const clock = new VirtualClock(42);
    const loop = new EventLoop({ clock, core });
    expect(loop.time()).toBe(42);
    clock.advance(1.5);
    expect(loop.time()).toBe(43.5);
  });
});
