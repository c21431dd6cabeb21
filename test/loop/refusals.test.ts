/**
 * Every public entry point of EventLoop, Future, Task and the top-level
 * functions, called with bad values (J6): each refusal is a TypeError or a
 * RangeError thrown at the call, its message names the method and what
 * came, and the loop is as it was: its settings are unchanged, a callback
 * scheduled afterwards runs, and nothing else was scheduled. (Handle and
 * TimerHandle take no arguments: cancel(), cancelled(), when().)
 */
import { describe, expect, it } from "vitest";
import {
  allTasks,
  coroutine,
  currentTask,
  EventLoop,
  ensureFuture,
  Future,
  run,
  sleep,
  Task,
} from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "./support.js";

class Trap extends Error {}

function throwingProxy(): object {
  const trap = () => {
    throw new Trap("a trap");
  };
  return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** The bad values, made fresh for each call. */
const BAD_VALUES: Array<[string, () => unknown]> = [
  ["undefined", () => undefined],
  ["null", () => null],
  ["NaN", () => NaN],
  ["a string", () => "1"],
  ["an object", () => ({})],
  ["a symbol", () => Symbol("bad")],
  ["a BigInt", () => 10n],
  ["a Proxy whose traps throw", throwingProxy],
  ["a revoked Proxy", revokedProxy],
  ["a null-prototype object", () => Object.create(null)],
];
type ValueName = (typeof BAD_VALUES)[number][0];

const OBJECTS: ValueName[] = ["an object", "a Proxy whose traps throw", "a revoked Proxy", "a null-prototype object"];
/** Options objects: missing options take their defaults. */
const OPTIONS: ValueName[] = ["undefined", "an object", "a null-prototype object"];

interface EntryPoint {
  /** What the message must name. */
  method: string;
  /** Calls the entry point with `value` in the argument under test. */
  call: (loop: EventLoop, value: unknown) => unknown;
  /** Values that are not refused there (a default, or any object). */
  accepts?: ValueName[];
  /** A number of seconds: NaN is a RangeError. */
  seconds?: boolean;
}

function* neverRuns(): Generator<unknown, void, unknown> {
  throw new Error("a refused call started a coroutine");
}

const ENTRY_POINTS: Array<[string, EntryPoint]> = [
  // EventLoop
  ["new EventLoop(options)", { method: "EventLoop()", call: (_l, v) => new EventLoop(v as never), accepts: OPTIONS }],
  [
    "new EventLoop({ clock })",
    { method: "EventLoop()", call: (_l, v) => new EventLoop({ clock: v as never }), accepts: ["undefined"] },
  ],
  [
    "new EventLoop({ clockResolution })",
    {
      method: "EventLoop()",
      call: (_l, v) => new EventLoop({ clockResolution: v as never }),
      accepts: ["undefined"],
      seconds: true,
    },
  ],
  [
    "new EventLoop({ debug })",
    { method: "EventLoop()", call: (_l, v) => new EventLoop({ debug: v as never }), accepts: ["undefined"] },
  ],
  [
    "new EventLoop({ logger })",
    { method: "EventLoop()", call: (_l, v) => new EventLoop({ logger: v as never }), accepts: ["undefined"] },
  ],
  [
    "new EventLoop({ core })",
    { method: "EventLoop()", call: (_l, v) => new EventLoop({ core: v as never }), accepts: ["undefined"] },
  ],
  ["callSoon(callback)", { method: "callSoon()", call: (l, v) => l.callSoon(v as never) }],
  [
    "callSoonThreadsafe(callback)",
    { method: "callSoonThreadsafe()", call: (l, v) => l.callSoonThreadsafe(v as never) },
  ],
  ["callLater(delay)", { method: "callLater()", call: (l, v) => l.callLater(v as never, () => {}), seconds: true }],
  ["callLater(_, callback)", { method: "callLater()", call: (l, v) => l.callLater(1, v as never) }],
  ["callAt(when)", { method: "callAt()", call: (l, v) => l.callAt(v as never, () => {}), seconds: true }],
  ["callAt(_, callback)", { method: "callAt()", call: (l, v) => l.callAt(1, v as never) }],
  ["createTask(coro)", { method: "createTask()", call: (l, v) => l.createTask(v as never) }],
  [
    "createTask(_, options)",
    { method: "createTask()", call: (l, v) => l.createTask(neverRuns(), v as never), accepts: OPTIONS },
  ],
  [
    "createTask(_, { name })",
    {
      method: "createTask()",
      call: (l, v) => l.createTask(neverRuns(), { name: v as never }),
      // Whatever String() converts is a name, as asyncio's str(value); null is None (the default).
      accepts: ["undefined", "null", "NaN", "a string", "an object", "a symbol", "a BigInt"],
    },
  ],
  ["runUntilComplete(awaitable)", { method: "runUntilComplete()", call: (l, v) => l.runUntilComplete(v as never) }],
  [
    "setExceptionHandler(handler)",
    {
      method: "setExceptionHandler()",
      call: (l, v) => l.setExceptionHandler(v as never),
      accepts: ["undefined", "null"],
    },
  ],
  [
    "callExceptionHandler(context)",
    { method: "callExceptionHandler()", call: (l, v) => l.callExceptionHandler(v as never), accepts: OBJECTS },
  ],
  [
    "defaultExceptionHandler(context)",
    { method: "defaultExceptionHandler()", call: (l, v) => l.defaultExceptionHandler(v as never), accepts: OBJECTS },
  ],
  ["setDebug(enabled)", { method: "setDebug()", call: (l, v) => l.setDebug(v as never) }],
  [
    "slowCallbackDuration = seconds",
    {
      method: "slowCallbackDuration",
      call: (l, v) => {
        (l as { slowCallbackDuration: unknown }).slowCallbackDuration = v;
      },
      seconds: true,
    },
  ],
  // Future
  ["new Future(loop)", { method: "Future()", call: (_l, v) => new Future(v as never) }],
  [
    "addDoneCallback(callback)",
    { method: "addDoneCallback()", call: (l, v) => l.createFuture().addDoneCallback(v as never) },
  ],
  // Task
  ["new Task(loop)", { method: "Task()", call: (_l, v) => new Task(v as never, neverRuns()) }],
  ["new Task(_, coro)", { method: "Task()", call: (l, v) => new Task(l, v as never) }],
  [
    "new Task(_, _, options)",
    { method: "Task()", call: (l, v) => new Task(l, neverRuns(), v as never), accepts: OPTIONS },
  ],
  [
    "task.setName(name)",
    {
      method: "setName()",
      call: (l, v) => taskOf(l).setName(v as never),
      // Whatever String() converts is a name, as asyncio's str(value).
      accepts: ["undefined", "null", "NaN", "a string", "an object", "a symbol", "a BigInt"],
    },
  ],
  // Top-level functions
  ["run(main)", { method: "run()", call: (_l, v) => run(v as never) }],
  ["run(_, options)", { method: "run()", call: (_l, v) => run(neverRuns(), v as never), accepts: OPTIONS }],
  [
    "run(_, { clock })",
    { method: "run()", call: (_l, v) => run(neverRuns(), { clock: v as never }), accepts: ["undefined"] },
  ],
  ["ensureFuture(awaitable)", { method: "ensureFuture()", call: (_l, v) => ensureFuture(v as never) }],
  [
    "ensureFuture(_, loop)",
    {
      method: "ensureFuture()",
      call: (l, v) => ensureFuture(l.createFuture(), v as never),
      accepts: ["undefined", "null"],
    },
  ],
  // undefined and null are asyncio's None: the running loop.
  [
    "currentTask(loop)",
    { method: "currentTask()", call: (_l, v) => currentTask(v as never), accepts: ["undefined", "null"] },
  ],
  ["allTasks(loop)", { method: "allTasks()", call: (_l, v) => allTasks(v as never), accepts: ["undefined", "null"] }],
  ["coroutine(fn)", { method: "coroutine()", call: (_l, v) => coroutine(v as never) }],
  ["sleep(delay)", { method: "sleep()", call: (_l, v) => sleep(v as never), seconds: true }],
];

/** A task of `loop` whose step does nothing, cancelled at once so that it schedules nothing that runs. */
function taskOf(loop: EventLoop): Task<void> {
  const task = loop.createTask(function* () {});
  task.cancel();
  return task;
}

/** What can be seen of a loop's settings. */
function settings(loop: EventLoop): unknown[] {
  return [loop.getDebug(), loop.slowCallbackDuration, loop.getExceptionHandler(), loop.isRunning(), loop.isClosed()];
}

describe.each(coreNames)("refusals (%s core)", (core) => {
  describe.each(ENTRY_POINTS)("%s", (_, entry) => {
    const refused = BAD_VALUES.filter(([name]) => !entry.accepts?.includes(name));
    it.each(refused)("refuses %s at the call, naming the method; the loop is as it was", async (valueName, make) => {
      const { loop, log } = setup(core);
      const handler = () => {};
      loop.setExceptionHandler(handler);
      const before = settings(loop);
      let error: unknown = null;
      let returned: unknown;
      try {
        returned = entry.call(loop, make());
      } catch (caught) {
        error = caught;
      }
      // A promise-returning entry (run) refuses at the call, not through its promise.
      if (returned instanceof Promise) returned.catch(() => {});
      const expected = entry.seconds && valueName === "NaN" ? RangeError : TypeError;
      expect(error).toBeInstanceOf(expected);
      expect((error as Error).constructor).toBe(expected);
      const message = (error as Error).message;
      expect(message).toContain(entry.method);
      // What came: "got ...", or asyncio's own words for a null delay or deadline.
      expect(message).toMatch(/, got |^call(Later|At)\(\): (delay must not be null|when cannot be null)$/);
      expect(settings(loop)).toEqual(before);
      loop.callSoon(() => log.push("after"));
      loop.stop();
      await loop.runForever();
      expect(log).toEqual(["after"]);
      // Nothing stray: an idle run has nothing to do.
      await expect(loop.runForever()).rejects.toThrow(/wait forever/);
      expect(log).toEqual(["after"]);
    });
  });
});

describe.each(coreNames)("refusals in debug mode (%s core)", (core) => {
  it.each([
    ["callSoon", (l: EventLoop, f: () => unknown) => l.callSoon(f)],
    ["callSoonThreadsafe", (l: EventLoop, f: () => unknown) => l.callSoonThreadsafe(f)],
    ["callLater", (l: EventLoop, f: () => unknown) => l.callLater(1, f)],
    ["callAt", (l: EventLoop, f: () => unknown) => l.callAt(1, f)],
  ])("%s refuses a coroutine function with asyncio's message naming it", async (method, schedule) => {
    const { loop, log } = setup(core, { debug: true });
    const error = (() => {
      try {
        schedule(loop, async () => {});
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(`coroutines cannot be used with ${method}()`);
    loop.callSoon(() => log.push("after"));
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["after"]);
  });

  it("a callable Proxy whose get trap throws is a callback like any other, not the trap's error", async () => {
    const { loop, log } = setup(core, { debug: true });
    const callback = new Proxy(() => log.push("called"), {
      get() {
        throw new Trap("a trap");
      },
    });
    loop.callSoon(callback);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["called"]);
  });
});
