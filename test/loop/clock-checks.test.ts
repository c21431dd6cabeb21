/**
 * The loop checks its clock: a reading that is not a finite number fails the run (its
 * promise rejects, naming the clock and what it returned) instead of becoming a deadline
 * that no timer gets past; callLater and time() refuse it at the call and change nothing.
 * VirtualClock.advanceTo validates like advance and never goes back.
 */
import { describe, expect, it } from "vitest";
import type { Clock } from "../../host/index.js";
import { EventLoop, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { hostSleep, RecordingLogger, thrown } from "./support.js";

/** A clock that reads `time`, except that the readings listed in `bad` (by index) return `value`. */
class FaultyClock implements Clock {
  time = 0;
  reads = 0;
  constructor(
    private readonly bad: (read: number) => boolean,
    private readonly value: unknown,
  ) {}

  now(): number {
    const read = this.reads++;
    return (this.bad(read) ? this.value : this.time) as number;
  }
}

/** Settles to the run's outcome, or "still running" if it has not ended after a while (a hang). */
async function outcome(loop: EventLoop, run: Promise<unknown>): Promise<unknown> {
  const ended = await Promise.race([
    run.then(
      () => "resolved",
      (error: unknown) => error,
    ),
    hostSleep(1000).then(() => "still running"),
  ]);
  if (ended === "still running") {
    loop.stop();
    await run.catch(() => {});
  }
  return ended;
}

describe.each(coreNames)("clock checks (%s core)", (core) => {
  const make = (clock: Clock) => new EventLoop({ core, clock, logger: new RecordingLogger() });

  it.each([
    ["NaN", NaN, RangeError, /returned NaN/],
    ["Infinity", Infinity, RangeError, /returned Infinity/],
    ["-Infinity", -Infinity, RangeError, /returned -Infinity/],
    ["a string", "5", TypeError, /returned '5'/],
    ["undefined", undefined, TypeError, /returned undefined/],
    ["a BigInt", 5n, TypeError, /returned 5n/],
  ])(
    "a clock whose now() returns %s while timers are pending fails the run, naming the clock",
    async (_, value, type, what) => {
      let broken = false;
      const clock = new FaultyClock(() => broken, value);
      const loop = make(clock);
      const log: unknown[] = [];
      loop.callLater(1, () => log.push("t1"));
      loop.callSoon(() => {
        broken = true;
        log.push("soon");
      });
      const error = await outcome(loop, loop.runForever());
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(what);
      expect((error as Error).message).toMatch(/FaultyClock/);
      expect((error as Error).message).toMatch(/finite number of seconds/);
      expect(log).toEqual(["soon"]);
      expect(loop.isRunning()).toBe(false);
      // The heap is intact: with the clock mended, the timer fires when it is due.
      broken = false;
      clock.time = 2;
      loop.callLater(1, () => {
        log.push("t3");
        loop.stop();
      });
      clock.time = 3;
      await loop.runForever();
      expect(log).toEqual(["soon", "t1", "t3"]);
    },
  );

  it("one NaN reading in a run of a VirtualClock subclass fails the run instead of spinning", async () => {
    class Glitchy extends VirtualClock {
      glitch = false;
      override now(): number {
        return this.glitch ? NaN : super.now();
      }
    }
    const clock = new Glitchy(0);
    const loop = make(clock);
    const log: unknown[] = [];
    loop.callLater(1, () => {
      clock.glitch = true;
      log.push(1);
    });
    loop.callLater(2, () => log.push(2));
    const error = await outcome(loop, loop.runForever());
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/Glitchy.*returned NaN/);
    expect(log).toEqual([1]);
  });

  it("callLater refuses a non-finite reading of the clock and schedules nothing", async () => {
    let broken = true;
    const clock = new FaultyClock(() => broken, NaN);
    const loop = make(clock);
    const log: unknown[] = [];
    const error = thrown(() => loop.callLater(1, () => log.push("never")));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^callLater\(\).*FaultyClock.*returned NaN/);
    broken = false;
    loop.callLater(1, () => {
      log.push("t1");
      loop.stop();
    });
    clock.time = 5;
    await loop.runForever();
    expect(log).toEqual(["t1"]);
  });

  it("callLater refuses a clock reading of the wrong type", () => {
    const loop = make(new FaultyClock(() => true, "1"));
    const error = thrown(() => loop.callLater(1, () => {}));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^callLater\(\).*returned '1'/);
  });

  it("time() refuses a non-finite reading", () => {
    const loop = make(new FaultyClock(() => true, NaN));
    const error = thrown(() => loop.time());
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^time\(\).*returned NaN/);
  });

  it("debug mode: a bad reading taken to time a callback fails the run once the batch is over", async () => {
    let broken = false;
    const clock = new FaultyClock(() => broken, NaN);
    const loop = new EventLoop({ core, clock, logger: new RecordingLogger(), debug: true });
    const log: unknown[] = [];
    loop.callSoon(() => {
      broken = true;
      log.push("a");
    });
    loop.callSoon(() => log.push("b"));
    loop.callSoon(() => loop.callSoon(() => log.push("next iteration")));
    const error = await outcome(loop, loop.runForever());
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/returned NaN/);
    expect(log).toEqual(["a", "b"]);
  });
});

describe("VirtualClock.advanceTo", () => {
  it.each([
    ["a string", "1"],
    ["a boolean", true],
    ["a BigInt", 1n],
    ["undefined", undefined],
    ["null", null],
  ])("refuses %s with a TypeError and leaves the time alone", (_, when) => {
    const clock = new VirtualClock(3);
    const error = thrown(() => clock.advanceTo(when as unknown as number));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^advanceTo\(\) expected/);
    expect(clock.now()).toBe(3);
  });

  it.each([NaN, Infinity, -Infinity])("refuses %s with a RangeError and leaves the time alone", (when) => {
    const clock = new VirtualClock(3);
    const error = thrown(() => clock.advanceTo(when));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^advanceTo\(\) expected/);
    expect(clock.now()).toBe(3);
  });

  it("refuses to go back with a RangeError; the same time is fine", () => {
    const clock = new VirtualClock(3);
    const error = thrown(() => clock.advanceTo(2));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^advanceTo\(\).*2.*3/);
    expect(clock.now()).toBe(3);
    clock.advanceTo(3);
    expect(clock.now()).toBe(3);
    clock.advanceTo(4.5);
    expect(clock.now()).toBe(4.5);
  });

  it("a timer after advanceTo fires at a number, not at a string", async () => {
    const clock = new VirtualClock(0);
    expect(() => clock.advanceTo("1" as unknown as number)).toThrow(TypeError);
    const loop = new EventLoop({ clock, logger: new RecordingLogger() });
    let at: unknown;
    loop.callLater(0.5, () => {
      at = loop.time();
      loop.stop();
    });
    await loop.runForever();
    expect(at).toBe(0.5);
  });

  it("advance() refuses a step that would take the time past the largest finite number", () => {
    const clock = new VirtualClock(Number.MAX_VALUE);
    expect(() => clock.advance(Number.MAX_VALUE)).toThrow(RangeError);
    expect(clock.now()).toBe(Number.MAX_VALUE);
  });
});
