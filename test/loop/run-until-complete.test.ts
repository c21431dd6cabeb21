/**
 * runUntilComplete (rules 60-64, J3, J11).
 */
import { describe, expect, it } from "vitest";
import { CancelledError, EventLoop, RuntimeError, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "./support.js";

const STOPPED = "Event loop stopped before Future completed.";

describe.each(coreNames)("runUntilComplete (%s core)", (core) => {
  it("returns a promise of the future's result; the loop is not running afterwards", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<{ v: number }>();
    const value = { v: 1 };
    loop.callLater(3, () => f.setResult(value));
    const run = loop.runUntilComplete(f);
    expect(run).toBeInstanceOf(Promise);
    await expect(run).resolves.toBe(value);
    expect(loop.isRunning()).toBe(false);
    expect(loop.time()).toBe(3);
  });

  it("rule 62: a future finished with an exception: the run rejects with that very exception", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    const err = new RangeError("r");
    loop.callSoon(() => f.setException(err));
    await expect(loop.runUntilComplete(f)).rejects.toBe(err);
    expect(loop.isRunning()).toBe(false);
  });

  it("rule 62: a cancelled future: the run rejects with CancelledError carrying the message", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    loop.callSoon(() => f.cancel("why"));
    const error = await loop.runUntilComplete(f).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("why");
  });

  it("rule 63: an already-done future: one batch, which runs everything already queued (ready and due)", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<string>();
    f.setResult("done");
    loop.callSoon(() => {
      log.push("a");
      loop.callSoon(() => log.push("a.child"));
    });
    loop.callLater(0, () => log.push("due"));
    loop.callLater(1, () => log.push("not-due"));
    await expect(loop.runUntilComplete(f)).resolves.toBe("done");
    expect(log).toEqual(["a", "due"]);
    expect(loop.time()).toBe(0);
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["a", "due", "a.child", "not-due"]);
  });

  it("rule 63: already done with an exception: rejects after the one batch", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture();
    const err = new Error("e");
    f.setException(err);
    loop.callSoon(() => log.push("a"));
    await expect(loop.runUntilComplete(f)).rejects.toBe(err);
    expect(log).toEqual(["a"]);
  });

  it("rule 63: the run stops at the end of the iteration after the one that completed the future; that batch runs whole", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    loop.callSoon(() => {
      log.push("setter");
      f.setResult(1);
      loop.callSoon(() => {
        log.push("next-batch");
        loop.callSoon(() => log.push("too-late"));
      });
    });
    loop.callSoon(() => {
      log.push("same-batch");
      loop.callSoon(() => log.push("next-batch-2"));
    });
    await expect(loop.runUntilComplete(f)).resolves.toBe(1);
    expect(log).toEqual(["setter", "same-batch", "next-batch", "next-batch-2"]);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["setter", "same-batch", "next-batch", "next-batch-2", "too-late"]);
  });

  it("rule 63: the future's own done callbacks registered earlier run before the stop", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    f.addDoneCallback(() => log.push("earlier-cb"));
    loop.callLater(2, () => f.setResult(2));
    await loop.runUntilComplete(f);
    expect(log).toEqual(["earlier-cb"]);
  });

  it("rule 62: stopped before the future completes: RuntimeError 'Event loop stopped before Future completed.'", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    loop.callLater(1, () => {
      log.push("stopper");
      loop.stop();
    });
    loop.callLater(5, () => f.setResult(5));
    const error = await loop.runUntilComplete(f).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe(STOPPED);
    expect(loop.isRunning()).toBe(false);
    expect(f.done()).toBe(false);
    expect(loop.time()).toBe(1);
    // Running again completes it.
    await expect(loop.runUntilComplete(f)).resolves.toBe(5);
    expect(loop.time()).toBe(5);
  });

  it("rule 62: the done callback is removed when the run ends: completing the future later does not stop a later run", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(f)).rejects.toThrow(STOPPED);
    f.setResult(1); // nothing of runUntilComplete's is left to be scheduled
    loop.callSoon(() => log.push("a"));
    loop.callSoon(() => loop.callSoon(() => log.push("b")));
    loop.callLater(1, () => {
      log.push("t");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["a", "b", "t"]);
  });

  it("rule 62: the same for a promise that is still pending when the run is stopped", async () => {
    const { loop } = setup(core);
    let resolve!: (v: string) => void;
    const p = new Promise<string>((r) => {
      resolve = r;
    });
    loop.callLater(1, () => loop.stop());
    await expect(loop.runUntilComplete(p)).rejects.toThrow(STOPPED);
    resolve("late");
  });

  it("rule 64: the future completes in the batch that also calls stop(): normal return, and the next run ends after its first batch", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<string>();
    loop.callSoon(() => f.setResult("r"));
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(f)).resolves.toBe("r");
    // The scheduled stop callback is still queued: the next run stops after one batch.
    loop.callSoon(() => {
      log.push("first-batch");
      loop.callSoon(() => log.push("second-batch"));
    });
    loop.callLater(10, () => {
      log.push("timer");
      loop.stop();
    });
    await loop.runForever();
    expect(log).toEqual(["first-batch"]);
    expect(loop.time()).toBe(0);
    await loop.runForever();
    expect(log).toEqual(["first-batch", "second-batch", "timer"]);
  });

  it("promises: resolved, rejected, resolved later by a callback, and thenables", async () => {
    const { loop } = setup(core);
    await expect(loop.runUntilComplete(Promise.resolve("now"))).resolves.toBe("now");
    const err = new Error("no");
    await expect(loop.runUntilComplete(Promise.reject(err))).rejects.toBe(err);
    let resolve!: (v: number) => void;
    const later = new Promise<number>((r) => {
      resolve = r;
    });
    loop.callLater(4, () => resolve(4));
    await expect(loop.runUntilComplete(later)).resolves.toBe(4);
    expect(loop.time()).toBe(4);
    // A minimal thenable: then() calls back and returns nothing useful.
    const thenable: PromiseLike<string> = {
      then(onFulfilled) {
        onFulfilled?.("thenable");
        return undefined as never;
      },
    };
    await expect(loop.runUntilComplete(thenable)).resolves.toBe("thenable");
  });

  it("an async function's promise that awaits the loop's futures", async () => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    const g = loop.createFuture<number>();
    loop.callLater(1, () => f.setResult(1));
    loop.callLater(2, () => g.setResult(2));
    const main = async () => {
      const a = await f;
      log.push(["a", a]);
      const b = await g;
      log.push(["b", b]);
      return a + b;
    };
    await expect(loop.runUntilComplete(main())).resolves.toBe(3);
    expect(log).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
  });

  it("rule 60: a future of another loop: RangeError with asyncio's message, even when it is done", () => {
    const { loop } = setup(core);
    const other = new EventLoop({ clock: new VirtualClock(0), core });
    const f = other.createFuture<number>();
    f.setResult(1);
    const error = thrown(() => loop.runUntilComplete(f));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(
      "The future belongs to a different loop than the one specified as the loop argument",
    );
    expect(loop.isRunning()).toBe(false);
  });

  it("rule 60: a non-awaitable: TypeError, thrown synchronously", () => {
    const { loop } = setup(core);
    expect(() => (loop.runUntilComplete as Function)(42)).toThrow(TypeError);
    expect(loop.isRunning()).toBe(false);
  });

  it("the same future can be run to completion by successive calls", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    loop.callLater(1, () => f.setResult(9));
    await expect(loop.runUntilComplete(f)).resolves.toBe(9);
    await expect(loop.runUntilComplete(f)).resolves.toBe(9);
  });
});
