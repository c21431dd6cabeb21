/**
 * The real (monotonic) clock (J2, J9, rules 21-22, 27). Only "not before the deadline",
 * orders, and "eventually" are asserted, never how long anything took.
 */
import { describe, expect, it } from "vitest";
import type { TimerHandle } from "../../host/index.js";
import { EventLoop, MonotonicClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { hostSleep, RecordingLogger, track } from "./support.js";

/** asyncio's default resolution: a timer may fire up to this much before its deadline (rule 22). */
const RESOLUTION = 1e-9;

describe.each(coreNames)("real clock (%s core)", (core) => {
  const make = () => new EventLoop({ core, logger: new RecordingLogger() });

  it("J9: time() is the host's monotonic clock in seconds (performance.now() / 1000)", () => {
    const loop = make();
    const before = performance.now() / 1000;
    const t = loop.time();
    const after = performance.now() / 1000;
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
    const clock = new MonotonicClock();
    const c = clock.now();
    expect(c).toBeGreaterThanOrEqual(after);
    expect(c).toBeLessThanOrEqual(performance.now() / 1000);
  });

  it("a timer never runs before its deadline", async () => {
    const loop = make();
    const seen: Array<[number, number]> = [];
    const handles: TimerHandle[] = [];
    for (const d of [0.001, 0.01, 0.025, 0.04]) {
      const h: TimerHandle = loop.callLater(d, () => seen.push([loop.time(), h.when()]));
      handles.push(h);
    }
    const last = loop.callLater(0.05, () => {
      seen.push([loop.time(), last.when()]);
      loop.stop();
    });
    await loop.runForever();
    expect(seen).toHaveLength(5);
    for (const [now, when] of seen) expect(now).toBeGreaterThan(when - RESOLUTION);
  });

  it("callAt on the real clock: not before the deadline", async () => {
    const loop = make();
    const when = loop.time() + 0.03;
    let at = -Infinity;
    loop.callAt(when, () => {
      at = loop.time();
      loop.stop();
    });
    await loop.runForever();
    expect(at).toBeGreaterThan(when - RESOLUTION);
  });

  it("timers run in deadline order, whatever the scheduling order", async () => {
    const loop = make();
    const log: number[] = [];
    for (const d of [0.03, 0.01, 0.02, 0.005]) loop.callLater(d, () => log.push(d));
    loop.callLater(0.04, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([0.005, 0.01, 0.02, 0.03]);
  });

  it("J4 on the real clock: equal deadlines run in scheduling order", async () => {
    const loop = make();
    const log: number[] = [];
    const when = loop.time() + 0.01;
    for (let i = 0; i < 10; i++) loop.callAt(when, () => log.push(i));
    loop.callAt(when, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("a callLater from inside a callback counts from time() at that moment", async () => {
    const loop = make();
    const seen: boolean[] = [];
    loop.callLater(0.01, () => {
      const start = loop.time();
      const h: TimerHandle = loop.callLater(0.02, () => {
        seen.push(loop.time() > h.when() - RESOLUTION);
        loop.stop();
      });
      const end = loop.time();
      // The deadline is time() + 0.02 for a time() read during the call.
      seen.push(h.when() >= start + 0.02 && h.when() <= end + 0.02);
    });
    await loop.runForever();
    expect(seen).toEqual([true, true]);
  });

  it("rule 21: negative and -Infinity delays run at once, in deadline order, before later timers", async () => {
    const loop = make();
    const log: string[] = [];
    loop.callLater(0.01, () => {
      log.push("later");
      loop.stop();
    });
    loop.callLater(-1, () => log.push("minus-one"));
    loop.callLater(-Infinity, () => log.push("minus-infinity"));
    loop.callLater(0, () => log.push("zero"));
    await loop.runForever();
    expect(log).toEqual(["minus-infinity", "minus-one", "zero", "later"]);
  });

  it("J6: an Infinity timer never fires; the loop keeps waiting (does not reject) until stopped", async () => {
    const loop = make();
    const log: string[] = [];
    const inf = loop.callLater(Infinity, () => log.push("infinity"));
    const run = track(loop.runForever());
    await hostSleep(30);
    expect(run.settled()).toBe(false);
    loop.stop();
    await run.promise;
    expect(log).toEqual([]);
    inf.cancel();
  });

  it("runUntilComplete with a future completed by a real timer", async () => {
    const loop = make();
    const f = loop.createFuture<string>();
    const h = loop.callLater(0.02, () => f.setResult("ok"));
    await expect(loop.runUntilComplete(f)).resolves.toBe("ok");
    expect(loop.time()).toBeGreaterThan(h.when() - RESOLUTION);
  });

  it("a promise continuation queued by a callback runs before a later timer", async () => {
    const loop = make();
    const log: string[] = [];
    loop.callLater(0.01, () => {
      log.push("t1");
      void Promise.resolve().then(() => {
        log.push("continuation");
        loop.callSoon(() => {
          log.push("scheduled-by-continuation");
          loop.stop();
        });
      });
    });
    const t2 = loop.callLater(5, () => log.push("t2"));
    await loop.runForever();
    expect(log).toEqual(["t1", "continuation", "scheduled-by-continuation"]);
    t2.cancel();
  });

  it("an async function awaiting a loop future resumes after the future completes, before later timers", async () => {
    const loop = make();
    const log: string[] = [];
    const f = loop.createFuture<number>();
    loop.callLater(0.01, () => f.setResult(1));
    const later = loop.callLater(5, () => log.push("later"));
    const main = async () => {
      const v = await f;
      log.push(`resumed:${v}`);
      return v;
    };
    await expect(loop.runUntilComplete(main())).resolves.toBe(1);
    expect(log).toEqual(["resumed:1"]);
    later.cancel();
  });

  it("a custom Clock object is accepted and drives the loop's time", async () => {
    let offset = 1000;
    const clock = { now: () => performance.now() / 1000 + offset };
    const loop = new EventLoop({ clock, core, logger: new RecordingLogger() });
    expect(loop.time()).toBeGreaterThan(1000);
    const log: boolean[] = [];
    const h = loop.callLater(0.01, () => {
      log.push(loop.time() > h.when() - RESOLUTION);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([true]);
    offset = 0;
  });
});
