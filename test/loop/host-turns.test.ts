/**
 * The time slice holds everywhere: a long batch and a long series of virtual jumps give the
 * host turns (a setImmediate ticker gets to run while they last), without changing
 * asyncio's order: the batch stays one batch (rule 7, 14), a stop made by the host during
 * the pause lets the rest of the batch run, and callbacks the host schedules meanwhile wait
 * for the next iteration.
 *
 * No durations are asserted: each busy callback lasts long enough by construction that the
 * batch outlasts several slices, and the test counts the host's turns.
 */
import { describe, expect, it } from "vitest";
import { EventLoop } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { RecordingLogger, setup } from "./support.js";

/** Host turns, counted by a setImmediate ticker until it is told to stop. */
function ticker(onTurn: (turn: number) => void = () => {}) {
  let turns = 0;
  let on = true;
  const tick = () => {
    if (!on) return;
    onTurn(++turns);
    setImmediate(tick);
  };
  setImmediate(tick);
  return () => {
    on = false;
    return turns;
  };
}

/** Keeps the thread busy for `ms` of host time: a callback that costs that much. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** Enough 0.2 ms callbacks to fill 16 slices of 5 ms. */
const BUSY_CALLBACKS = 400;
const BUSY_MS = 0.2;

describe.each(coreNames)("host turns (%s core)", (core) => {
  const variants = [
    ["real clock", () => new EventLoop({ core, logger: new RecordingLogger() })],
    ["VirtualClock", () => setup(core).loop],
  ] as const;

  describe.each(variants)("%s", (_, make) => {
    it("one long batch gives the host turns, and stays one batch", async () => {
      const loop = make();
      const log: unknown[] = [];
      const turnsSeen: number[] = [];
      let turns = 0;
      const stopTicker = ticker((t) => {
        turns = t;
      });
      // The ticker's first turn comes before the run.
      await new Promise((resolve) => setImmediate(resolve));
      const before = turns;
      for (let i = 0; i < BUSY_CALLBACKS; i++) {
        loop.callSoon(() => {
          busy(BUSY_MS);
          turnsSeen.push(turns);
          // Scheduled by the batch: runs in the next iteration, after the whole batch.
          if (i === 0) loop.callSoon(() => log.push("next-iteration"));
          if (i === BUSY_CALLBACKS - 1) log.push("batch-end");
        });
      }
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      stopTicker();
      expect(log).toEqual(["batch-end"]);
      expect(turnsSeen.length).toBe(BUSY_CALLBACKS);
      expect(turnsSeen[BUSY_CALLBACKS - 1] - before).toBeGreaterThanOrEqual(2);
      // The callback scheduled by the batch is left for the next run (rule 7).
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["batch-end", "next-iteration"]);
    });

    it("a host stop() during a paused batch lets the rest of the batch run; a host callSoon meanwhile waits for the next iteration", async () => {
      const loop = make();
      const log: unknown[] = [];
      let ran = 0;
      let stoppedAfter = -1;
      const stopTicker = ticker(() => {
        if (stoppedAfter >= 0 || ran === 0) return;
        stoppedAfter = ran;
        loop.stop();
        loop.callSoon(() => log.push("host-soon"));
      });
      for (let i = 0; i < BUSY_CALLBACKS; i++) {
        loop.callSoon(() => {
          busy(BUSY_MS);
          ran++;
        });
      }
      loop.callSoon(() => log.push("batch-end"));
      loop.callLater(0, () => log.push("timer-in-next-iteration"));
      await loop.runForever();
      stopTicker();
      expect(stoppedAfter).toBeGreaterThan(0);
      expect(stoppedAfter).toBeLessThan(BUSY_CALLBACKS);
      expect(ran).toBe(BUSY_CALLBACKS);
      // The zero-delay timer was due with the batch, so it is part of it (rule 30).
      expect(log).toEqual(["batch-end", "timer-in-next-iteration"]);
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["batch-end", "timer-in-next-iteration", "host-soon"]);
    });
  });

  it("a long series of virtual jumps gives the host turns", async () => {
    const { loop } = setup(core);
    const turnsSeen: number[] = [];
    let turns = 0;
    const stopTicker = ticker((t) => {
      turns = t;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const before = turns;
    const jumps = 2000;
    for (let i = 1; i <= jumps; i++) loop.callAt(i, () => turnsSeen.push(turns));
    loop.callAt(jumps, () => loop.stop());
    await loop.runForever();
    stopTicker();
    expect(loop.time()).toBe(jumps);
    expect(turnsSeen.length).toBe(jumps);
    expect(turnsSeen[jumps - 1] - before).toBeGreaterThanOrEqual(2);
  });

  it("jumps whose callbacks are busy give the host turns as often as a busy batch does", async () => {
    const { loop } = setup(core);
    let turns = 0;
    const stopTicker = ticker((t) => {
      turns = t;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const before = turns;
    let last = 0;
    for (let i = 1; i <= BUSY_CALLBACKS; i++)
      loop.callAt(i, () => {
        busy(BUSY_MS);
        last = turns;
      });
    loop.callAt(BUSY_CALLBACKS, () => loop.stop());
    await loop.runForever();
    stopTicker();
    expect(last - before).toBeGreaterThanOrEqual(2);
  });
});
