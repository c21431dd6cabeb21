/**
 * Every public entry point of the toolkit refuses bad input at the call: a
 * TypeError (wrong kind of value) or RangeError (a number out of range, NaN
 * included), or asyncio's own error where the situation is the same; the
 * message names the method and what came; and nothing has changed
 * afterwards (the object's repr, the loop's tasks).
 */
import { describe as describeBlock, expect, it } from "vitest";
import { describe } from "../../host/format.js";
import {
  allTasks,
  asCompleted,
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  type EventLoop,
  gather,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  Semaphore,
  shield,
  sleep,
  type TaskGroup,
  Timeout,
  taskGroup,
  timeout,
  timeoutAt,
  wait,
  waitFor,
} from "../../host/index.js";
import { setup } from "../loop/support.js";

type ErrorClass = typeof TypeError | typeof RangeError;

interface Case {
  /** The call, as the row's title shows it. */
  title: string;
  /** Prepares what the call needs (inside a running task) and gives the call. */
  make: (loop: EventLoop) => { call: () => unknown; state?: () => string };
  error: ErrorClass;
  /** What the message must contain: the method, and what came (or asyncio's message). */
  says: string[];
}

const NOT_NUMBERS: unknown[] = [null, "1", {}, Symbol("s"), 1n, [], true];

const cases: Case[] = [];

/** Rows for one option: each bad value, refused with `error`, the message naming `method`, the option and the value. */
function refusesOption(
  method: string,
  key: string,
  values: unknown[],
  error: ErrorClass,
  make: (options: unknown) => Case["make"],
): void {
  for (const value of values) {
    const options = { [key]: value };
    cases.push({
      title: `${method}(..., { ${key}: ${describe(value)} })`,
      make: make(options),
      error,
      says: [`${method}()`, key, describe(value)],
    });
  }
}

/** Rows for one argument: each bad value, refused with `error`, the message naming `method` and the value. */
function refuses(method: string, values: unknown[], error: ErrorClass, make: (value: unknown) => Case["make"]): void {
  for (const value of values) {
    cases.push({
      title: `${method}(${describe(value)})`,
      make: make(value),
      error,
      says: [`${method}()`, describe(value)],
    });
  }
}

// ---- Queues -----------------------------------------------------------------

for (const [name, Kind] of [
  ["Queue", Queue],
  ["LifoQueue", LifoQueue],
  ["PriorityQueue", PriorityQueue],
] as const) {
  refuses(name, NOT_NUMBERS, TypeError, (value) => () => ({ call: () => new Kind(value as never) }));
  refuses(name, [NaN], RangeError, (value) => () => ({ call: () => new Kind(value as never) }));
}
refuses("PriorityQueue", [null, 5, "f", {}], TypeError, (value) => () => ({
  call: () => new PriorityQueue(0, value as never),
}));
refuses("Queue.shutdown", ["yes", 1, null, {}], TypeError, (value) => () => {
  const q = new Queue<number>(1);
  q.putNowait(1);
  return { call: () => q.shutdown(value as never), state: () => String(q) };
});
cases.push({
  title: "PriorityQueue.putNowait() of an item '<' cannot order",
  make: () => {
    const q = new PriorityQueue<unknown>();
    q.putNowait([1, "a"]);
    q.putNowait([2, "b"]);
    q.putNowait([3, "c"]);
    return { call: () => q.putNowait({}), state: () => `${q} ${q.qsize()}` };
  },
  error: TypeError,
  says: ["PriorityQueue.putNowait()", "{...} (object)"],
});
cases.push({
  title: "PriorityQueue.putNowait() whose lessThan throws halfway up the heap",
  make: () => {
    const q = new PriorityQueue<number>(0, (a, b) => {
      if (a === 0 && b === 1) throw new TypeError("PriorityQueue.putNowait() test: refuse 0 < 1");
      return a < b;
    });
    for (const n of [1, 2, 3, 4, 5, 6]) q.putNowait(n);
    return { call: () => q.putNowait(0), state: () => `${q} ${q.qsize()}` };
  },
  error: TypeError,
  says: ["PriorityQueue.putNowait()"],
});

// ---- Locks and friends ------------------------------------------------------

for (const [name, Kind] of [
  ["Semaphore", Semaphore],
  ["BoundedSemaphore", BoundedSemaphore],
  ["Barrier", Barrier],
] as const) {
  refuses(name, [null, "1", {}, Symbol("s"), 1n, 1.5, Infinity], TypeError, (value) => () => ({
    call: () => new Kind(value as never),
  }));
  refuses(name, [NaN], RangeError, (value) => () => ({ call: () => new Kind(value as never) }));
}
refuses("Barrier", [undefined], TypeError, (value) => () => ({ call: () => new Barrier(value as never) }));
cases.push({
  title: "Semaphore(-1)",
  make: () => ({ call: () => new Semaphore(-1) }),
  error: RangeError,
  says: ["Semaphore initial value must be >= 0"],
});
cases.push({
  title: "Barrier(0)",
  make: () => ({ call: () => new Barrier(0) }),
  error: RangeError,
  says: ["parties must be > 0"],
});
refuses("Condition", [null, 5, {}, new Event()], TypeError, (value) => () => ({
  call: () => new Condition(value as never),
}));

/** A Condition with one task waiting on it; the argument is refused before the lock is looked at. */
function notifying(loop: EventLoop, call: (condition: Condition) => unknown): ReturnType<Case["make"]> {
  const condition = new Condition();
  loop.createTask(async () => {
    await condition.acquire();
    await condition.wait();
    condition.release();
  });
  return {
    call: () => call(condition),
    state: () => String(condition),
  };
}
refuses(
  "Condition.notify",
  NOT_NUMBERS,
  TypeError,
  (value) => (loop) => notifying(loop, (c) => c.notify(value as never)),
);
refuses("Condition.notify", [NaN], RangeError, (value) => (loop) => notifying(loop, (c) => c.notify(value as never)));
refuses("Condition.waitFor", [5, null, "f"], TypeError, (value) => () => {
  const condition = new Condition();
  return { call: () => condition.waitFor(value as never) };
});

// ---- sleep, gather, shield, waitFor -----------------------------------------

refuses("sleep", [undefined, ...NOT_NUMBERS], TypeError, (value) => () => ({ call: () => sleep(value as never) }));
refuses("sleep", [NaN], RangeError, (value) => () => ({ call: () => sleep(value as never) }));

const NOT_AWAITABLES: unknown[] = [42, null, undefined, "s", Symbol("s"), 1n, { then: 1 }, () => 1];
refuses("gather", NOT_AWAITABLES, TypeError, (value) => () => ({
  call: () => gather(sleep(1), value as never, sleep(2)),
}));
cases.push({
  title: "gather(sleep(1), 'not an option') names the argument",
  make: () => ({ call: () => gather(sleep(1), "x" as never) }),
  error: TypeError,
  says: ["gather()", "argument 2", "'x'"],
});
refusesOption("gather", "returnExceptions", ["yes", 1, null], TypeError, (options) => () => ({
  call: () => gather(sleep(1), options as never),
}));
cases.push({
  title: "gather() with asyncio's spelling of an option",
  make: () => ({ call: () => gather(sleep(1), { return_exceptions: true } as never) }),
  error: TypeError,
  says: ["gather()", "'return_exceptions'"],
});
refuses("shield", NOT_AWAITABLES, TypeError, (value) => () => ({ call: () => shield(value as never) }));
refuses("waitFor", NOT_AWAITABLES, TypeError, (value) => () => ({ call: () => waitFor(value as never, 1) }));
refuses("waitFor", ["1", {}, Symbol("s"), 1n], TypeError, (value) => () => ({
  call: () => waitFor(sleep(1), value as never),
}));
refuses("waitFor", [NaN], RangeError, (value) => () => ({ call: () => waitFor(sleep(1), value as never) }));

// ---- wait, asCompleted ------------------------------------------------------

const NOT_COLLECTIONS: unknown[] = [{}, 42, null, undefined, "ab", Symbol("s"), 1n];
refuses("wait", NOT_COLLECTIONS, TypeError, (value) => () => ({ call: () => wait(value as never) }));
refuses("wait", [42, null, "a", {}], TypeError, (value) => (loop) => ({
  call: () => wait([loop.createFuture(), value] as never),
}));
refuses("wait", [null, 5, "o"], TypeError, (value) => (loop) => ({
  call: () => wait([loop.createFuture()], value as never),
}));
const waitWith = (options: unknown) => (loop: EventLoop) => ({
  call: () => wait([loop.createFuture()], options as never),
});
refusesOption("wait", "timeout", ["1", 1n, {}, Symbol("s")], TypeError, waitWith);
refusesOption("wait", "timeout", [NaN], RangeError, waitWith);
refusesOption("wait", "returnWhen", [5, null, {}], TypeError, waitWith);
refusesOption("wait", "returnWhen", ["SOMETIME"], RangeError, waitWith);
cases.push({
  title: "wait() with asyncio's spelling of an option",
  make: waitWith({ return_when: "FIRST_COMPLETED" }),
  error: TypeError,
  says: ["wait()", "'return_when'"],
});
cases.push({
  title: "wait([])",
  make: () => ({ call: () => wait([]) }),
  error: RangeError,
  says: ["Set of Tasks/Futures is empty."],
});
cases.push({
  title: "wait(future)",
  make: (loop) => ({ call: () => wait(loop.createFuture() as never) }),
  error: TypeError,
  says: ["wait()", "expect a list of futures", "<Future pending>"],
});

refuses("asCompleted", NOT_COLLECTIONS, TypeError, (value) => () => ({ call: () => asCompleted(value as never) }));
refuses("asCompleted", [42, null, "a"], TypeError, (value) => (loop) => ({
  call: () => asCompleted([loop.createFuture(), value] as never),
}));
const asCompletedWith = (options: unknown) => (loop: EventLoop) => ({
  call: () => asCompleted([loop.createFuture()], options as never),
});
refuses("asCompleted", [null, 5], TypeError, asCompletedWith);
refusesOption("asCompleted", "timeout", ["1", 1n], TypeError, asCompletedWith);
refusesOption("asCompleted", "timeout", [NaN], RangeError, asCompletedWith);
cases.push({
  title: "asCompleted() with a misspelt option",
  make: asCompletedWith({ timeOut: 1 }),
  error: TypeError,
  says: ["asCompleted()", "'timeOut'"],
});

// ---- timeout, timeoutAt, TaskGroup ------------------------------------------

const body = async () => {};
for (const [name, scope] of [
  ["timeout", timeout],
  ["timeoutAt", timeoutAt],
] as const) {
  refuses(name, [undefined, "1", {}, Symbol("s"), 1n], TypeError, (value) => () => ({
    call: () => scope(value as never, body),
  }));
  refuses(name, [NaN], RangeError, (value) => () => ({ call: () => scope(value as never, body) }));
  refuses(name, [5, null, "f", undefined], TypeError, (value) => () => ({ call: () => scope(1, value as never) }));
}
refuses("Timeout", [undefined, "1", {}, 1n], TypeError, (value) => () => ({ call: () => new Timeout(value as never) }));
refuses("Timeout", [NaN], RangeError, (value) => () => ({ call: () => new Timeout(value as never) }));
refuses("taskGroup", [5, null, undefined, "f"], TypeError, (value) => () => ({
  call: () => taskGroup(value as never),
}));

describeBlock("toolkit refusals", () => {
  it.each(cases.map((c) => [c.title, c] as const))("%s", async (_title, c) => {
    const { loop, logger } = setup("wasm");
    const seen = await loop.runUntilComplete(function* () {
      const { call, state } = c.make(loop);
      yield* sleep(0); // lets whatever make() started settle into its wait
      const stateBefore = state?.();
      const tasksBefore = allTasks(loop).size;
      let error: unknown = null;
      try {
        call();
      } catch (thrown) {
        error = thrown;
      }
      return { error, stateBefore, stateAfter: state?.(), tasksBefore, tasksAfter: allTasks(loop).size };
    });
    expect(seen.error).toBeInstanceOf(c.error);
    for (const part of c.says) expect((seen.error as Error).message).toContain(part);
    expect(seen.stateAfter).toBe(seen.stateBefore);
    expect(seen.tasksAfter).toBe(seen.tasksBefore);
    // Nothing was left behind that still runs.
    for (const task of allTasks(loop)) task.cancel();
    await loop.runUntilComplete(sleep(0));
    expect(logger.errors).toEqual([]);
  });

  it("Timeout.reschedule() refuses a deadline that is not a number or null, and keeps its own", async () => {
    const { loop } = setup("wasm");
    const seen = await loop.runUntilComplete(function* () {
      return yield* timeout(5, function* (t) {
        const errors: unknown[] = [];
        for (const value of ["1", undefined, {}, 1n, NaN]) {
          try {
            t.reschedule(value as never);
          } catch (error) {
            errors.push(error);
          }
        }
        return { errors, when: t.when() };
      });
    });
    expect(seen.errors.map((error) => (error as Error).constructor)).toEqual([
      TypeError,
      TypeError,
      TypeError,
      TypeError,
      RangeError,
    ]);
    for (const error of seen.errors) expect((error as Error).message).toContain("Timeout.reschedule()");
    expect(seen.when).toBe(5);
  });

  it("TaskGroup.createTask() refuses what is not a coroutine, and the group goes on", async () => {
    const { loop } = setup("wasm");
    const seen = await loop.runUntilComplete(
      taskGroup(function* (group: TaskGroup) {
        let error: unknown = null;
        try {
          group.createTask(42 as never);
        } catch (thrown) {
          error = thrown;
        }
        const task = group.createTask(sleep(1, "ok"));
        return { error, group: String(group), task };
      }),
    );
    expect(seen.error).toBeInstanceOf(TypeError);
    expect((seen.error as Error).message).toContain("TaskGroup.createTask()");
    expect((seen.error as Error).message).toContain("42");
    expect(seen.group).toBe("<TaskGroup tasks=1 entered>");
    expect(seen.task.result()).toBe("ok");
  });

  it("a Lock and an Event take no arguments to refuse; a refused call leaves a Lock as it was", async () => {
    const lock = new Lock();
    const event = new Event();
    expect(String(lock)).toBe("<Lock [unlocked]>");
    expect(String(event)).toBe("<Event [unset]>");
  });
});
