/**
 * Host code talking to a running loop (J3, J9, J11, rule 9): calls from a setTimeout callback,
 * setImmediate or a promise continuation take effect at once, even while the loop waits on the
 * real clock; a busy loop still lets the host run.
 *
 * No durations are asserted: "at once" is checked by what did not happen (a far timer did not
 * run, the run did not end by itself).
 */
import { describe, expect, it } from "vitest";
import { EventLoop, RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { hostSleep, hostTurn, RecordingLogger, setup, thrown, track } from "./support.js";

describe.each(coreNames)("host wake-ups (%s core)", (core) => {
  const realLoop = () => new EventLoop({ core, logger: new RecordingLogger() });

  it("a host setTimeout calling stop() ends a run that waits for a timer 10 s away; that timer does not run", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const far = loop.callLater(10, () => log.push("far"));
    setTimeout(() => {
      log.push(["stop", loop.isRunning()]);
      loop.stop();
    }, 20);
    await loop.runForever();
    expect(log).toEqual([["stop", true]]);
    expect(loop.isRunning()).toBe(false);
    expect(far.cancelled()).toBe(false);
    far.cancel();
  });

  it("a host setTimeout calling callSoon() wakes the waiting loop", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const far = loop.callLater(10, () => log.push("far"));
    setTimeout(
      () =>
        loop.callSoon(() => {
          log.push("soon");
          loop.stop();
        }),
      20,
    );
    await loop.runForever();
    expect(log).toEqual(["soon"]);
    far.cancel();
  });

  it("a host setTimeout calling callSoonThreadsafe() wakes the waiting loop", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const far = loop.callLater(10, () => log.push("far"));
    setTimeout(
      () =>
        loop.callSoonThreadsafe(() => {
          log.push("threadsafe");
          loop.stop();
        }),
      20,
    );
    await loop.runForever();
    expect(log).toEqual(["threadsafe"]);
    far.cancel();
  });

  it("a host setTimeout calling callLater() with an earlier deadline: the loop waits for the new, earlier timer", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const far = loop.callLater(10, () => log.push("far"));
    setTimeout(() => {
      const near = loop.callLater(0.02, () => {
        log.push(["near", loop.time() >= near.when() - 1e-9]);
        loop.stop();
      });
    }, 20);
    await loop.runForever();
    expect(log).toEqual([["near", true]]);
    far.cancel();
  });

  it("a promise continuation in host code (after a host wait) calling stop() ends the run at once", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const far = loop.callLater(10, () => log.push("far"));
    void (async () => {
      await hostSleep(20);
      await Promise.resolve();
      log.push("continuation");
      loop.stop();
    })();
    await loop.runForever();
    expect(log).toEqual(["continuation"]);
    far.cancel();
  });

  it("a promise continuation calling callSoon() wakes the loop", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const far = loop.callLater(10, () => log.push("far"));
    void hostSleep(15).then(() =>
      loop.callSoon(() => {
        log.push("from-promise");
        loop.stop();
      }),
    );
    await loop.runForever();
    expect(log).toEqual(["from-promise"]);
    far.cancel();
  });

  it("host stop() then callSoon() in the same host turn: the run does one more iteration, which runs that callback", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const far = loop.callLater(10, () => log.push("far"));
    setTimeout(() => {
      loop.stop();
      loop.callSoon(() => {
        log.push("soon");
        loop.callSoon(() => log.push("next-run"));
      });
    }, 20);
    await loop.runForever();
    expect(log).toEqual(["soon"]);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["soon", "next-run"]);
    far.cancel();
  });

  it("host cancel() of the timer the loop waits for: it never runs", async () => {
    const loop = realLoop();
    const log: unknown[] = [];
    const waited = loop.callLater(0.05, () => log.push("cancelled-timer"));
    setTimeout(() => waited.cancel(), 10);
    setTimeout(() => {
      log.push("stop");
      loop.stop();
    }, 120);
    await loop.runForever();
    expect(log).toEqual(["stop"]);
  });

  it("rule 9 / J3: with nothing scheduled, runForever keeps waiting until host code calls stop()", async () => {
    const loop = realLoop();
    const run = track(loop.runForever());
    await hostSleep(50);
    expect(run.settled()).toBe(false);
    expect(loop.isRunning()).toBe(true);
    await hostTurn();
    expect(run.settled()).toBe(false);
    loop.stop();
    await run.promise;
    expect(loop.isRunning()).toBe(false);
  });

  it("rule 9: after an idle wait, a host callSoon runs, and the loop goes back to waiting", async () => {
    const loop = realLoop();
    const log: string[] = [];
    const run = track(loop.runForever());
    await hostSleep(10);
    loop.callSoon(() => log.push("one"));
    await hostSleep(10);
    expect(log).toEqual(["one"]);
    expect(run.settled()).toBe(false);
    loop.callSoon(() => {
      log.push("two");
      loop.stop();
    });
    await run.promise;
    expect(log).toEqual(["one", "two"]);
  });

  it("J11: from host code, runForever / runUntilComplete / close on a running loop throw synchronously", async () => {
    const loop = realLoop();
    const run = loop.runForever();
    await hostSleep(5);
    for (const fn of [() => loop.runForever(), () => loop.runUntilComplete(Promise.resolve(1))]) {
      const error = thrown(fn);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe("This event loop is already running");
    }
    const error = thrown(() => loop.close());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Cannot close a running event loop");
    expect(loop.isClosed()).toBe(false);
    loop.stop();
    await run;
  });

  describe("a busy loop (a callback re-scheduling itself forever) still lets the host run", () => {
    const busy = (loop: EventLoop) => {
      let spins = 0;
      const spin = () => {
        spins++;
        loop.callSoon(spin);
      };
      loop.callSoon(spin);
      return () => spins;
    };

    it("a host setTimeout can stop it", async () => {
      const loop = realLoop();
      const spins = busy(loop);
      let seen = -1;
      setTimeout(() => {
        seen = spins();
        loop.stop();
      }, 10);
      await loop.runForever();
      expect(seen).toBeGreaterThan(0);
      expect(spins()).toBeGreaterThanOrEqual(seen);
    });

    it("a host setImmediate can stop it", async () => {
      const loop = realLoop();
      const spins = busy(loop);
      setImmediate(() => loop.stop());
      await loop.runForever();
      expect(spins()).toBeGreaterThan(0);
    });

    it("host promise continuations run (a chain of them, then stop)", async () => {
      const loop = realLoop();
      busy(loop);
      const steps: number[] = [];
      void (async () => {
        for (let i = 0; i < 5; i++) {
          await hostTurn();
          steps.push(i);
        }
        loop.stop();
      })();
      await loop.runForever();
      expect(steps).toEqual([0, 1, 2, 3, 4]);
    });

    it("a promise continuation started by a callback runs while the loop keeps spinning", async () => {
      const loop = realLoop();
      const spins = busy(loop);
      loop.callSoon(() => {
        void Promise.resolve().then(() => loop.stop());
      });
      await loop.runForever();
      expect(spins()).toBeGreaterThan(0);
    });

    it("with a VirtualClock too", async () => {
      const { loop } = setup(core);
      const spins = busy(loop);
      setTimeout(() => loop.stop(), 10);
      await loop.runForever();
      expect(spins()).toBeGreaterThan(0);
      expect(loop.time()).toBe(0);
    });

    it("a busy chain of zero-delay timers too", async () => {
      const loop = realLoop();
      let ticks = 0;
      const tick = () => {
        ticks++;
        loop.callLater(0, tick);
      };
      loop.callLater(0, tick);
      setTimeout(() => loop.stop(), 10);
      await loop.runForever();
      expect(ticks).toBeGreaterThan(0);
    });
  });
});
