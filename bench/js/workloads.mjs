// @ts-check
// The JavaScript side of the workloads, for wasmloop (either core) and for
// the host's own primitives. Runtime-neutral: Node, Deno and Bun run it alike.
//
// Each workload's `make(subject, n, lib)` sets a subject up once (one loop per
// process, reused by every round, so a round after the warm-up measures a
// loop that has already grown to the workload's size) and returns `round()`,
// which runs the workload once and resolves to its phases in milliseconds.
// bench/py/loops.py mirrors these workloads callback for callback.
import { pendingDelaysMs, shortDelaysMs, virtualDelaysSeconds } from "../lib/random.mjs";

const now = () => performance.now();

/** Callbacks per iteration in the steady-state workload: the "1,000 per iteration" of the targets. */
export const STEADY_BATCH = 1000;

const LOOP_SUBJECTS = ["wasm", "reference"];

export const WORKLOADS = {
  soon: {
    about: "callSoon x n from outside the loop, then one iteration runs them all",
    subjects: [...LOOP_SUBJECTS, "setImmediate", "queueMicrotask"],
    make: makeSoon,
  },
  "soon-steady": {
    about: "inside a running loop, one callback per iteration schedules the next 1,000 (and itself)",
    subjects: [...LOOP_SUBJECTS, "setImmediate", "queueMicrotask"],
    make: makeSteady,
  },
  chain: {
    about: "n links, each callback scheduling the next: one iteration per link",
    subjects: [...LOOP_SUBJECTS, "setImmediate", "queueMicrotask"],
    make: makeChain,
  },
  "timers-sc": {
    about: "n timers with random delays (1 ms-100 s), then each cancelled; cleanup: one iteration",
    subjects: [...LOOP_SUBJECTS, "setTimeout"],
    make: makeScheduleCancel,
  },
  "timers-drain": {
    about: "n timers with random deadlines, all run (wasmloop: virtual time, one iteration per deadline)",
    subjects: [...LOOP_SUBJECTS, "setTimeout"],
    make: (subject, n, lib) => makeDrain(subject, n, lib, false),
  },
  "timers-cancel50": {
    about: "n timers, every other one cancelled, the rest run (as timers-drain)",
    subjects: [...LOOP_SUBJECTS, "setTimeout"],
    make: (subject, n, lib) => makeDrain(subject, n, lib, true),
  },
  "task-step": {
    about: "one step of a generator task that gives up one iteration per step (a bare yield; asyncio: await sleep(0))",
    subjects: LOOP_SUBJECTS,
    tasks: true,
    make: makeTaskStep,
  },
  "task-await": {
    about: "one await of a pending Future that a callSoon completes (its wakeup, then the task's next step)",
    subjects: LOOP_SUBJECTS,
    tasks: true,
    make: makeTaskAwait,
  },
};

/** Thrown by a workload whose subject lacks a feature; the child reports it instead of failing. */
export class Skip extends Error {}

function expect(condition, what) {
  if (!condition) throw new Error(`benchmark self-check failed: ${what}`);
}

function makeSoon(subject, n, lib) {
  let count = 0;
  const callback = () => {
    count++;
  };
  if (subject === "setImmediate" || subject === "queueMicrotask") {
    const queue = subject === "setImmediate" ? setImmediate : queueMicrotask;
    return async () => {
      count = 0;
      const t0 = now();
      for (let i = 0; i < n; i++) queue(callback);
      const t1 = now();
      // FIFO: the marker runs after every callback queued before it.
      await /** @type {Promise<void>} */ (new Promise((resolve) => queue(resolve)));
      const t2 = now();
      expect(count === n, `${subject} ran ${count} of ${n}`);
      return { schedule: t1 - t0, dispatch: t2 - t1 };
    };
  }
  const loop = new lib.EventLoop({ core: subject });
  return async () => {
    count = 0;
    const t0 = now();
    for (let i = 0; i < n; i++) loop.callSoon(callback);
    const t1 = now();
    // A stop before the run makes it exactly one iteration: the whole batch.
    loop.stop();
    await loop.runForever();
    const t2 = now();
    expect(count === n, `soon ran ${count} of ${n}`);
    return { schedule: t1 - t0, dispatch: t2 - t1 };
  };
}

function makeSteady(subject, n, lib) {
  const iterations = Math.max(1, Math.round(n / STEADY_BATCH));
  let count = 0;
  const callback = () => {
    count++;
  };
  if (subject === "setImmediate" || subject === "queueMicrotask") {
    const queue = subject === "setImmediate" ? setImmediate : queueMicrotask;
    return () =>
      new Promise((resolve) => {
        count = 0;
        let left = iterations;
        const t0 = now();
        const driver = () => {
          for (let i = 0; i < STEADY_BATCH; i++) queue(callback);
          if (--left > 0) queue(driver);
          else queue(() => resolve({ run: now() - t0 }));
        };
        queue(driver);
      }).then((phases) => {
        expect(count === iterations * STEADY_BATCH, `${subject} steady ran ${count}`);
        return phases;
      });
  }
  const loop = new lib.EventLoop({ core: subject });
  const stop = () => loop.stop();
  return async () => {
    count = 0;
    let left = iterations;
    const driver = () => {
      for (let i = 0; i < STEADY_BATCH; i++) loop.callSoon(callback);
      // The stop goes behind the last thousand, so they run before the run ends.
      loop.callSoon(--left > 0 ? driver : stop);
    };
    loop.callSoon(driver);
    const t0 = now();
    await loop.runForever();
    const t1 = now();
    expect(count === iterations * STEADY_BATCH, `steady ran ${count}`);
    return { run: t1 - t0 };
  };
}

function makeChain(subject, n, lib) {
  if (subject === "setImmediate" || subject === "queueMicrotask") {
    const queue = subject === "setImmediate" ? setImmediate : queueMicrotask;
    return () =>
      new Promise((resolve) => {
        let left = n;
        const t0 = now();
        const link = () => {
          if (--left > 0) queue(link);
          else resolve({ run: now() - t0 });
        };
        queue(link);
      });
  }
  const loop = new lib.EventLoop({ core: subject });
  let left = 0;
  const link = () => {
    if (--left > 0) loop.callSoon(link);
    else loop.stop();
  };
  return async () => {
    left = n;
    const t0 = now();
    loop.callSoon(link);
    await loop.runForever();
    const t1 = now();
    expect(left === 0, `chain stopped with ${left} links left`);
    return { run: t1 - t0 };
  };
}

function makeScheduleCancel(subject, n, lib) {
  const delaysMs = pendingDelaysMs(n);
  const handles = new Array(n).fill(null);
  let fired = 0;
  const callback = () => {
    fired++;
  };
  if (subject === "setTimeout") {
    return async () => {
      const t0 = now();
      for (let i = 0; i < n; i++) handles[i] = setTimeout(callback, delaysMs[i]);
      const t1 = now();
      for (let i = 0; i < n; i++) clearTimeout(handles[i]);
      const t2 = now();
      handles.fill(null);
      expect(fired === 0, "a cancelled setTimeout fired");
      // clearTimeout unlinks at once: Node has no deferred cleanup to time.
      return { schedule: t1 - t0, cancel: t2 - t1 };
    };
  }
  const delays = Float64Array.from(delaysMs, (ms) => ms / 1000);
  const loop = new lib.EventLoop({ core: subject });
  return async () => {
    const t0 = now();
    for (let i = 0; i < n; i++) handles[i] = loop.callLater(delays[i], callback);
    const t1 = now();
    for (let i = 0; i < n; i++) handles[i].cancel();
    const t2 = now();
    // Cancellation is lazy (as in asyncio): one iteration drops what is left.
    loop.stop();
    await loop.runForever();
    const t3 = now();
    handles.fill(null);
    expect(fired === 0, "a cancelled timer fired");
    return { schedule: t1 - t0, cancel: t2 - t1, cleanup: t3 - t2 };
  };
}

function makeDrain(subject, n, lib, cancelHalf) {
  const handles = cancelHalf ? new Array(n).fill(null) : null;
  const expected = cancelHalf ? n - Math.floor(n / 2) : n;
  let fired = 0;
  let done = null;
  if (subject === "setTimeout") {
    // Node has no virtual time: the delays are tiny and all have passed
    // before the dispatch clock starts, so dispatch is CPU only.
    const delaysMs = shortDelaysMs(n);
    const callback = () => {
      if (++fired === expected) done();
    };
    return async () => {
      fired = 0;
      const finished = new Promise((resolve) => (done = resolve));
      const t0 = now();
      for (let i = 0; i < n; i++) {
        const timer = setTimeout(callback, delaysMs[i]);
        if (handles !== null) handles[i] = timer;
      }
      const t1 = now();
      if (handles !== null) for (let i = 1; i < n; i += 2) clearTimeout(handles[i]);
      const t2 = now();
      while (now() < t1 + 40) {
        // Busy, not asleep: a host timer here would start draining early.
      }
      const t3 = now();
      await finished;
      const t4 = now();
      if (handles !== null) handles.fill(null);
      expect(fired === expected, `setTimeout drained ${fired} of ${expected}`);
      return cancelHalf
        ? { schedule: t1 - t0, cancel: t2 - t1, dispatch: t4 - t3 }
        : { schedule: t1 - t0, dispatch: t4 - t3 };
    };
  }
  const delays = virtualDelaysSeconds(n);
  const loop = new lib.EventLoop({ core: subject, clock: new lib.VirtualClock(0) });
  const callback = () => {
    if (++fired === expected) loop.stop();
  };
  return async () => {
    fired = 0;
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const handle = loop.callLater(delays[i], callback);
      if (handles !== null) handles[i] = handle;
    }
    const t1 = now();
    if (handles !== null) for (let i = 1; i < n; i += 2) handles[i].cancel();
    const t2 = now();
    await loop.runForever();
    const t3 = now();
    if (handles !== null) handles.fill(null);
    expect(fired === expected, `drained ${fired} of ${expected}`);
    return cancelHalf
      ? { schedule: t1 - t0, cancel: t2 - t1, dispatch: t3 - t2 }
      : { schedule: t1 - t0, dispatch: t3 - t1 };
  };
}

async function requireTasks(loop) {
  const missing = "not yet: tasks are not in the build (EventLoop.createTask)";
  if (typeof loop.createTask !== "function") throw new Skip(missing);
  try {
    await loop.runUntilComplete(loop.createTask((function* () {})()));
  } catch (error) {
    if (/not loaded/.test(String(/** @type {Error | undefined} */ (error)?.message))) throw new Skip(missing);
    throw error;
  }
}

async function makeTaskStep(subject, n, lib) {
  const loop = new lib.EventLoop({ core: subject });
  await requireTasks(loop);
  function* body() {
    for (let i = 0; i < n; i++) yield;
  }
  return async () => {
    const t0 = now();
    await loop.runUntilComplete(loop.createTask(body()));
    return { run: now() - t0 };
  };
}

async function makeTaskAwait(subject, n, lib) {
  const loop = new lib.EventLoop({ core: subject });
  await requireTasks(loop);
  const complete = (future) => future.setResult(undefined);
  function* body() {
    for (let i = 0; i < n; i++) {
      const future = loop.createFuture();
      loop.callSoon(complete, future);
      yield future;
    }
  }
  return async () => {
    const t0 = now();
    await loop.runUntilComplete(loop.createTask(body()));
    return { run: now() - t0 };
  };
}
