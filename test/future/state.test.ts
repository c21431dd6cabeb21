/**
 * Future states and results (rules 68-72, J7).
 */
import { describe, expect, it } from "vitest";
import { CancelledError, Future, InvalidStateError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

function expectInvalidState(fn: () => unknown, message: string): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InvalidStateError);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe(message);
}

describe.each(coreNames)("Future state (%s core)", (core) => {
  it("createFuture returns a pending Future of this loop", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expect(f).toBeInstanceOf(Future);
    expect(f.getLoop()).toBe(loop);
    expect(f.done()).toBe(false);
    expect(f.cancelled()).toBe(false);
    expect(new Future(loop).getLoop()).toBe(loop);
  });

  it("rule 71: a pending future has no result and no exception yet", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expectInvalidState(() => f.result(), "Result is not set.");
    expectInvalidState(() => f.exception(), "Exception is not set.");
    expect(f.done()).toBe(false);
  });

  it("rule 68/71: setResult finishes the future: result() returns it, exception() is null", () => {
    const { loop } = setup(core);
    const value = { v: 1 };
    const f = loop.createFuture<typeof value>();
    f.setResult(value);
    expect(f.done()).toBe(true);
    expect(f.cancelled()).toBe(false);
    expect(f.result()).toBe(value);
    expect(f.exception()).toBe(null);
  });

  it("rule 71: undefined and null are results like any other", () => {
    const { loop } = setup(core);
    const f = loop.createFuture<undefined>();
    f.setResult(undefined);
    expect(f.done()).toBe(true);
    expect(f.result()).toBeUndefined();
    expect(f.exception()).toBe(null);
    const g = loop.createFuture<null>();
    g.setResult(null);
    expect(g.result()).toBe(null);
  });

  it("rule 71: setException: result() throws that very exception, exception() returns it", () => {
    const { loop } = setup(core);
    const err = new TypeError("t");
    const f = loop.createFuture();
    f.setException(err);
    expect(f.done()).toBe(true);
    expect(f.cancelled()).toBe(false);
    expect(thrown(() => f.result())).toBe(err);
    expect(thrown(() => f.result())).toBe(err);
    expect(f.exception()).toBe(err);
  });

  it("J5: any thrown value can be a future's exception", () => {
    const { loop } = setup(core);
    for (const value of [42, "str", { code: 1 }]) {
      const f = loop.createFuture();
      f.setException(value);
      expect(thrown(() => f.result())).toBe(value);
      expect(f.exception()).toBe(value);
    }
  });

  it("rule 70: an Error class given to setException is instantiated", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    f.setException(RangeError);
    const e = f.exception();
    expect(e).toBeInstanceOf(RangeError);
    expect(thrown(() => f.result())).toBe(e);
    class MyError extends Error {}
    const g = loop.createFuture();
    g.setException(MyError);
    expect(g.exception()).toBeInstanceOf(MyError);
  });

  it("rule 69: a done future refuses setResult and setException with InvalidStateError('invalid state')", () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(1);
    expectInvalidState(() => f.setResult(2), "invalid state");
    expectInvalidState(() => f.setException(new Error("x")), "invalid state");
    expect(f.result()).toBe(1);

    const g = loop.createFuture<number>();
    const err = new Error("first");
    g.setException(err);
    expectInvalidState(() => g.setException(new Error("second")), "invalid state");
    expectInvalidState(() => g.setResult(3), "invalid state");
    expect(g.exception()).toBe(err);

    const h = loop.createFuture<number>();
    h.cancel();
    expectInvalidState(() => h.setResult(1), "invalid state");
    expectInvalidState(() => h.setException(new Error("x")), "invalid state");
    expect(h.cancelled()).toBe(true);
  });

  it("rule 72: cancel() of a pending future returns true and cancels it; then result()/exception() throw CancelledError", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expect(f.cancel()).toBe(true);
    expect(f.done()).toBe(true);
    expect(f.cancelled()).toBe(true);
    const r = thrown(() => f.result());
    expect(r).toBeInstanceOf(CancelledError);
    expect((r as Error).message).toBe("");
    expect(thrown(() => f.exception())).toBeInstanceOf(CancelledError);
  });

  it("rule 71/72: the cancel message travels with the CancelledError", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expect(f.cancel("shutting down")).toBe(true);
    expect((thrown(() => f.result()) as Error).message).toBe("shutting down");
    expect((thrown(() => f.exception()) as Error).message).toBe("shutting down");
  });

  it("rule 72: cancel() of a done future returns false and changes nothing", () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(1);
    expect(f.cancel()).toBe(false);
    expect(f.cancelled()).toBe(false);
    expect(f.result()).toBe(1);
    const g = loop.createFuture();
    g.cancel("first");
    expect(g.cancel("second")).toBe(false);
    expect((thrown(() => g.result()) as Error).message).toBe("first");
  });

  it("toString: asyncio's renderings", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expect(String(f)).toBe("<Future pending>");
    f.setResult(1);
    expect(String(f)).toBe("<Future finished result=1>");
    const g = loop.createFuture();
    g.setException(new Error("x"));
    expect(String(g)).toBe("<Future finished exception=Error('x')>");
    const h = loop.createFuture();
    h.cancel();
    expect(String(h)).toBe("<Future cancelled>");
    const s = loop.createFuture();
    s.setResult("str");
    expect(String(s)).toBe("<Future finished result='str'>");
  });

  it("state changes need no running loop and are visible at once", () => {
    const { loop } = setup(core);
    const f = loop.createFuture<number>();
    expect(loop.isRunning()).toBe(false);
    f.setResult(3);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(3);
  });
});
