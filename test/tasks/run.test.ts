/**
 * run(main, options): asyncio.run. A new loop runs main as a task; the tasks
 * left are cancelled and waited for; the loop is closed; main's result (or
 * failure) is what run() gives.
 */
import { describe, expect, it } from "vitest";
import { type EventLoop, getRunningLoop, RuntimeError, run, sleep, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { setup, thrown } from "../loop/support.js";

describe.each(coreNames)("run() (%s core)", (core) => {
  it("gives main's result and closes its loop", async () => {
    let loop: EventLoop | null = null;
    const result = await run(
      async () => {
        loop = getRunningLoop();
        await sleep(1);
        return "main";
      },
      { core, clock: new VirtualClock(0) },
    );
    expect(result).toBe("main");
    expect(loop!.isClosed()).toBe(true);
    expect(loop!.time()).toBe(1);
  });

  it("accepts a generator coroutine", async () => {
    const result = await run(
      (function* () {
        yield* sleep(2);
        return 2;
      })(),
      { core, clock: new VirtualClock(0) },
    );
    expect(result).toBe(2);
  });

  it("cancels the tasks left behind and lets them finish before closing", async () => {
    const log: unknown[] = [];
    await run(
      async () => {
        const loop = getRunningLoop();
        loop.createTask(async () => {
          try {
            await sleep(100);
          } catch (error) {
            log.push("cancelled");
            await sleep(1);
            log.push("cleaned up");
            throw error;
          }
        });
        await sleep(0);
      },
      { core, clock: new VirtualClock(0) },
    );
    expect(log).toEqual(["cancelled", "cleaned up"]);
  });

  it("reports a task left behind that fails while being cancelled", async () => {
    expectLoopErrors();
    const contexts: Array<Record<string, unknown>> = [];
    await run(
      async () => {
        const loop = getRunningLoop();
        loop.setExceptionHandler((_loop, context) => void contexts.push(context));
        loop.createTask(async () => {
          try {
            await sleep(100);
          } catch {
            throw new SyntaxError("cleanup failed");
          }
        });
        await sleep(0);
      },
      { core, clock: new VirtualClock(0) },
    );
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.message).toBe("unhandled exception during run() shutdown");
    expect(contexts[0]!.exception).toBeInstanceOf(SyntaxError);
  });

  it("rejects with main's failure, and still closes the loop", async () => {
    let loop: EventLoop | null = null;
    await expect(
      run(
        async () => {
          loop = getRunningLoop();
          throw new TypeError("main failed");
        },
        { core, clock: new VirtualClock(0) },
      ),
    ).rejects.toThrow("main failed");
    expect(loop!.isClosed()).toBe(true);
  });

  it("passes debug to the new loop", async () => {
    expect(await run(async () => getRunningLoop().getDebug(), { core, debug: true })).toBe(true);
    expect(await run(async () => getRunningLoop().getDebug(), { core })).toBe(false);
  });

  it("refuses to start from a running loop, and refuses what is not a coroutine, both at the call", async () => {
    const { loop } = setup(core);
    let error: unknown;
    loop.callSoon(() => {
      error = thrown(() => run(async () => {}));
    });
    await loop.runUntilComplete(sleep(0));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("run() cannot be called from a running event loop");
    expect(() => run(42 as never)).toThrow(TypeError);
    // A plain function is called at the first step (J16): one returning no coroutine fails the run.
    await expect(run((() => 1) as never, { clock: new VirtualClock(0) })).rejects.toThrow(TypeError);
  });
});
