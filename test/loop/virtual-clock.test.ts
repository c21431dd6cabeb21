/**
 * The VirtualClock (J8): waits are instant jumps to exactly the next deadline, however far,
 * an idle loop fails fast instead of hanging, host promises can still wake the loop.
 */
import { describe, expect, it } from "vitest";
import { RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { hostSleep, setup } from "./support.js";

describe.each(coreNames)("virtual clock (%s core)", (core) => {
  it("J8: a wait of 0 does not move time", async () => {
    const { loop, clock, log } = setup(core);
    let n = 0;
    const again = () => {
      if (++n < 10) loop.callSoon(again);
      else {
        log.push(loop.time());
        loop.stop();
      }
    };
    loop.callSoon(again);
    loop.callLater(0, () => log.push(loop.time()));
    loop.callLater(-3, () => log.push(loop.time()));
    loop.callLater(1, () => log.push("never: the run stops before time moves"));
    await loop.runForever();
    expect(log).toEqual([0, 0, 0]);
    expect(clock.waits).toEqual([]);
    expect(loop.time()).toBe(0);
  });

  it("J8: a wait ends at exactly the next deadline: callLater(0.1), then callLater(0.2) from inside", async () => {
    const { loop, log } = setup(core);
    loop.callLater(0.1, () => {
      log.push(loop.time());
      const t = loop.time();
      loop.callLater(0.2, () => {
        log.push(loop.time());
        loop.stop();
      });
      log.push(t + 0.2);
    });
    await loop.runForever();
    expect(log[0]).toBe(0.1);
    expect(log[1]).toBe(0.1 + 0.2);
    expect(log[2]).toBe(0.1 + 0.2);
  });

  it("J8: repeated small delays accumulate exactly as time() + delay does, with no drift of their own", async () => {
    const { loop, log } = setup(core);
    let expected = 0;
    let count = 0;
    const tick = () => {
      log.push(loop.time() === expected);
      if (++count === 100) {
        loop.stop();
        return;
      }
      expected = loop.time() + 0.01;
      loop.callLater(0.01, tick);
    };
    expected = 0.01;
    loop.callLater(0.01, tick);
    await loop.runForever();
    expect(log).toEqual(Array(100).fill(true));
  });

  it.each([
    [1.1, 6.3074],
    [4.87, 14.28],
    [0.71, 10.69],
  ])(
    "J8: the clock lands exactly on deadline %d then %d, where a + (b - a) !== b in floating point",
    async (first, second) => {
      const { loop, clock, log } = setup(core);
      expect(first + (second - first)).not.toBe(second);
      loop.callAt(first, () => log.push(loop.time()));
      loop.callAt(second, () => {
        log.push(loop.time());
        loop.stop();
      });
      await loop.runForever();
      expect(log).toEqual([first, second]);
      expect(clock.waits).toEqual([first, second]);
    },
  );

  it("J8: a timer 100000 s away is reached in one jump (rule 28's one-day cap is for real waits), at exactly 100000", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(100000, () => {
      log.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([100000]);
    expect(clock.waits).toEqual([100000]);
  });

  it("J8: a timer three days away is reached in one jump", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(3 * 86400 + 5, () => {
      log.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([3 * 86400 + 5]);
    expect(clock.waits).toEqual([3 * 86400 + 5]);
  });

  it("J8: clock.advance inside a callback models time spent there; time never goes back", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(1, () => log.push(["t1", loop.time()]));
    loop.callSoon(() => {
      clock.advance(5);
      log.push(["soon", loop.time()]);
    });
    loop.callLater(3, () => {
      log.push(["t3", loop.time()]);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      ["soon", 5],
      ["t1", 5],
      ["t3", 5],
    ]);
    expect(clock.waits).toEqual([]);
  });

  it("J8: advancing the clock between runs makes timers due", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(10, () => log.push(loop.time()));
    clock.advance(20);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual([20]);
  });

  it("J8: an idle loop rejects with an error saying it would wait forever; the loop is usable afterwards", async () => {
    const { loop, log } = setup(core);
    const error = await loop.runForever().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(/would wait forever/);
    expect(loop.isRunning()).toBe(false);
    expect(loop.isClosed()).toBe(false);
    loop.callLater(2, () => {
      log.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([2]);
    const f = loop.createFuture<number>();
    loop.callSoon(() => f.setResult(1));
    await expect(loop.runUntilComplete(f)).resolves.toBe(1);
  });

  it("J8: the run goes idle after its work is done: the work ran, then the rejection", async () => {
    const { loop, log } = setup(core);
    loop.callSoon(() => log.push("a"));
    loop.callLater(5, () => log.push("b"));
    await expect(loop.runForever()).rejects.toThrow(/would wait forever/);
    expect(log).toEqual(["a", "b"]);
    expect(loop.time()).toBe(5);
  });

  it("J6/J8: a loop whose only timers are at Infinity would wait forever: the run rejects, nothing runs", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(Infinity, () => log.push("inf"));
    loop.callAt(Infinity, () => log.push("inf2"));
    await expect(loop.runForever()).rejects.toThrow(/would wait forever/);
    expect(log).toEqual([]);
    expect(clock.waits).toEqual([]);
    expect(loop.time()).toBe(0);
  });

  it("J8: runUntilComplete of a future nothing will complete rejects instead of hanging", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    await expect(loop.runUntilComplete(f)).rejects.toThrow(/would wait forever/);
    expect(loop.isRunning()).toBe(false);
    // No done callback of the failed run is left on the future: completing it schedules nothing.
    f.setResult(1);
    await expect(loop.runForever()).rejects.toThrow(/would wait forever/);
  });

  it("runUntilComplete of a promise that a host timer resolves later waits for it instead of rejecting", async () => {
    const { loop, log } = setup(core);
    const p = new Promise<string>((resolve) => setTimeout(() => resolve("late"), 20));
    loop.callLater(5, () => log.push(loop.time()));
    await expect(loop.runUntilComplete(p)).resolves.toBe("late");
    expect(log).toEqual([5]);
    expect(loop.time()).toBe(5);
  });

  it("runUntilComplete of a promise rejected later by the host rejects with its reason", async () => {
    const { loop } = setup(core);
    const err = new Error("host failure");
    const p = new Promise<string>((_, reject) => setTimeout(() => reject(err), 10));
    await expect(loop.runUntilComplete(p)).rejects.toBe(err);
  });

  it("a promise continuation pending when the loop goes idle may still schedule work", async () => {
    const { loop, log } = setup(core);
    loop.callLater(1, () => {
      log.push("timer");
      void Promise.resolve().then(() =>
        loop.callSoon(() => {
          log.push("from-continuation");
          loop.stop();
        }),
      );
    });
    await expect(loop.runForever()).resolves.toBeUndefined();
    expect(log).toEqual(["timer", "from-continuation"]);
  });

  it("host stop() while a virtual loop waits for a host promise ends the run", async () => {
    const { loop } = setup(core);
    const never = new Promise<never>(() => {});
    setTimeout(() => loop.stop(), 10);
    await expect(loop.runUntilComplete(never)).rejects.toThrow("Event loop stopped before Future completed.");
  });

  it("a promise continuation queued by a callback runs before the clock jumps to the next timer, as it would on the real clock", async () => {
    const { loop, log } = setup(core);
    loop.callLater(1, () => {
      log.push(["t1", loop.time()]);
      void Promise.resolve().then(() => {
        log.push(["continuation", loop.time()]);
        loop.callSoon(() => log.push(["scheduled-by-continuation", loop.time()]));
      });
    });
    loop.callLater(2, () => {
      log.push(["t2", loop.time()]);
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual([
      ["t1", 1],
      ["continuation", 1],
      ["scheduled-by-continuation", 1],
      ["t2", 2],
    ]);
  });

  it("an async function awaiting a future resumes before the clock jumps past the future's completion", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    loop.callLater(1, () => f.setResult(1));
    loop.callLater(2, () => log.push(["t2", loop.time()]));
    const main = async () => {
      await f;
      log.push(["resumed", loop.time()]);
    };
    await loop.runUntilComplete(main());
    // main() resolving stops the run one iteration later, at time 1: t2 is not reached.
    expect(log).toEqual([["resumed", 1]]);
    expect(loop.time()).toBe(1);
  });

  it("a promise left pending by an interrupted runUntilComplete does not stop a later idle run from failing fast", async () => {
    const { loop } = setup(core);
    const never = new Promise<never>(() => {});
    loop.callLater(1, () => loop.stop());
    await expect(loop.runUntilComplete(never)).rejects.toThrow("Event loop stopped before Future completed.");
    // Nothing can wake the loop any more: the promise's future has no done callback left.
    const outcome = await Promise.race([
      loop.runForever().then(
        () => "resolved",
        (e: unknown) => (e as Error).message,
      ),
      hostSleep(2000).then(() => "still waiting"),
    ]);
    if (outcome === "still waiting") {
      loop.stop(); // release the parked run
      await hostSleep(0);
    }
    expect(outcome).toMatch(/would wait forever/);
  });

  it("a promise of an interrupted runUntilComplete that settles during a later idle run does not leave that run hanging", async () => {
    const { loop } = setup(core);
    let resolve!: (v: string) => void;
    const pending = new Promise<string>((r) => {
      resolve = r;
    });
    loop.callLater(1, () => loop.stop());
    await expect(loop.runUntilComplete(pending)).rejects.toThrow("Event loop stopped before Future completed.");
    const run = loop.runForever().then(
      () => "resolved",
      (e: unknown) => (e as Error).message,
    );
    setTimeout(() => resolve("now settled"), 10);
    // Once the promise has settled nothing at all can wake the loop: the run must fail fast.
    const outcome = await Promise.race([run, hostSleep(2000).then(() => "still waiting")]);
    if (outcome === "still waiting") {
      loop.stop(); // release the parked run
      await run;
    }
    expect(outcome).toMatch(/would wait forever/);
  });

  it("a host stop() from a promise continuation pending when the loop starts waiting ends the run before time jumps", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(10, () => log.push("t10"));
    void Promise.resolve().then(() => loop.stop());
    await loop.runForever();
    expect(log).toEqual([]);
    expect(loop.time()).toBe(0);
    expect(clock.waits).toEqual([]);
  });

  it("a host callSoon() made while the loop waits for a virtual timer runs before time jumps", async () => {
    const { loop, log } = setup(core);
    loop.callLater(10, () => {
      log.push(["t10", loop.time()]);
      loop.stop();
    });
    void Promise.resolve().then(() => loop.callSoon(() => log.push(["host", loop.time()])));
    await loop.runForever();
    expect(log).toEqual([
      ["host", 0],
      ["t10", 10],
    ]);
  });

  it("the host turn given to an earlier idle run does not cut a later run's idle turn short", async () => {
    const { loop, log } = setup(core);
    const first = loop.runForever(); // goes idle: it is given one host turn
    loop.stop();
    await first;
    // A host callback queued now, before the next run goes idle, still counts for that run.
    setImmediate(() =>
      loop.callSoon(() => {
        log.push("from-host");
        loop.stop();
      }),
    );
    await expect(loop.runForever()).resolves.toBeUndefined();
    expect(log).toEqual(["from-host"]);
  });

  it("a host callLater() with an earlier deadline, made while the loop waits for a later virtual timer, is honoured", async () => {
    const { loop, clock, log } = setup(core);
    loop.callLater(10, () => {
      log.push(["t10", loop.time()]);
      loop.stop();
    });
    void Promise.resolve().then(() => loop.callLater(1, () => log.push(["host-t1", loop.time()])));
    await loop.runForever();
    expect(log).toEqual([
      ["host-t1", 1],
      ["t10", 10],
    ]);
    expect(clock.waits).toEqual([1, 10]);
  });
});
