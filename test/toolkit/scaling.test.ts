/**
 * No quadratic paths in the toolkit: every path is run at n and at 8n, and
 * its work must grow about 8 times (a quadratic path grows 64 times).
 *
 * Work is measured twice:
 *  - counted, which is exact and immune to a busy machine: each call of a
 *    waiter's done()/cancelled(), each call of a PriorityQueue's lessThan,
 *    and, for every call of an Array method that may walk or move the whole
 *    array (shift, splice, indexOf, ...), that array's length;
 *  - timed, which catches a slow loop the count cannot see: the best of a
 *    few runs, measured again before a high ratio counts. On a shared
 *    machine, garbage collection alone can take a linear path at these
 *    sizes past the bound, so the timed half only runs on demand:
 *    WASMLOOP_SCALING_TIMES=1 npx vitest run test/toolkit/scaling.test.ts
 * Neither ever compares a figure with a fixed threshold, only n with 8n.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  asCompleted,
  Barrier,
  Condition,
  Event,
  type EventLoop,
  Future,
  gather,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  Semaphore,
  sleep,
  type Task,
  taskGroup,
  wait,
} from "../../host/index.js";
import { setup } from "../loop/support.js";

/** Linear work gives a ratio near 8 (n log n: ~10); quadratic, near 64. */
const COUNT_BOUND = 16;
const TIME_BOUND = 24;
const REPEATS = 3;
const ATTEMPTS = 3;

/** Array methods whose cost may be the array's length. */
const WALKING_METHODS = [
  "shift",
  "unshift",
  "splice",
  "indexOf",
  "lastIndexOf",
  "includes",
  "every",
  "some",
  "filter",
  "find",
  "findIndex",
] as const;

let work = 0;
const restores: Array<() => void> = [];

function charge<O extends object>(owner: O, name: keyof O & string, cost: (self: any) => number): void {
  const original = owner[name] as unknown as (...args: unknown[]) => unknown;
  Object.defineProperty(owner, name, {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      work += cost(this);
      return original.apply(this, args);
    },
  });
  restores.push(() => Object.defineProperty(owner, name, { configurable: true, writable: true, value: original }));
}

function uncharge(): void {
  while (restores.length > 0) restores.pop()!();
}

afterEach(uncharge);

/** A path: sets up its own loop, does its work at size n, runs until it is all done. */
type Path = (n: number) => Promise<void>;

async function countedWork(path: Path, n: number): Promise<number> {
  work = 0;
  for (const name of WALKING_METHODS) charge(Array.prototype, name, (self: unknown[]) => self.length);
  charge(Future.prototype, "done", () => 1);
  charge(Future.prototype, "cancelled", () => 1);
  try {
    await path(n);
  } finally {
    uncharge();
  }
  return work;
}

async function bestTime(path: Path, n: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await path(n);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function timeRatio(path: Path, n: number): Promise<number> {
  await path(n); // warm-up: compile the path before timing it
  let ratio = Infinity;
  // A busy machine can slow one measurement; a quadratic path is slow every time.
  for (let attempt = 0; attempt < ATTEMPTS && ratio >= TIME_BOUND; attempt++) {
    ratio = (await bestTime(path, 8 * n)) / (await bestTime(path, n));
  }
  return ratio;
}

const loopOf = (): EventLoop => setup("wasm").loop;

/** Runs the loop until every task made so far has finished. */
async function settle(loop: EventLoop): Promise<void> {
  await loop.runUntilComplete(sleep(0));
  await loop.runUntilComplete(sleep(1));
}

/** n tasks waiting on `wait()`, started and parked. */
async function parked(
  loop: EventLoop,
  n: number,
  wait: () => Generator<unknown, unknown, any>,
): Promise<Task<unknown>[]> {
  const tasks: Task<unknown>[] = [];
  for (let i = 0; i < n; i++) tasks.push(loop.createTask(wait()) as Task<unknown>);
  await loop.runUntilComplete(sleep(0));
  return tasks;
}

/** Cancels the newest first: each removal is then as far from the front as it gets. */
function cancelNewestFirst(tasks: Task<unknown>[], from = 0): void {
  for (let i = tasks.length - 1; i >= from; i--) tasks[i]!.cancel();
}

const paths: Record<string, { n: number; path: Path }> = {
  "Queue: draining a backlog with getNowait()": {
    n: 20_000,
    path: async (n) => {
      const q = new Queue<number>();
      for (let i = 0; i < n; i++) q.putNowait(i);
      while (!q.empty()) q.getNowait();
    },
  },
  "Queue: draining a backlog with get() in a task": {
    n: 5_000,
    path: async (n) => {
      const loop = loopOf();
      const q = new Queue<number>();
      for (let i = 0; i < n; i++) q.putNowait(i);
      await loop.runUntilComplete(function* () {
        for (let i = 0; i < n; i++) yield* q.get();
      });
    },
  },
  "LifoQueue: draining a backlog": {
    n: 20_000,
    path: async (n) => {
      const q = new LifoQueue<number>();
      for (let i = 0; i < n; i++) q.putNowait(i);
      while (!q.empty()) q.getNowait();
    },
  },
  "PriorityQueue: filling and draining": {
    n: 10_000,
    path: async (n) => {
      const q = new PriorityQueue<number>(0, (a, b) => {
        work++;
        return a < b;
      });
      for (let i = 0; i < n; i++) q.putNowait((i * 7919) % n);
      while (!q.empty()) q.getNowait();
    },
  },
  "Queue: n blocked getters served by n puts": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const q = new Queue<number>();
      await parked(loop, n, () => q.get());
      for (let i = 0; i < n; i++) q.putNowait(i);
      await settle(loop);
    },
  },
  "Queue: blocked getters cancelled newest first": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const q = new Queue<number>();
      const tasks = await parked(loop, n, () => q.get());
      cancelNewestFirst(tasks, 1);
      await loop.runUntilComplete(sleep(0));
      q.putNowait(0);
      await settle(loop);
    },
  },
  "Queue: blocked putters cancelled newest first": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const q = new Queue<number>(1);
      q.putNowait(-1);
      const tasks = await parked(loop, n, () => q.put(0));
      cancelNewestFirst(tasks, 1);
      await loop.runUntilComplete(sleep(0));
      q.getNowait();
      await settle(loop);
    },
  },
  "Event: set() with n waiters": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const event = new Event();
      await parked(loop, n, () => event.wait());
      event.set();
      await settle(loop);
    },
  },
  "Event: waiters cancelled newest first": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const event = new Event();
      const tasks = await parked(loop, n, () => event.wait());
      cancelNewestFirst(tasks);
      await settle(loop);
    },
  },
  "Lock: n waiters take it in turn": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const lock = new Lock();
      for (let i = 0; i < n; i++) {
        loop.createTask(function* () {
          yield* lock.acquire();
          yield* sleep(0);
          lock.release();
        });
      }
      await settle(loop);
    },
  },
  "Lock: waiters cancelled newest first": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const lock = new Lock();
      const tasks = await parked(loop, n, () => lock.acquire());
      cancelNewestFirst(tasks, 1);
      await loop.runUntilComplete(sleep(0));
      lock.release();
      await settle(loop);
    },
  },
  "Lock: newcomers to a free lock behind n cancelled waiters": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const lock = new Lock();
      const tasks = await parked(loop, n, () => lock.acquire());
      await loop.runUntilComplete(function* () {
        cancelNewestFirst(tasks, 1);
        lock.release();
        // Still in the same iteration: every waiter is cancelled but still listed.
        for (let i = 0; i < n; i++) {
          loop.createTask(function* () {
            yield* lock.acquire();
            lock.release();
          });
        }
      });
      await settle(loop);
    },
  },
  "Semaphore: n releases at once with n waiters": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const semaphore = new Semaphore(0);
      await parked(loop, n, () => semaphore.acquire());
      for (let i = 0; i < n; i++) semaphore.release();
      await settle(loop);
    },
  },
  "Semaphore: newcomers behind n cancelled waiters": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const semaphore = new Semaphore(0);
      const tasks = await parked(loop, n, () => semaphore.acquire());
      await loop.runUntilComplete(function* () {
        cancelNewestFirst(tasks);
        for (let i = 0; i < n; i++) semaphore.release();
        for (let i = 0; i < n; i++) loop.createTask(semaphore.acquire());
      });
      await settle(loop);
    },
  },
  "Condition: notify(1) n times with n waiters": {
    n: 1_000,
    path: async (n) => {
      const loop = loopOf();
      const condition = new Condition();
      await parked(loop, n, function* () {
        yield* condition.acquire();
        yield* condition.wait();
        condition.release();
      });
      await loop.runUntilComplete(function* () {
        yield* condition.acquire();
        for (let i = 0; i < n; i++) condition.notify(1);
        condition.release();
      });
      await settle(loop);
    },
  },
  "Condition: notifyAll() with n waiters": {
    n: 1_000,
    path: async (n) => {
      const loop = loopOf();
      const condition = new Condition();
      await parked(loop, n, function* () {
        yield* condition.acquire();
        yield* condition.wait();
        condition.release();
      });
      await loop.runUntilComplete(function* () {
        yield* condition.acquire();
        condition.notifyAll();
        condition.release();
      });
      await settle(loop);
    },
  },
  "Condition: waiters cancelled newest first": {
    n: 1_000,
    path: async (n) => {
      const loop = loopOf();
      const condition = new Condition();
      const tasks = await parked(loop, n, function* () {
        yield* condition.acquire();
        yield* condition.wait();
      });
      cancelNewestFirst(tasks);
      await settle(loop);
    },
  },
  "Barrier: n parties": {
    n: 1_000,
    path: async (n) => {
      const loop = loopOf();
      const barrier = new Barrier(n);
      await parked(loop, n, () => barrier.wait());
      await settle(loop);
    },
  },
  "gather: n children": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      await loop.runUntilComplete(function* () {
        const children = [];
        for (let i = 0; i < n; i++) children.push(sleep(i % 7, i));
        yield* gather(...children);
      });
    },
  },
  "gather: cancelling n children": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      const children = [];
      for (let i = 0; i < n; i++) children.push(loop.createTask(sleep(1)));
      const outer = gather(...children, { returnExceptions: true });
      await loop.runUntilComplete(sleep(0));
      outer.cancel();
      await settle(loop);
    },
  },
  "wait: n futures, ALL_COMPLETED": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      await loop.runUntilComplete(function* () {
        const futures = [];
        for (let i = 0; i < n; i++) futures.push(loop.createTask(sleep(i % 7, i)));
        yield* wait(futures);
      });
    },
  },
  "asCompleted: n futures": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      await loop.runUntilComplete(function* () {
        const futures = [];
        for (let i = 0; i < n; i++) futures.push(loop.createTask(sleep(i % 7, i)));
        for (const next of asCompleted(futures)) yield* next;
      });
    },
  },
  "TaskGroup: n tasks": {
    n: 2_000,
    path: async (n) => {
      const loop = loopOf();
      await loop.runUntilComplete(
        taskGroup(function* (group) {
          for (let i = 0; i < n; i++) group.createTask(sleep(i % 7, i));
        }),
      );
    },
  },
};

describe("toolkit paths grow linearly", () => {
  describe.each(Object.entries(paths))("%s", (_name, { n, path }) => {
    it("in counted work", async () => {
      // Counting needs no large n: the shape shows at once.
      const small = Math.max(100, n / 20);
      // + 1: a path may do none of the work counted (it is then timed only).
      const ratio = ((await countedWork(path, 8 * small)) + 1) / ((await countedWork(path, small)) + 1);
      expect(ratio).toBeLessThan(COUNT_BOUND);
    });

    it.runIf(process.env.WASMLOOP_SCALING_TIMES)(
      "in time",
      async () => {
        expect(await timeRatio(path, n)).toBeLessThan(TIME_BOUND);
      },
      600_000,
    );
  });
});
