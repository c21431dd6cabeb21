/**
 * Awaiting a Future (rule 76, J13): a Future is a thenable. A done one settles without the loop;
 * a pending one settles through a done callback, i.e. only when the loop runs.
 */
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { hostTurn, setup, track } from "../loop/support.js";

describe.each(coreNames)("awaiting a Future (%s core)", (core) => {
  it("J13: a done future settles an await without the loop running", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<string>();
    f.setResult("v");
    await expect((async () => await f)()).resolves.toBe("v");
    const g = loop.createFuture();
    const err = new Error("e");
    g.setException(err);
    await expect((async () => await g)()).rejects.toBe(err);
    const h = loop.createFuture();
    h.cancel("c");
    const e = await (async () => await h)().then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).message).toBe("c");
    expect(loop.isRunning()).toBe(false);
  });

  it("rule 76: a pending future completed while the loop is idle settles only once the loop runs", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    const awaited = track((async () => await f)());
    await hostTurn(); // the await has subscribed to the pending future
    expect(awaited.settled()).toBe(false);
    f.setResult(1);
    await hostTurn();
    await hostTurn();
    expect(awaited.settled()).toBe(false);
    loop.stop();
    await loop.runForever();
    await expect(awaited.promise).resolves.toBe(1);
  });

  it("rule 76: the awaited exception and cancellation come through", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    const g = loop.createFuture();
    const err = new SyntaxError("s");
    // Outcomes are captured up front: the awaits may settle while the loop runs.
    const a = (async () => await f)().then(
      () => null,
      (x: unknown) => x,
    );
    const b = (async () => await g)().then(
      () => null,
      (x: unknown) => x,
    );
    await hostTurn(); // both awaits are subscribed to the pending futures
    loop.callSoon(() => {
      f.setException(err);
      g.cancel("gone");
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(await a).toBe(err);
    const e = await b;
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).message).toBe("gone");
  });

  it("then() returns a promise and follows the promise contract", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(2);
    const p = f.then((v) => v * 10);
    expect(p).toBeInstanceOf(Promise);
    await expect(p).resolves.toBe(20);
    await expect(f.then()).resolves.toBe(2);
    await expect(f.then(null, () => "unused")).resolves.toBe(2);
    const g = loop.createFuture<number>();
    g.setException(new Error("x"));
    await expect(g.then(undefined, (e) => `caught ${(e as Error).message}`)).resolves.toBe("caught x");
  });

  it("then() handlers that are not functions are ignored, as for promises", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(3);
    await expect(f.then(42 as never, "x" as never)).resolves.toBe(3);
  });

  it("several awaiters of one future all resume, with the same value", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<object>();
    const value = {};
    const waiters = [1, 2, 3].map(() => (async () => await f)());
    await hostTurn();
    loop.callLater(2, () => f.setResult(value));
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    const results = await Promise.all(waiters);
    for (const r of results) expect(r).toBe(value);
  });
});
