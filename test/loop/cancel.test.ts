/**
 * Cancellation, observable parts (rules 15, 31-38).
 */
import { describe, expect, it } from "vitest";
import type { Handle } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "./support.js";

describe.each(coreNames)("cancellation (%s core)", (core) => {
  it("rule 31: a cancelled ready handle never runs; cancelled() says so", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => log.push("a"));
    const h = loop.callSoon(() => log.push("cancelled"));
    loop.callSoon(() => log.push("c"));
    expect(h.cancelled()).toBe(false);
    h.cancel();
    expect(h.cancelled()).toBe(true);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "c"]);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "c"]);
  });

  it("rule 31: a cancelled timer never runs, over any number of runs", async () => {
    const { loop, log } = setup(core);
    const h = loop.callLater(1, () => log.push("cancelled"));
    loop.callLater(2, () => log.push("kept"));
    h.cancel();
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["kept"]);
  });

  it("rule 31: a second cancel() does nothing", async () => {
    const { loop, log } = setup(core);
    const h = loop.callSoon(() => log.push("x"));
    const t = loop.callLater(1, () => log.push("y"));
    h.cancel();
    t.cancel();
    h.cancel();
    t.cancel();
    expect(h.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
    loop.callSoon(() => log.push("z"));
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["z"]);
  });

  it("rule 37: cancelling a handle that already ran only sets cancelled(); new handles are unaffected", async () => {
    const { loop, log } = setup(core);
    const ran: Handle[] = [];
    for (let i = 0; i < 10; i++) ran.push(loop.callSoon(() => log.push(`old${i}`)));
    ran.push(loop.callLater(0, () => log.push("old-timer")));
    loop.stop();
    await loop.runForever();
    // The slots of the handles that ran are free for reuse now.
    const fresh: Handle[] = [];
    for (let i = 0; i < 10; i++) fresh.push(loop.callSoon(() => log.push(`new${i}`)));
    fresh.push(loop.callLater(0, () => log.push("new-timer")));
    for (const h of ran) {
      h.cancel();
      expect(h.cancelled()).toBe(true);
    }
    for (const h of fresh) expect(h.cancelled()).toBe(false);
    loop.stop();
    await loop.runForever();
    expect(log.slice(11)).toEqual([...Array.from({ length: 10 }, (_, i) => `new${i}`), "new-timer"]);
  });

  it("rule 15: cancelling a later handle of the same batch skips it", async () => {
    const { loop, log } = setup(core);
    let later: Handle | null = null;
    let laterTimer: Handle | null = null;
    loop.callSoon(() => {
      log.push("a");
      later!.cancel();
      laterTimer!.cancel();
    });
    later = loop.callSoon(() => log.push("skipped"));
    loop.callSoon(() => log.push("c"));
    laterTimer = loop.callLater(0, () => log.push("skipped-timer"));
    loop.callLater(0, () => log.push("timer"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "c", "timer"]);
    expect(later!.cancelled()).toBe(true);
  });

  it("cancelling an earlier handle of the same batch (already run) changes nothing", async () => {
    const { loop, log } = setup(core);
    let first: Handle | null = null;
    first = loop.callSoon(() => log.push("first"));
    loop.callSoon(() => {
      first!.cancel();
      log.push(["second", first!.cancelled()]);
    });
    loop.callSoon(() => log.push("third"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["first", ["second", true], "third"]);
  });

  it("a handle cancelling itself while it runs is harmless", async () => {
    const { loop, log } = setup(core);
    let self: Handle | null = null;
    self = loop.callSoon(() => {
      self!.cancel();
      log.push(["self", self!.cancelled()]);
    });
    let selfTimer: Handle | null = null;
    selfTimer = loop.callLater(0, () => {
      selfTimer!.cancel();
      log.push("self-timer");
    });
    loop.callSoon(() => log.push("next"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([["self", true], "next", "self-timer"]);
    loop.callSoon(() => log.push("after"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([["self", true], "next", "self-timer", "after"]);
  });

  it("cancel from a callback of a handle scheduled for the next iteration", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      const h = loop.callSoon(() => log.push("never"));
      loop.callSoon(() => log.push("kept"));
      h.cancel();
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["kept"]);
  });

  it("rule 38: a cancelled head timer does not make the loop wake at its deadline", async () => {
    const { loop, clock, log } = setup(core);
    const head = loop.callLater(5, () => log.push("never"));
    loop.callLater(10, () => {
      log.push(loop.time());
      loop.stop();
    });
    head.cancel();
    await loop.runForever();
    expect(log).toEqual([10]);
    expect(clock.waits).toEqual([10]);
  });

  it("rule 38: a head timer cancelled by a callback is not waited for either", async () => {
    const { loop, clock, log } = setup(core);
    const head = loop.callLater(5, () => log.push("never"));
    loop.callLater(10, () => {
      log.push(loop.time());
      loop.stop();
    });
    loop.callSoon(() => head.cancel());
    await loop.runForever();
    expect(log).toEqual([10]);
    expect(clock.waits).toEqual([10]);
  });

  it("cancelling every timer leaves nothing to wait for (virtual clock: the idle run rejects)", async () => {
    const { loop, clock, log } = setup(core);
    const hs = [1, 2, 3].map((d) => loop.callLater(d, () => log.push(d)));
    for (const h of hs) h.cancel();
    await expect(loop.runForever()).rejects.toThrow(/wait forever/);
    expect(log).toEqual([]);
    expect(clock.waits).toEqual([]);
  });

  it.each([
    [200, 150],
    [200, 100],
    [100, 60],
    [101, 51],
    [1000, 999],
  ])(
    "rules 33-35, J4: %i timers with %i cancelled while idle: survivors fire in (deadline, scheduling) order",
    async (total, cancelled) => {
      const { loop, log } = setup(core);
      const handles: Handle[] = [];
      for (let i = 0; i < total; i++) {
        // Four distinct deadlines, so that many timers share one.
        handles.push(loop.callAt(1 + (i % 4), () => log.push(i)));
      }
      // Cancel a spread-out subset.
      const dropped = new Set<number>();
      for (let k = 0; dropped.size < cancelled; k++) dropped.add((k * 7) % total);
      for (const i of dropped) handles[i].cancel();
      loop.callAt(10, () => loop.stop());
      await loop.runForever();
      const expected = Array.from({ length: total }, (_, i) => i)
        .filter((i) => !dropped.has(i))
        .sort((a, b) => (a % 4) - (b % 4) || a - b);
      expect(log).toEqual(expected);
    },
  );

  it("cancellations interleaved with runs (compaction while running) keep the survivors' order", async () => {
    const { loop, log } = setup(core);
    const handles: Handle[] = [];
    for (let i = 0; i < 400; i++) handles.push(loop.callAt(100 + (i % 3), () => log.push(i)));
    // Each of the first 300 iterations cancels one more timer.
    let next = 0;
    const cancelOne = () => {
      handles[(next * 4) % 400].cancel();
      next++;
      if (next < 100) loop.callSoon(cancelOne);
    };
    loop.callSoon(cancelOne);
    // And some more, in bulk, from a timer.
    loop.callAt(50, () => {
      for (let i = 1; i < 400; i += 2) handles[i].cancel();
    });
    loop.callAt(200, () => loop.stop());
    await loop.runForever();
    const cancelled = new Set<number>();
    for (let k = 0; k < 100; k++) cancelled.add((k * 4) % 400);
    for (let i = 1; i < 400; i += 2) cancelled.add(i);
    const expected = Array.from({ length: 400 }, (_, i) => i)
      .filter((i) => !cancelled.has(i))
      .sort((a, b) => (a % 3) - (b % 3) || a - b);
    expect(log).toEqual(expected);
  });

  it("schedule-and-cancel many times while idle, then run: only the live ones run", async () => {
    const { loop, log } = setup(core);
    for (let i = 0; i < 5000; i++) loop.callLater(1 + i / 1000, () => log.push("dead")).cancel();
    loop.callLater(3, () => log.push("live"));
    loop.callLater(4, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["live"]);
  });
});
