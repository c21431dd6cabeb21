/**
 * Debug mode's slow-callback warning for a task's step names the Task, as
 * asyncio's `_format_handle` does, not the step callback. CPython 3.13 logs
 * `Executing <Task finished name='s' coro=<slow() done, defined at s.py:3>
 * result=5 created at s.py:7> took 0.152 seconds` for the first case below.
 */
import { describe, expect, it } from "vitest";
import { coreNames } from "../helpers/cores.js";
import { setup } from "./support.js";

describe.each(coreNames)("slow task steps in debug mode (%s core)", (core) => {
  it("a generator task's slow step is logged as the Task", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    function* slow(): Generator<unknown, number, unknown> {
      clock.advance(0.15);
      return 5;
    }
    const task = loop.createTask(slow, { name: "s" });
    await loop.runUntilComplete(task);
    expect(logger.warnings).toEqual([["Executing <Task finished name='s' coro=<slow()> result=5> took 0.150 seconds"]]);
  });

  it("an async task's slow step, resumed after a wait, is logged as the Task", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    const f = loop.createFuture<number>();
    async function waits(): Promise<number> {
      const value = await f;
      clock.advance(0.25);
      return value + 1;
    }
    const task = loop.createTask(waits, { name: "w" });
    loop.callSoon(() => f.setResult(1));
    expect(await loop.runUntilComplete(task)).toBe(2);
    expect(logger.warnings).toEqual([
      ["Executing <Task finished name='w' coro=<waits()> result=2> took 0.250 seconds"],
    ]);
  });

  it("other callbacks are still logged as their handles", async () => {
    const { loop, clock, logger } = setup(core, { debug: true });
    loop.callSoon(function slowCallback() {
      clock.advance(0.2);
    });
    await loop.runUntilComplete(
      loop.createTask(function* () {
        yield;
      }),
    );
    expect(logger.warnings).toEqual([["Executing <Handle slowCallback()> took 0.200 seconds"]]);
  });
});
