/**
 * Futures of a closed loop (rules 44, 77).
 */
import { describe, expect, it } from "vitest";
import { Future, RuntimeError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

function expectClosed(fn: () => unknown): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(RuntimeError);
  expect((error as Error).message).toBe("Event loop is closed");
}

describe.each(coreNames)("futures of a closed loop (%s core)", (core) => {
  it("rule 77: createFuture does not check whether the loop is closed", () => {
    const { loop } = setup(core);
    loop.close();
    const f = loop.createFuture();
    expect(f).toBeInstanceOf(Future);
    expect(f.done()).toBe(false);
  });

  it("rule 44: with no done callbacks, a future of a closed loop can be completed in every way", () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    const g = loop.createFuture<number>();
    loop.close();
    const h = loop.createFuture<number>();
    f.setResult(1);
    g.setException(new Error("e"));
    expect(h.cancel()).toBe(true);
    expect(f.result()).toBe(1);
    expect((g.exception() as Error).message).toBe("e");
    expect(h.cancelled()).toBe(true);
  });

  it("rule 44: with done callbacks, setResult first finishes the future, then throws 'Event loop is closed'", () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    f.addDoneCallback(() => {});
    loop.close();
    expectClosed(() => f.setResult(5));
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(5);
  });

  it("rule 44: the same for setException and cancel", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    const g = loop.createFuture();
    f.addDoneCallback(() => {});
    g.addDoneCallback(() => {});
    loop.close();
    const err = new Error("e");
    expectClosed(() => f.setException(err));
    expect(f.exception()).toBe(err);
    expectClosed(() => g.cancel());
    expect(g.cancelled()).toBe(true);
  });

  it("rule 74: adding a done callback to a done future of a closed loop throws 'Event loop is closed'", () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(1);
    loop.close();
    expectClosed(() => f.addDoneCallback(() => {}));
    // Pending futures still accept registrations (nothing is scheduled yet).
    const g = loop.createFuture();
    expect(() => g.addDoneCallback(() => {})).not.toThrow();
  });

  it("J13: awaiting a done future of a closed loop still works (no scheduling involved)", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<string>();
    f.setResult("ok");
    loop.close();
    await expect((async () => await f)()).resolves.toBe("ok");
  });
});
