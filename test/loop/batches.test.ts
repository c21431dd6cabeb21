/**
 * The structure of one iteration (rules 10-18): what a batch is made of and in which order.
 */
import { describe, expect, it } from "vitest";
import { EventLoop } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { RecordingLogger, SpyClock, setup } from "./support.js";

describe.each(coreNames)("batches (%s core)", (core) => {
  it("rule 13: callSoon handles run in registration order, each exactly once, with their arguments", async () => {
    const { loop, log } = setup(core);
    for (let i = 0; i < 2000; i++) loop.callSoon((n: number, tag: string) => log.push(`${tag}${n}`), i, "h");
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(log).toEqual(Array.from({ length: 2000 }, (_, i) => `h${i}`));
    // Exactly once: a further run does not repeat any of them.
    loop.stop();
    await loop.runForever();
    expect(log).toHaveLength(2000);
  });

  it("rule 13: callSoon and callSoonThreadsafe share one FIFO queue", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => log.push(1));
    loop.callSoonThreadsafe(() => log.push(2));
    loop.callSoon(() => log.push(3));
    loop.callSoonThreadsafe(() => log.push(4));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([1, 2, 3, 4]);
  });

  it("rule 14: handles added while a batch runs wait for the next iteration (callSoon, callSoonThreadsafe, done callbacks)", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    f.addDoneCallback(() => log.push("done-cb"));
    loop.callSoon(() => {
      log.push("a");
      loop.callSoon(() => log.push("a.soon"));
      loop.callSoonThreadsafe(() => log.push("a.threadsafe"));
      f.setResult(null);
    });
    loop.callSoon(() => log.push("b"));
    loop.callSoon(() => {
      log.push("c");
      loop.callSoon(() => {
        log.push("c.soon");
        loop.stop();
      });
    });
    await loop.runForever();
    expect(log).toEqual(["a", "b", "c", "a.soon", "a.threadsafe", "done-cb", "c.soon"]);
  });

  it("rule 14: a callback re-scheduling itself runs once per iteration, interleaved with a timer chain", async () => {
    const { loop, clock, log } = setup(core);
    let spins = 0;
    const spin = () => {
      spins++;
      if (spins < 5) loop.callSoon(spin);
    };
    loop.callSoon(spin);
    loop.callSoon(() => log.push(["spins-at-first-batch", spins]));
    loop.callLater(1, () => {
      log.push(["spins-at-timer", spins, clock.now()]);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      ["spins-at-first-batch", 1],
      ["spins-at-timer", 5, 1],
    ]);
    // The loop only waited once the ready queue had drained.
    expect(clock.waits).toEqual([1]);
  });

  it("rule 12 / 30: a batch is the ready handles (those queued by the previous batch first), then the due timers", async () => {
    const { loop, log } = setup(core);
    loop.callLater(0, () => log.push("timer0"));
    loop.callSoon(() => {
      log.push("a");
      loop.callSoon(() => log.push("a.child"));
    });
    loop.callLater(1, () => log.push("timer1"));
    loop.callLater(1, () => loop.stop());
    loop.callSoon(() => log.push("b"));
    await loop.runForever();
    expect(log).toEqual(["a", "b", "timer0", "a.child", "timer1"]);
  });

  it("rule 12: a timer that becomes due runs after the callSoon handles queued by the previous batch", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(1, () => log.push("timer"));
    loop.callSoon(() => {
      log.push("a");
      clock.advance(2); // the timer is now overdue
      loop.callSoon(() => log.push("queued-by-a"));
    });
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["a", "queued-by-a", "timer"]);
  });

  it("rule 16: time is read once per iteration: a timer made due by time passing during the batch waits for the next one", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(0, () => {
      log.push("t0");
      loop.callSoon(() => log.push("soon-from-t0"));
    });
    loop.callLater(1, () => log.push("t1"));
    loop.callSoon(() => {
      log.push("a");
      clock.advance(5);
    });
    loop.callLater(10, () => loop.stop());
    await loop.runForever();
    // t1 was due at the end of the first batch (time 5) but was not part of it.
    expect(log).toEqual(["a", "t0", "soon-from-t0", "t1"]);
    expect(clock.waits).toEqual([10]);
  });

  it("rule 18: stop during a batch: the current batch (ready + due timers) is the unit that finishes", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => {
      log.push("a");
      loop.stop();
    });
    loop.callLater(0, () => {
      log.push("due-timer");
      loop.callSoon(() => log.push("not-this-run"));
    });
    loop.callLater(0.5, () => log.push("not-due"));
    await loop.runForever();
    expect(log).toEqual(["a", "due-timer"]);
    expect(loop.time()).toBe(0);
  });

  it("rule 11 / J8: nothing ready and a timer pending: the loop waits exactly until that timer", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(2.5, () => log.push(loop.time()));
    loop.callLater(7, () => {
      log.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([2.5, 7]);
    expect(clock.waits).toEqual([2.5, 7]);
  });

  it("rule 11 / J8: a pending ready handle means no wait at all, timers notwithstanding", async () => {
    const { loop, clock, log } = setup(core);
    let n = 0;
    const spin = () => {
      if (++n < 50) loop.callSoon(spin);
      else log.push(loop.time());
    };
    loop.callSoon(spin);
    loop.callLater(1, () => {
      log.push("t");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([0, "t"]);
    expect(clock.waits).toEqual([1]);
  });

  it("a batch keeps its callbacks' identities: the same function scheduled twice runs twice", async () => {
    const { loop, log } = setup(core);
    const cb = (x: number) => log.push(x);
    loop.callSoon(cb, 1);
    loop.callSoon(cb, 2);
    loop.callLater(0, cb, 3);
    loop.callLater(0, cb, 4);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([1, 2, 3, 4]);
  });

  it("a callback receives exactly the arguments it was scheduled with", async () => {
    const { loop, log } = setup(core);
    const obj = { k: 1 };
    loop.callSoon((...args: unknown[]) => log.push(args), 1, "x", obj, undefined);
    loop.callLater(0, (...args: unknown[]) => log.push(args));
    loop.callAt(0, (...args: unknown[]) => log.push(args), null);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([[1, "x", obj, undefined], [], [null]]);
    expect((log[0] as unknown[])[2]).toBe(obj);
  });

  it("a large batch that grows the core's storage while it runs keeps its order", async () => {
    const clock = new SpyClock(0);
    const loop = new EventLoop({ clock, core, logger: new RecordingLogger() });
    const log: number[] = [];
    for (let i = 0; i < 3000; i++) {
      loop.callSoon(() => {
        log.push(i);
        // Every callback schedules more, forcing growth during the batch.
        loop.callSoon(() => log.push(10000 + i));
        loop.callLater(1, () => log.push(20000 + i));
      });
    }
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([
      ...Array.from({ length: 3000 }, (_, i) => i),
      ...Array.from({ length: 3000 }, (_, i) => 10000 + i),
      ...Array.from({ length: 3000 }, (_, i) => 20000 + i),
    ]);
  });
});
