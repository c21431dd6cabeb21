/**
 * A future whose exception nobody retrieved is reported to its loop's
 * exception handler when it is garbage-collected, as asyncio's
 * Future.__del__ reports it (J18): `Future exception was never retrieved`
 * (`Task ...` for a task), with the exception and the future's description.
 * A future whose exception was read is not reported.
 *
 * The collector is started by hand (gc, exposed through V8's flags) and the
 * registry's callbacks run in host turns after it: each test collects and
 * waits a few turns, until the report came or a generous bound of tries.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "../../host/index.js";
import { EventLoop, RuntimeError, Task } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { hostTurn, SpyClock } from "../loop/support.js";

/** The collector, exposed once for this worker (the flag only lets a new context see `gc`). */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

const TRIES = 20;

/** Collects and waits host turns until `done()` or TRIES rounds. */
async function collectUntil(done: () => boolean): Promise<void> {
  const gc = collector();
  for (let round = 0; round < TRIES && !done(); round++) {
    gc();
    await hostTurn();
  }
}

function loopWithHandler(core: (typeof coreNames)[number]): { loop: EventLoop; contexts: ExceptionContext[] } {
  const loop = new EventLoop({ clock: new SpyClock(0), core });
  const contexts: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    contexts.push(context);
  });
  return { loop, contexts };
}

describe.each(coreNames)("exceptions never retrieved, reported at collection (%s core)", (core) => {
  it("a future: message, exception and its description reach the handler", async () => {
    const { loop, contexts } = loopWithHandler(core);
    const error = new RuntimeError("lost");
    (() => {
      loop.createFuture().setException(error);
    })();
    await collectUntil(() => contexts.length > 0);
    expect(contexts).toEqual([
      {
        message: "Future exception was never retrieved",
        exception: error,
        future: "<Future finished exception=RuntimeError('lost')>",
      },
    ]);
  });

  it("a future with done callbacks that did not read it: described without them, as once they ran", async () => {
    const { loop, contexts } = loopWithHandler(core);
    const error = new RuntimeError("unread");
    await (async () => {
      const f = loop.createFuture();
      f.addDoneCallback(function ignores() {});
      f.setException(error);
      await loop.runUntilComplete(
        loop.createTask(function* () {
          yield;
        }),
      );
    })();
    await collectUntil(() => contexts.length > 0);
    expect(contexts.map((context) => context.future)).toEqual(["<Future finished exception=RuntimeError('unread')>"]);
  });

  it("in debug mode the report says where the future was made (source_traceback)", async () => {
    const loop = new EventLoop({ clock: new SpyClock(0), core, debug: true });
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_loop, context) => {
      contexts.push(context);
    });
    (function makesTheFuture() {
      loop.createFuture().setException(new RuntimeError("lost"));
    })();
    await collectUntil(() => contexts.length > 0);
    expect(contexts).toHaveLength(1);
    expect(Object.keys(contexts[0]).sort()).toEqual(["exception", "future", "message", "source_traceback"]);
    expect(contexts[0].source_traceback).toMatch(/makesTheFuture .*unretrieved-gc\.test\.ts/);
  });

  it("a task that failed: 'Task exception was never retrieved', its description with its name", async () => {
    const { loop, contexts } = loopWithHandler(core);
    const error = new RuntimeError();
    await (async () => {
      function* fails(): Generator<never, never, unknown> {
        throw error;
      }
      // Made directly: the test guard keeps the tasks createTask makes until the test ends.
      const task = new Task(loop, fails, { name: "lost" });
      await loop.runUntilComplete(
        loop.createTask(function* () {
          yield;
        }),
      );
      expect(task.done()).toBe(true);
    })();
    await collectUntil(() => contexts.length > 0);
    expect(contexts).toEqual([
      {
        message: "Task exception was never retrieved",
        exception: error,
        future: "<Task finished name='lost' coro=<fails()> exception=RuntimeError()>",
      },
    ]);
  });

  it("a future whose exception was read, or that was awaited, is not reported", async () => {
    const { loop, contexts } = loopWithHandler(core);
    const marker = new RuntimeError("marker");
    await (async () => {
      const read = loop.createFuture();
      read.setException(new RuntimeError("read"));
      read.exception();
      const awaited = loop.createFuture();
      awaited.setException(new RuntimeError("awaited"));
      await expect(loop.runUntilComplete(awaited)).rejects.toThrow("awaited");
      // The one report that must come, so that the test knows the collector ran.
      loop.createFuture().setException(marker);
    })();
    await collectUntil(() => contexts.length > 0);
    for (let round = 0; round < 3; round++) await collectUntil(() => false);
    expect(contexts.map((context) => context.exception)).toEqual([marker]);
  });
});
