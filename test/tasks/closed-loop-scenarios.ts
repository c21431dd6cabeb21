/**
 * Async-function tasks whose code outlives their loop (not a test file: the
 * scenarios run in-process from closed-loop-reactions.test.ts and in a child
 * Node process it bundles). Each task awaits a promise the loop does not
 * know (a host timer started once every loop is closed), so its step ends at
 * the next host turn and the task detaches; the loop is then stopped and
 * closed, and the code goes on: it returns, throws, is cancelled, awaits a
 * toolkit coroutine where no loop runs, or ends inside a scoped helper. None
 * of it may reach the host as an unhandled rejection.
 */
import { EventLoop, sleep, type Task, timeout } from "../../host/index.js";

type CoreName = "wasm" | "reference";

function hostDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Opens once every scenario's loop is closed: a host timer started then. */
let gate: Promise<void> = Promise.resolve();

export interface Outcome {
  name: string;
  /** What the task ended with once its code was done: "result 1", "exception late", "cancelled", or "pending". */
  ended: string;
  /** Done callbacks that ran (none can: the loop is closed). */
  callbacks: number;
}

interface Scenario {
  name: string;
  /** Makes the task on `loop`; the returned function runs once the loop is closed. */
  start(loop: EventLoop, task: (code: () => Promise<unknown>) => Task<unknown>): () => void;
}

const scenarios: Scenario[] = [
  {
    name: "returns after close",
    start: (_loop, task) => {
      task(async () => {
        await gate;
        return 1;
      });
      return () => {};
    },
  },
  {
    name: "throws after close",
    start: (_loop, task) => {
      task(async () => {
        await gate;
        throw new Error("late");
      });
      return () => {};
    },
  },
  {
    name: "awaited from JS, returns after close",
    start: (_loop, task) => {
      const t = task(async () => {
        await gate;
        return 1;
      });
      // then() registers a done callback that the closed loop cannot schedule.
      void t.then(
        () => {},
        () => {},
      );
      return () => {};
    },
  },
  {
    name: "cancelled after close, then returns",
    start: (_loop, task) => {
      const t = task(async () => {
        await gate;
        return 1;
      });
      return () => void t.cancel("too late");
    },
  },
  {
    name: "done callback added after close, then throws",
    start: (_loop, task) => {
      const t = task(async () => {
        await gate;
        throw new Error("late");
      });
      return () => t.addDoneCallback(() => {});
    },
  },
  {
    name: "awaits a toolkit coroutine after close",
    start: (_loop, task) => {
      task(async () => {
        await gate;
        await sleep(0);
        return 1;
      });
      return () => {};
    },
  },
  {
    name: "a scoped helper's body ends after close",
    start: (_loop, task) => {
      task(
        async () =>
          await timeout(10, async () => {
            await gate;
            return 1;
          }),
      );
      return () => {};
    },
  },
  {
    name: "a scoped helper's body gives up a step after close",
    start: (_loop, task) => {
      task(
        async () =>
          await timeout(null, async () => {
            await gate;
            await sleep(0);
            return 1;
          }),
      );
      return () => {};
    },
  },
];

function describeEnd(task: Task<unknown>): string {
  if (!task.done()) return "pending";
  if (task.cancelled()) return "cancelled";
  const exception = task.exception();
  return exception === null ? `result ${String(task.result())}` : `exception ${(exception as Error).message}`;
}

/** Plays every scenario on its own loop; resolves once every task's code has had time to end. */
export async function playClosedLoopScenarios(core: CoreName): Promise<Outcome[]> {
  let open: () => void = () => {};
  gate = new Promise((resolve) => (open = resolve));
  const played: Array<{ name: string; tasks: Task<unknown>[]; afterClose: () => void; callbacks: { count: number } }> =
    [];
  for (const scenario of scenarios) {
    const loop = new EventLoop({ core });
    const tasks: Task<unknown>[] = [];
    const callbacks = { count: 0 };
    const afterClose = scenario.start(loop, (code) => {
      const t = loop.createTask(code);
      t.addDoneCallback(() => callbacks.count++);
      tasks.push(t);
      return t;
    });
    // The first step runs, its code awaits the gate, the step ends at the host turn.
    loop.callLater(0.001, () => loop.stop());
    await loop.runForever();
    loop.close();
    played.push({ name: scenario.name, tasks, afterClose, callbacks });
  }
  for (const { afterClose } of played) afterClose();
  setTimeout(open, 5);
  await hostDelay(40);
  return played.map(({ name, tasks, callbacks }) => ({
    name,
    ended: describeEnd(tasks[0]!),
    callbacks: callbacks.count,
  }));
}

export const CLOSED_LOOP_SCENARIO_NAMES = scenarios.map((s) => s.name);
