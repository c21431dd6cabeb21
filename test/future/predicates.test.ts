/**
 * isFuture, isCoroutine, isCoroutineFunction: asyncio's isfuture,
 * iscoroutine and iscoroutinefunction in wasmloop's terms (J19). None of
 * them throws, whatever it is given.
 */
import { describe, expect, it } from "vitest";
import { coroutine, Future, gather, isCoroutine, isCoroutineFunction, isFuture, sleep } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

function* generatorFunction(): Generator<unknown, number, unknown> {
  return 1;
}
async function asyncFunction(): Promise<number> {
  return 1;
}
async function* asyncGeneratorFunction(): AsyncGenerator<number> {
  yield 1;
}
const toolkitFunction = coroutine(function* toolkit() {
  return 1;
});

function uninspectable(): unknown[] {
  const trap = () => {
    throw new Error("a trap");
  };
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return [new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap }), proxy, Object.create(null)];
}

describe.each(coreNames)("asyncio's predicates (%s core)", (core) => {
  it("isFuture: a Future, a Task, a gather's future; not a promise, a coroutine or the class", async () => {
    const { loop } = setup(core);
    const task = loop.createTask(generatorFunction());
    expect(isFuture(loop.createFuture())).toBe(true);
    expect(isFuture(task)).toBe(true);
    expect(isFuture(Future)).toBe(false);
    expect(isFuture(Promise.resolve(1))).toBe(false);
    expect(isFuture(generatorFunction())).toBe(false);
    expect(isFuture({ then() {}, done() {} })).toBe(false);
    for (const value of [undefined, null, 1, "f", ...uninspectable()]) expect(isFuture(value)).toBe(false);
    await loop.runUntilComplete(task);
    const gathered = await loop.runUntilComplete(async () => {
      const future = gather();
      return [isFuture(future), await future];
    });
    expect(gathered).toEqual([true, []]);
  });

  it("isCoroutine: what createTask takes (a generator object, an async or generator function)", async () => {
    const { loop } = setup(core);
    const toolkit = sleep(0);
    expect(isCoroutine(generatorFunction())).toBe(true);
    expect(isCoroutine(toolkit)).toBe(true);
    expect(isCoroutine(asyncFunction)).toBe(true);
    expect(isCoroutine(generatorFunction)).toBe(true);
    expect(isCoroutine(asyncFunction())).toBe(false); // a promise: ensureFuture's business
    expect(isCoroutine(asyncGeneratorFunction)).toBe(false);
    expect(isCoroutine(asyncGeneratorFunction())).toBe(false);
    expect(isCoroutine(() => 1)).toBe(false);
    expect(isCoroutine(loop.createFuture())).toBe(false);
    for (const value of [undefined, null, 1, "c", ...uninspectable()]) expect(isCoroutine(value)).toBe(false);
    await loop.runUntilComplete(toolkit);
  });

  it("isCoroutineFunction: an async or generator function, coroutine()'s included; nothing else", () => {
    expect(isCoroutineFunction(asyncFunction)).toBe(true);
    expect(isCoroutineFunction(generatorFunction)).toBe(true);
    expect(isCoroutineFunction(toolkitFunction)).toBe(true);
    expect(isCoroutineFunction(async () => 1)).toBe(true);
    expect(isCoroutineFunction(asyncGeneratorFunction)).toBe(false);
    expect(isCoroutineFunction(() => Promise.resolve(1))).toBe(false);
    expect(isCoroutineFunction(generatorFunction())).toBe(false);
    expect(isCoroutineFunction(Future)).toBe(false);
    for (const value of [undefined, null, 1, "c", ...uninspectable()]) expect(isCoroutineFunction(value)).toBe(false);
  });
});
