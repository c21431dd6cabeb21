/**
 * A cancel message that cannot be printed (a toString or Symbol.toPrimitive
 * that throws, a null-prototype object, a Proxy): result() and exception()
 * of the cancelled Future or Task still throw CancelledError (rules 71, 83).
 */
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

class Trap extends Error {}

function throwingProxy<T extends object>(target: T): T {
  const trap = () => {
    throw new Trap("a trap");
  };
  return new Proxy(target, {
    get: trap,
    has: trap,
    ownKeys: trap,
    getOwnPropertyDescriptor: trap,
    getPrototypeOf: trap,
  });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe.each(coreNames)("a cancel message that cannot be printed (%s core)", (core) => {
  const messages = (): Array<[string, unknown]> => [
    [
      "whose toString throws",
      {
        toString() {
          throw new Trap("toString");
        },
      },
    ],
    ["with a null prototype", Object.create(null)],
    [
      "whose Symbol.toPrimitive throws",
      {
        [Symbol.toPrimitive]() {
          throw new Trap("toPrimitive");
        },
      },
    ],
    ["that is a Proxy whose traps throw", throwingProxy({})],
    ["that is a revoked Proxy", revokedProxy()],
  ];

  it.each(messages())(
    "a Future cancelled with a message %s: result() and exception() throw CancelledError",
    (_, message) => {
      const { loop } = setup(core);
      const future = loop.createFuture();
      expect(future.cancel(message)).toBe(true);
      expect(thrown(() => future.result())).toBeInstanceOf(CancelledError);
      expect(thrown(() => future.exception())).toBeInstanceOf(CancelledError);
      expect(String(future)).toBe("<Future cancelled>");
    },
  );

  it.each(messages())("a Task cancelled before it starts with a message %s is cancelled", async (_, message) => {
    const { loop, log } = setup(core);
    const task = loop.createTask(function* () {
      log.push("ran");
    });
    task.cancel(message);
    const outcome = await loop.runUntilComplete(task).then(
      () => "resolved",
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(CancelledError);
    expect(log).toEqual([]);
    expect(task.cancelled()).toBe(true);
    expect(thrown(() => task.result())).toBeInstanceOf(CancelledError);
    expect(thrown(() => task.exception())).toBeInstanceOf(CancelledError);
    expect(String(task)).toMatch(/^<Task cancelled name=/);
  });

  it.each(messages())("a Task waiting on a future, cancelled with a message %s, is cancelled", async (_, message) => {
    const { loop, log } = setup(core);
    const waited = loop.createFuture();
    const task = loop.createTask(function* () {
      try {
        yield waited;
      } catch (error) {
        log.push(error instanceof CancelledError ? "CancelledError" : error);
        throw error;
      }
    });
    loop.callSoon(() => task.cancel(message));
    const outcome = await loop.runUntilComplete(task).then(
      () => "resolved",
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(CancelledError);
    expect(log).toEqual(["CancelledError"]);
    expect(thrown(() => task.result())).toBeInstanceOf(CancelledError);
    expect(thrown(() => task.exception())).toBeInstanceOf(CancelledError);
  });

  it("an ordinary cancel message is kept as it is", () => {
    const { loop } = setup(core);
    const future = loop.createFuture();
    future.cancel({ toString: () => "why" });
    expect((thrown(() => future.result()) as Error).message).toBe("why");
    const other = loop.createFuture();
    other.cancel(Symbol("s"));
    expect((thrown(() => other.exception()) as Error).message).toBe("Symbol(s)");
  });
});
