/**
 * Bad input to Future (J6): refused with a TypeError, and the future is left as it was.
 */
import { describe, expect, it } from "vitest";
import { Future } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

const notCallables: Array<[string, unknown, string | null]> = [
  ["a number", 42, "42"],
  ["a string", "x", "'x'"],
  ["null", null, "null"],
  ["undefined", undefined, "undefined"],
  ["a bigint", 1n, "1n"],
  ["a symbol", Symbol("s"), "Symbol(s)"],
  ["an object", {}, null],
  ["a promise", Promise.resolve(), null],
];

describe.each(coreNames)("Future bad input (%s core)", (core) => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "loop"],
    ["a number", 1],
    ["an object without callSoon", {}],
    ["an object whose callSoon is not a function", { callSoon: 1 }],
  ])("the constructor refuses %s as the loop", (_, value) => {
    expect(() => new Future(value as never)).toThrow(TypeError);
  });

  it.each(notCallables)(
    "addDoneCallback refuses %s; a pending future keeps exactly its callbacks",
    async (_, value, rendering) => {
      const { loop, log } = setup(core);
      const f = loop.createFuture<number>();
      f.addDoneCallback(() => log.push("registered"));
      const error = thrown(() => f.addDoneCallback(value as never));
      expect(error).toBeInstanceOf(TypeError);
      if (rendering !== null) {
        expect((error as Error).message).toBe(`a callable object was expected by addDoneCallback(), got ${rendering}`);
      } else {
        expect((error as Error).message).toMatch(/^a callable object was expected by addDoneCallback\(\), got /);
      }
      expect(f.done()).toBe(false);
      f.setResult(1);
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["registered"]);
    },
  );

  it.each(notCallables)("addDoneCallback refuses %s on a done future and schedules nothing", async (_, value) => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    f.setResult(1);
    expect(() => f.addDoneCallback(value as never)).toThrow(TypeError);
    loop.callSoon(() => log.push("only this"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["only this"]);
    // Nothing stray is left queued either.
    await expect(loop.runForever()).rejects.toThrow(/wait forever/);
  });

  it.each(notCallables)("removeDoneCallback with %s removes nothing and returns 0", async (_, value) => {
    const { loop, log } = setup(core);
    const f = loop.createFuture<number>();
    f.addDoneCallback(() => log.push("kept"));
    expect(f.removeDoneCallback(value as never)).toBe(0);
    f.setResult(1);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["kept"]);
  });
});
