/**
 * Values that cannot be inspected (a Proxy whose traps throw, a revoked
 * Proxy) given to a Future: its checks answer for them instead of throwing
 * the trap's error, and its repr describes them (J6, rule 70).
 */
import { describe, expect, it } from "vitest";
import { Future, Task } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

class Trap extends Error {}

const trap = () => {
  throw new Trap("a trap");
};

describe.each(coreNames)("a Future given values that cannot be inspected (%s core)", (core) => {
  it("setException() keeps a callable Proxy whose traps throw as the exception itself", async () => {
    const { loop, log } = setup(core);
    const future = loop.createFuture();
    const odd = new Proxy(function odd() {}, { get: trap, getPrototypeOf: trap });
    future.setException(odd);
    expect(future.exception() === odd).toBe(true);
    expect(String(future)).toMatch(/^<Future finished exception=/);
    future.addDoneCallback(() => log.push("done"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["done"]);
  });

  it("setException() still instantiates an Error class behind a Proxy without traps", () => {
    const { loop } = setup(core);
    const future = loop.createFuture();
    future.setException(new Proxy(RangeError, {}));
    expect(future.exception()).toBeInstanceOf(RangeError);
  });

  it.each([
    ["a Proxy whose traps throw", () => new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap })],
    [
      "a revoked Proxy",
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
  ])("the constructor refuses %s as the loop with a TypeError naming Future() or Task()", (_, make) => {
    const { loop } = setup(core);
    const asFuture = thrown(() => new Future(make() as never));
    expect(asFuture).toBeInstanceOf(TypeError);
    expect((asFuture as Error).message).toMatch(/^Future\(\) expected an event loop, got /);
    const asTask = thrown(() => new Task(make() as never, (function* () {})()));
    expect(asTask).toBeInstanceOf(TypeError);
    expect((asTask as Error).message).toMatch(/^Task\(\) expected an event loop, got /);
    // The loop that was given nothing is untouched.
    expect(loop.isRunning()).toBe(false);
  });
});
