/**
 * sleep, gather and shield: the parts the CPython scenarios do not reach
 * (input refused at the call, JS promises as awaitables, options).
 */
import { describe, expect, it } from "vitest";
import { CancelledError, GatheringFuture, gather, shield, sleep } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("sleep, gather, shield (%s core)", (core) => {
  it("sleep refuses a delay that is not a number (TypeError) or NaN (RangeError), at the call", () => {
    expect(() => sleep("1" as never)).toThrow(TypeError);
    expect(() => sleep(null as never)).toThrow(TypeError);
    expect(() => sleep(NaN)).toThrow(RangeError);
  });

  it("sleep(Infinity) waits until cancelled", async () => {
    const { loop } = setup(core);
    const task = loop.createTask(sleep(Infinity));
    loop.callLater(5, () => task.cancel());
    await expect(loop.runUntilComplete(task)).rejects.toThrow(CancelledError);
    expect(loop.time()).toBe(5);
  });

  it("gather takes a trailing options object, and promises as awaitables", async () => {
    const { loop } = setup(core);
    const result = await loop.runUntilComplete(async () =>
      gather(sleep(1, "a"), Promise.resolve("b"), async () => "c", { returnExceptions: true }),
    );
    expect(result).toEqual(["a", "b", "c"]);
  });

  it("gather gives a GatheringFuture; its results keep argument order and hold errors with returnExceptions", async () => {
    const { loop } = setup(core);
    const boom = new SyntaxError("boom");
    const outer = await loop.runUntilComplete(async () => {
      const g = gather(
        sleep(2, 1),
        (async () => {
          await sleep(1);
          throw boom;
        }) as () => Promise<never>,
        { returnExceptions: true },
      );
      expect(g).toBeInstanceOf(GatheringFuture);
      return await g;
    });
    expect(outer).toEqual([1, boom]);
  });

  it("gather of nothing needs a running loop and gives []", async () => {
    expect(() => gather()).toThrow("no running event loop");
    const { loop } = setup(core);
    expect(await loop.runUntilComplete(async () => await gather())).toEqual([]);
  });

  it("gather refuses a future of another loop among its arguments", () => {
    const { loop } = setup(core);
    const other = setup(core).loop;
    expect(() => gather(loop.createFuture(), other.createFuture())).toThrow(RangeError);
  });

  it("shield of a done future is that future", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(1);
    expect(shield(f)).toBe(f);
  });

  it("shield: cancelling the outer future leaves the inner one alone, and stops listening to it", async () => {
    const { loop } = setup(core);
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    outer.cancel();
    loop.callSoon(() => inner.setResult(3));
    await loop.runUntilComplete(sleep(1));
    expect(outer.cancelled()).toBe(true);
    expect(inner.result()).toBe(3);
  });
});
