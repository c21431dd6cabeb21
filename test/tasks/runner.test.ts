/**
 * Runner: asyncio's Runner. One loop, made by the first run() or getLoop(),
 * kept across runs; close() cancels what is left, runs it out and closes the
 * loop; asyncio's refusals, at the call.
 */
import { describe, expect, it } from "vitest";
import { EventLoop, getRunningLoop, Runner, RuntimeError, run, sleep, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

describe.each(coreNames)("Runner (%s core)", (core) => {
  const options = () => ({ core, clock: new VirtualClock(0) });

  it("keeps one loop across runs, made lazily, and closes it", async () => {
    const runner = new Runner(options());
    const loop = runner.getLoop();
    expect(loop).toBeInstanceOf(EventLoop);
    expect(runner.getLoop()).toBe(loop);
    expect(await runner.run(async () => getRunningLoop())).toBe(loop);
    expect(
      await runner.run(
        (function* () {
          yield* sleep(2);
          return getRunningLoop().time();
        })(),
      ),
    ).toBe(2);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("close() cancels the tasks left, runs them to completion, then closes the loop", async () => {
    const runner = new Runner(options());
    const log: string[] = [];
    await runner.run(async () => {
      getRunningLoop().createTask(async () => {
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
    });
    expect(log).toEqual([]);
    const loop = runner.getLoop();
    await runner.close();
    expect(log).toEqual(["cancelled", "cleaned up"]);
    expect(loop.isClosed()).toBe(true);
    await runner.close(); // a second close does nothing
  });

  it("is closed after close(): run() and getLoop() throw 'Runner is closed'", async () => {
    const runner = new Runner(options());
    await runner.run(async () => 1);
    await runner.close();
    for (const call of [() => runner.getLoop(), () => runner.run(async () => 1)]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe("Runner is closed");
    }
  });

  it("close() before a loop was made does nothing: the runner is still fresh (as asyncio's)", async () => {
    let made = 0;
    const runner = new Runner({
      loopFactory: () => {
        made++;
        return new EventLoop(options());
      },
    });
    await runner.close();
    expect(made).toBe(0);
    expect(await runner.run(async () => "ran")).toBe("ran");
    expect(made).toBe(1);
    await runner.close();
  });

  it("refuses what is not a coroutine with asyncio's words, naming Runner.run()", () => {
    const runner = new Runner(options());
    for (const value of [42, Promise.resolve(1)]) {
      const error = thrown(() => runner.run(value as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^Runner\.run\(\): a coroutine was expected, got /);
    }
  });

  it("takes a plain function (J16); one that returns no coroutine or promise fails the run", async () => {
    const runner = new Runner(options());
    await expect(runner.run((() => 1) as never)).rejects.toThrow(/a coroutine was expected, got 1/);
    await runner.close();
  });

  it("refuses to run from a running loop, at the call", async () => {
    const runner = new Runner(options());
    const { loop } = setup(core);
    let error: unknown = null;
    loop.callSoon(() => {
      error = thrown(() => runner.run(async () => 1));
    });
    await loop.runUntilComplete(sleep(0));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Runner.run() cannot be called from a running event loop");
    // Refused before anything was made.
    await runner.close();
  });

  it("a second run() while one is under way is refused, leaving no task behind", async () => {
    const runner = new Runner(options());
    const first = runner.run(async () => {
      await sleep(1);
      return "first";
    });
    const error = thrown(() => runner.run(async () => "second"));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("This event loop is already running");
    expect(await first).toBe("first");
    await runner.close();
  });

  it("close() from the runner's own running loop is refused at the call", async () => {
    const runner = new Runner(options());
    const error = await runner.run(async () => thrown(() => runner.close()));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Cannot close a running event loop");
    await runner.close();
  });

  it("loopFactory makes the loop; debug is applied to it", async () => {
    const made = new EventLoop(options());
    const runner = new Runner({ loopFactory: () => made, debug: true });
    expect(runner.getLoop()).toBe(made);
    expect(made.getDebug()).toBe(true);
    await runner.close();
    expect(made.isClosed()).toBe(true);
  });

  it("refuses bad options, naming Runner()", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ loopFactory: 1 }, /^Runner\(\) expected loopFactory to be a function, got 1$/],
      [
        { loopFactory: () => new EventLoop(), clock: new VirtualClock(0) },
        /^Runner\(\) got both loopFactory and clock/,
      ],
      [{ debug: "yes" }, /^Runner\(\) expected debug to be a boolean, got /],
      [42, /^Runner\(\) expected options to be an options object, got 42$/],
    ];
    for (const [value, message] of cases) {
      const error = thrown(() => new Runner(value as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
    }
    const runner = new Runner({ loopFactory: () => 1 as never });
    const error = thrown(() => runner.getLoop());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("Runner() expected loopFactory to return an EventLoop, got 1");
  });

  it("await using closes it (Symbol.asyncDispose); using (Symbol.dispose) closes an idle one", async () => {
    const runner = new Runner(options());
    const loop = runner.getLoop();
    await (runner as unknown as Record<symbol, () => Promise<void>>)[Symbol.asyncDispose]!();
    expect(loop.isClosed()).toBe(true);

    const idle = new Runner(options());
    const idleLoop = idle.getLoop();
    (idle as unknown as Record<symbol, () => void>)[Symbol.dispose]!();
    expect(idleLoop.isClosed()).toBe(true);
  });

  it("Symbol.dispose refuses to drop pending tasks, and leaves them for close()", async () => {
    const runner = new Runner(options());
    const log: string[] = [];
    await runner.run(async () => {
      getRunningLoop().createTask(async () => {
        try {
          await sleep(100);
        } finally {
          log.push("ran out");
        }
      });
    });
    const error = thrown(() => (runner as unknown as Record<symbol, () => void>)[Symbol.dispose]!());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(/^Runner has 1 pending task\(s\)/);
    expect(runner.getLoop().isClosed()).toBe(false);
    await runner.close();
    expect(log).toEqual(["ran out"]);
  });
});

describe.each(coreNames)("run() with loopFactory (%s core)", (core) => {
  it("runs main on the factory's loop, with debug applied, and closes it", async () => {
    const made = new EventLoop({ core, clock: new VirtualClock(0) });
    const result = await run(async () => [getRunningLoop() === made, getRunningLoop().getDebug()], {
      loopFactory: () => made,
      debug: true,
    });
    expect(result).toEqual([true, true]);
    expect(made.isClosed()).toBe(true);
  });

  it("a factory that throws does so at the call", () => {
    const error = thrown(() =>
      run(async () => 1, {
        loopFactory: () => {
          throw new SyntaxError("no loop");
        },
      }),
    );
    expect(error).toBeInstanceOf(SyntaxError);
  });
});
