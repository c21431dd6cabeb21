// @ts-check
/**
 * The runtime-neutral suite: this one file runs, unchanged, in node, deno,
 * bun, workerd and Chromium, against whatever the package gave that runtime
 * (see run.mjs). It uses only the language and the globals all five share
 * (performance, setTimeout), never a test framework, so nothing but the
 * package itself differs between runtimes.
 *
 * What it checks is what could differ between runtimes: the loop's semantics
 * on the real Wasm core, time from each host's clock, waits on each host's
 * timers, wake-ups and time slices through each host's turn primitive
 * (setImmediate, MessageChannel or setTimeout), memory growth, and the
 * errors. The full semantics are tested in test/loop under vitest.
 *
 * `runSuite(api)` takes the imported package namespace and resolves with
 * { passed, failed, total, failures, skipped }; a test of a feature this
 * build does not export yet is skipped, not counted. `measureStartup(load)`
 * times one import of the package until the first loop callback.
 */

/** A test that has not settled by then is reported as failed rather than hanging the runtime. */
const TEST_TIMEOUT_MS = 15_000;
/** Generous upper bounds for real-time waits: CI machines are slow and shared. */
const SLACK_S = 5;
/**
 * Tolerance of a difference of two loop times. workerd's clock counts from
 * the Unix epoch, so loop.time() is about 1.8e9 s there, where a double
 * resolves only 2.4e-7 s; never-early checks compare with a handle's when().
 */
const TIME_EPSILON_S = 1e-6;

const tests = [];
function test(name, body) {
  tests.push({ name, body });
}

// ---- Assertions ------------------------------------------------------------

/** Thrown by a test whose feature this build of the package does not have yet. */
class Skipped extends Error {
  /** @override */
  name = "Skipped";
}

class AssertionFailed extends Error {
  /** @override */
  name = "AssertionFailed";
}

function fail(message) {
  throw new AssertionFailed(message);
}

function ok(condition, message) {
  if (!condition) fail(message);
}

function equal(actual, expected, what = "value") {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function checkError(error, type, message, what) {
  ok(
    error instanceof type,
    `${what}: expected a ${type.name}, got ${error?.name ?? typeof error}: ${error?.message ?? error}`,
  );
  if (typeof message === "string") equal(error.message, message, `${what}: message`);
  else ok(message.test(error.message), `${what}: message ${JSON.stringify(error.message)} does not match ${message}`);
}

function throws(body, type, message, what = "call") {
  try {
    body();
  } catch (error) {
    checkError(error, type, message, what);
    return;
  }
  fail(`${what}: expected a ${type.name}, nothing was thrown`);
}

async function rejects(promise, type, message, what = "promise") {
  try {
    await promise;
  } catch (error) {
    checkError(error, type, message, what);
    return;
  }
  fail(`${what}: expected a rejection with a ${type.name}, it resolved`);
}

function hostSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A small seeded PRNG (mulberry32), so every runtime draws the same workload. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- The package -------------------------------------------------------------

test("the package exports the public API", (api) => {
  for (const name of [
    "EventLoop",
    "Future",
    "Handle",
    "TimerHandle",
    "MonotonicClock",
    "VirtualClock",
    "CancelledError",
    "InvalidStateError",
    "RuntimeError",
    "TimeoutError",
    "init",
  ]) {
    ok(typeof api[name] === "function", `export ${name}: expected a function, got ${typeof api[name]}`);
  }
});

/**
 * What one of each public object prints as, made the same way in every
 * runtime: a bundler that renames a class (esbuild turns `class Queue` into
 * `class _Queue` when the body refers to itself) shows up here. Keyed by
 * what was printed; resolves once the loop it used is closed.
 */
export async function sampleReprs(api) {
  const reprs = {};
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  reprs.EventLoop = String(loop);
  function tick() {}
  const handles = [loop.callSoon(tick, 1, "x"), loop.callSoon(api.sleep, 0), loop.callLater(5, tick)];
  [reprs.Handle, reprs["Handle of an exported function"], reprs.TimerHandle] = handles.map(String);
  for (const handle of handles) handle.cancel();
  const future = loop.createFuture();
  reprs.Future = String(future);
  future.setResult(7);
  reprs["Future, finished"] = String(future);
  await loop.runUntilComplete(async () => {
    reprs.Queue = String(new api.Queue());
    if (api.LifoQueue) reprs.LifoQueue = String(new api.LifoQueue(2));
    if (api.PriorityQueue) reprs.PriorityQueue = String(new api.PriorityQueue());
    reprs.Semaphore = String(new api.Semaphore(2));
    if (api.BoundedSemaphore) reprs.BoundedSemaphore = String(new api.BoundedSemaphore());
    reprs.Lock = String(new api.Lock());
    reprs.Event = String(new api.Event());
    reprs.Condition = String(new api.Condition());
    reprs.Barrier = String(new api.Barrier(3));
    const task = loop.createTask(async () => "done", { name: "sample" });
    reprs.Task = String(task);
    await task;
    reprs["Task, finished"] = String(task);
  });
  loop.close();
  reprs["EventLoop, closed"] = String(loop);
  return reprs;
}

/** What sampleReprs gives from the TypeScript sources (test/bundle/names.test.ts checks that they still do). */
export const EXPECTED_REPRS = {
  EventLoop: "<EventLoop idle debug=false>",
  Handle: "<Handle tick(1, 'x')>",
  "Handle of an exported function": "<Handle sleep(0)>",
  TimerHandle: "<TimerHandle when=5 tick()>",
  Future: "<Future pending>",
  "Future, finished": "<Future finished result=7>",
  Queue: "<Queue maxsize=0>",
  LifoQueue: "<LifoQueue maxsize=2>",
  PriorityQueue: "<PriorityQueue maxsize=0>",
  Semaphore: "<Semaphore [unlocked, value:2]>",
  BoundedSemaphore: "<BoundedSemaphore [unlocked, value:1]>",
  Lock: "<Lock [unlocked]>",
  Event: "<Event [unset]>",
  Condition: "<Condition [unlocked]>",
  Barrier: "<Barrier [filling, waiters:0/3]>",
  Task: "<Task pending name='sample' coro=<<anonymous>()>>",
  "Task, finished": "<Task finished name='sample' coro=<<anonymous>()> result='done'>",
  "EventLoop, closed": "<EventLoop closed debug=false>",
};

/** Exported functions and classes whose `name` differs from their export name. */
export function misnamedExports(api) {
  return Object.entries(api)
    .filter(([key, value]) => typeof value === "function" && value.name !== key)
    .map(([key, value]) => `${key} is named ${JSON.stringify(value.name)}`);
}

test("exported classes and functions keep their names; reprs name the class", async (api) => {
  equal(misnamedExports(api), [], "exports whose name changed");
  const reprs = await sampleReprs(api);
  for (const [what, expected] of Object.entries(EXPECTED_REPRS)) {
    if (what in reprs) equal(reprs[what], expected, `String(${what})`);
  }
});

test("init() refuses anything but a compiled WebAssembly.Module", (api) => {
  throws(
    () => api.init(new Uint8Array([0, 97, 115, 109])),
    TypeError,
    /^init\(\) expected a WebAssembly\.Module, got /,
  );
  throws(() => api.init(undefined), TypeError, /^init\(\) expected a WebAssembly\.Module, got /);
});

// ---- callSoon and the stop contract (asyncio's run_forever / stop) ------------

for (const core of ["wasm", "reference"]) {
  test(`callSoon runs callbacks in FIFO order with their arguments (${core} core)`, async (api) => {
    const loop = new api.EventLoop({ core });
    const log = [];
    for (let index = 0; index < 5; index++) loop.callSoon((n, tag) => log.push(`${tag}${n}`), index, "c");
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    equal(log, ["c0", "c1", "c2", "c3", "c4"], "order");
    loop.close();
  });
}

test("a batch is fixed when it starts: callbacks it schedules run in the next iteration", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const log = [];
  loop.callSoon(() => {
    log.push("a");
    loop.callSoon(() => log.push("c"));
  });
  loop.callSoon(() => log.push("b"));
  loop.stop();
  await loop.runForever();
  equal(log, ["a", "b"], "first run (stopped before it started: one iteration)");
  loop.stop();
  await loop.runForever();
  equal(log, ["a", "b", "c"], "second run");
  loop.close();
});

test("stop during a batch: the batch finishes, what it scheduled waits for the next run", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const log = [];
  loop.callSoon(() => {
    log.push("a");
    loop.stop();
    loop.callSoon(() => log.push("next"));
  });
  loop.callSoon(() => log.push("b"));
  const run = loop.runForever();
  ok(run instanceof Promise, "runForever() returns a promise");
  equal(await run, undefined, "runForever() result");
  equal(log, ["a", "b"], "after the first run");
  ok(!loop.isRunning(), "isRunning() after the run");
  loop.callLater(1, () => {
    log.push(`t${loop.time()}`);
    loop.stop();
  });
  await loop.runForever();
  equal(log, ["a", "b", "next", "t1"], "after the second run");
  loop.close();
});

test("stop() never throws; several stops before a run cut short only that run", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const log = [];
  loop.stop();
  loop.stop();
  loop.callSoon(() => {
    log.push("first");
    loop.callSoon(() => log.push("second"));
  });
  await loop.runForever();
  equal(log, ["first"], "the stopped run");
  loop.callLater(1, () => {
    log.push("timer");
    loop.stop();
  });
  await loop.runForever();
  equal(log, ["first", "second", "timer"], "the next run");
  loop.close();
  loop.stop();
});

test("isRunning(), running twice, another loop inside a running one", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const other = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const seen = [];
  loop.callSoon(() => {
    seen.push(loop.isRunning());
    throws(
      () => loop.runForever(),
      api.RuntimeError,
      "This event loop is already running",
      "runForever() while running",
    );
    throws(
      () => other.runForever(),
      api.RuntimeError,
      "Cannot run the event loop while another loop is running",
      "another loop",
    );
    loop.stop();
  });
  ok(!loop.isRunning(), "isRunning() before");
  await loop.runForever();
  equal(seen, [true], "isRunning() inside a callback");
  loop.close();
  other.close();
});

test("a closed loop refuses work with asyncio's message; close() is idempotent", async (api) => {
  const loop = new api.EventLoop();
  loop.callLater(1000, () => fail("a dropped timer ran"));
  loop.close();
  loop.close();
  ok(loop.isClosed(), "isClosed()");
  throws(() => loop.callSoon(() => {}), api.RuntimeError, "Event loop is closed", "callSoon");
  throws(() => loop.callLater(1, () => {}), api.RuntimeError, "Event loop is closed", "callLater");
  throws(() => loop.runForever(), api.RuntimeError, "Event loop is closed", "runForever");
  throws(() => loop.runUntilComplete(Promise.resolve(1)), api.RuntimeError, "Event loop is closed", "runUntilComplete");
});

test("a cancelled handle never runs, even when cancelled by an earlier callback of its batch", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const log = [];
  let victim = null;
  loop.callSoon(() => {
    log.push("a");
    victim.cancel();
  });
  victim = loop.callSoon(() => log.push("victim"));
  const timer = loop.callLater(1, () => log.push("timer"));
  timer.cancel();
  timer.cancel();
  ok(timer.cancelled() && !victim.cancelled(), "cancelled() before the run");
  loop.callLater(2, () => loop.stop());
  await loop.runForever();
  equal(log, ["a"], "what ran");
  ok(victim.cancelled(), "cancelled() after the run");
  equal(loop.time(), 2, "time");
  loop.close();
});

test("a callback that throws goes to the exception handler with asyncio's context; the loop goes on", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const contexts = [];
  const log = [];
  loop.setExceptionHandler((handlerLoop, context) => contexts.push([handlerLoop === loop, context]));
  const error = new Error("boom");
  const handle = loop.callSoon(
    function boom(_n, _s) {
      throw error;
    },
    1,
    "x",
  );
  loop.callSoon(() => {
    log.push("after");
    loop.stop();
  });
  await loop.runForever();
  equal(log, ["after"], "the next callback ran");
  equal(contexts.length, 1, "handler calls");
  const [sameLoop, context] = contexts[0];
  ok(sameLoop, "the handler gets the loop");
  equal(context.message, "Exception in callback boom(1, 'x')", "context.message");
  ok(context.exception === error, "context.exception is the value thrown");
  ok(context.handle instanceof api.Handle, "context.handle is a Handle");
  equal(String(context.handle), String(handle), "context.handle describes the handle callSoon returned");
  loop.close();
});

// ---- Real time, on each host's clock and timers ------------------------------

test("the default clock is the host's performance.now(), in seconds, and never goes back", async (api) => {
  const loop = new api.EventLoop();
  let previous = loop.time();
  const host = performance.now() / 1000;
  // workerd's performance.now() moves in whole milliseconds.
  ok(Math.abs(host - previous) < 0.01, `loop.time() ${previous} vs performance.now()/1000 ${host}`);
  for (let index = 0; index < 1000; index++) {
    const now = loop.time();
    ok(now >= previous, `time went back from ${previous} to ${now}`);
    previous = now;
  }
  await hostSleep(20);
  ok(loop.time() > previous, "time advanced across a host timer");
  loop.close();
});

test("real-time timers fire in deadline order, never early; equal deadlines keep scheduling order", async (api) => {
  const loop = new api.EventLoop();
  const log = [];
  const start = loop.time();
  const late = [];
  const schedule = (delay, name) => {
    const handle = loop.callLater(delay, () => {
      log.push(name);
      // The loop may not run a timer before its deadline (asyncio's due rule, resolution 1e-9).
      if (loop.time() < handle.when() - 1e-9) late.push(`${name} ran at ${loop.time()}, due ${handle.when()}`);
    });
    ok(
      Math.abs(handle.when() - (start + delay)) < 0.01,
      `${name}.when() is ${handle.when()}, scheduled at ${start} + ${delay}`,
    );
  };
  schedule(0.06, "c");
  schedule(0.02, "b1");
  schedule(0.02, "b2");
  schedule(0, "a");
  schedule(0.04, "bc");
  const stopper = loop.callLater(0.07, () => loop.stop());
  await loop.runForever();
  const elapsed = loop.time() - start;
  equal(log, ["a", "b1", "b2", "bc", "c"], "order");
  equal(late, [], "timers that ran early");
  ok(
    loop.time() >= stopper.when() - 1e-9,
    `the run ended at ${loop.time()}, before its stop timer (${stopper.when()})`,
  );
  ok(elapsed < 0.07 + SLACK_S, `the run took ${elapsed} s`);
  loop.close();
});

test("a cancelled real-time timer does not run and the loop still sleeps until the next one", async (api) => {
  const loop = new api.EventLoop();
  const log = [];
  const start = loop.time();
  const early = loop.callLater(0.01, () => log.push("cancelled"));
  const later = loop.callLater(0.05, () => {
    log.push(`later ${loop.time() >= later.when() - 1e-9 && loop.time() - start >= 0.05 - TIME_EPSILON_S}`);
    loop.stop();
  });
  early.cancel();
  await loop.runForever();
  equal(log, ["later true"], "what ran");
  loop.close();
});

test("host code wakes a loop that sleeps on a far timer (callSoonThreadsafe from a host timer)", async (api) => {
  const loop = new api.EventLoop();
  const far = loop.callLater(3600, () => fail("the far timer ran"));
  const start = loop.time();
  setTimeout(() => loop.callSoonThreadsafe(() => loop.stop()), 20);
  await loop.runForever();
  const elapsed = loop.time() - start;
  ok(elapsed < SLACK_S, `woken after ${elapsed} s`);
  ok(!far.cancelled(), "the far timer is still pending");
  far.cancel();
  loop.close();
});

test("a busy loop gives the host turns: a host timer fires while callbacks keep coming", async (api) => {
  const loop = new api.EventLoop();
  let hostRan = false;
  let iterations = 0;
  const start = loop.time();
  const spin = () => {
    iterations++;
    if (hostRan || loop.time() - start > SLACK_S) loop.stop();
    else loop.callSoon(spin);
  };
  loop.callSoon(spin);
  setTimeout(() => {
    hostRan = true;
  }, 0);
  await loop.runForever();
  ok(hostRan, `the host timer ran (after ${iterations} iterations)`);
  loop.close();
});

test("runUntilComplete of a host promise: the loop sleeps until the promise wakes it", async (api) => {
  const loop = new api.EventLoop();
  const log = [];
  loop.callLater(0.01, () => log.push("timer"));
  const value = await loop.runUntilComplete(hostSleep(40).then(() => "slept"));
  equal(value, "slept", "result");
  equal(log, ["timer"], "timers ran meanwhile");
  await rejects(
    loop.runUntilComplete(hostSleep(5).then(() => Promise.reject(new TypeError("nope")))),
    TypeError,
    "nope",
    "a rejected promise",
  );
  loop.close();
});

// ---- Virtual time ---------------------------------------------------------------

test("VirtualClock: an hour passes at once, time lands exactly on each deadline", async (api) => {
  const clock = new api.VirtualClock(0);
  const loop = new api.EventLoop({ clock });
  const times = [];
  const hostStart = performance.now();
  loop.callLater(0.1, () => times.push(loop.time()));
  loop.callAt(1800, () => times.push(loop.time()));
  loop.callLater(3600, () => {
    times.push(loop.time());
    loop.stop();
  });
  await loop.runForever();
  equal(times, [0.1, 1800, 3600], "times seen");
  ok(performance.now() - hostStart < SLACK_S * 1000, "no real waiting");
  clock.advance(0.5);
  equal(loop.time(), 3600.5, "advance()");
  loop.close();
});

test("VirtualClock: a loop with nothing to do rejects instead of waiting forever", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  await rejects(loop.runForever(), api.RuntimeError, /would wait forever/, "idle runForever()");
  ok(!loop.isRunning(), "isRunning() after");
  loop.close();
});

test("20,000 timers with seeded deadlines fire in (deadline, scheduling order) and the core's memory grows", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const draw = random(20260101);
  const expected = [];
  const fired = [];
  for (let index = 0; index < 20_000; index++) {
    // Few distinct deadlines, so many ties.
    const when = Math.floor(draw() * 500) / 10;
    expected.push([when, index]);
    loop.callAt(when, () => fired.push(index));
  }
  loop.callAt(100, () => loop.stop());
  await loop.runForever();
  expected.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  equal(fired.length, expected.length, "timers fired");
  const firstWrong = fired.findIndex((index, position) => index !== expected[position][1]);
  equal(firstWrong, -1, "first timer out of order");
  loop.close();
});

test("several loops, each with its own core, keep their timers apart", async (api) => {
  const loops = [0, 1, 2].map(() => new api.EventLoop({ clock: new api.VirtualClock(0) }));
  const log = [];
  loops.forEach((loop, index) => {
    loop.callLater(index + 1, () => log.push(`loop${index}`));
    loop.callLater(10, () => loop.stop());
  });
  for (const loop of loops) await loop.runForever();
  equal(log, ["loop0", "loop1", "loop2"], "callbacks");
  for (const loop of loops) loop.close();
});

// ---- Futures ----------------------------------------------------------------------

test("a future's done callbacks run from the loop, in order; the future is awaitable", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const future = loop.createFuture();
  const log = [];
  future.addDoneCallback((f) => log.push(`first ${f.result()}`));
  future.addDoneCallback((f) => log.push(`second ${f === future}`));
  loop.callLater(2, () => {
    future.setResult(42);
    equal(log, [], "callbacks are not called synchronously");
  });
  equal(await loop.runUntilComplete(future), 42, "runUntilComplete(future)");
  equal(log, ["first 42", "second true"], "done callbacks");
  equal(loop.time(), 2, "time");
  equal(await future, 42, "await future");
  throws(() => future.setResult(1), api.InvalidStateError, "invalid state", "a second setResult");
  loop.close();
});

test("futures: exceptions, cancellation, states", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  const pending = loop.createFuture();
  throws(() => pending.result(), api.InvalidStateError, "Result is not set.", "result() while pending");
  const failing = loop.createFuture();
  loop.callSoon(() => failing.setException(new RangeError("bad")));
  await rejects(loop.runUntilComplete(failing), RangeError, "bad", "runUntilComplete of a failed future");
  ok(failing.exception() instanceof RangeError, "exception()");
  const cancelled = loop.createFuture();
  loop.callSoon(() => cancelled.cancel("no longer needed"));
  await rejects(loop.runUntilComplete(cancelled), api.CancelledError, "no longer needed", "a cancelled future");
  ok(cancelled.cancelled() && !cancelled.cancel(), "cancel() is once");
  const other = new api.EventLoop({ clock: new api.VirtualClock(0) });
  throws(() => other.runUntilComplete(pending), RangeError, /different loop/, "a future of another loop");
  loop.close();
  other.close();
});

test("runUntilComplete of a promise under a VirtualClock; a stop first leaves the future undone", async (api) => {
  const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
  equal(await loop.runUntilComplete(Promise.resolve("p")), "p", "a resolved promise");
  const future = loop.createFuture();
  loop.callSoon(() => loop.stop());
  await rejects(
    loop.runUntilComplete(future),
    api.RuntimeError,
    "Event loop stopped before Future completed.",
    "stopped",
  );
  loop.close();
});

// ---- Tasks, where the package has them ---------------------------------------------

test("tasks: a generator task and an async-function task sleep in real time", async (api) => {
  const loop = new api.EventLoop();
  if (typeof api.sleep !== "function" || typeof loop.createTask !== "function") {
    loop.close();
    throw new Skipped("no sleep() / createTask() exported");
  }
  const log = [];
  const start = loop.time();
  const generator = loop.createTask(
    (function* () {
      log.push("g0");
      yield* api.sleep(0.03);
      log.push("g1");
      return "g";
    })(),
  );
  const asyncTask = loop.createTask(async () => {
    log.push("a0");
    await api.sleep(0.01);
    log.push("a1");
    return "a";
  });
  equal(await loop.runUntilComplete(generator), "g", "generator task result");
  equal(await asyncTask, "a", "async task result");
  equal(log, ["g0", "a0", "a1", "g1"], "interleaving");
  ok(loop.time() - start >= 0.03 - TIME_EPSILON_S, `slept ${loop.time() - start} s, not 30 ms`);
  loop.close();
});

// ---- Bad input -----------------------------------------------------------------------

test("bad input is refused at the call with TypeError or RangeError and a message", async (api) => {
  const loop = new api.EventLoop();
  throws(() => loop.callSoon(42), TypeError, "a callable object was expected by callSoon(), got 42", "callSoon(42)");
  throws(() => loop.callSoon("x"), TypeError, "a callable object was expected by callSoon(), got 'x'", "callSoon('x')");
  throws(
    () => loop.callLater("1", () => {}),
    TypeError,
    "callLater() expected delay to be a number of seconds, got '1'",
    "callLater('1')",
  );
  throws(() => loop.callLater(null, () => {}), TypeError, "callLater(): delay must not be null", "callLater(null)");
  throws(
    () => loop.callLater(NaN, () => {}),
    RangeError,
    "callLater() expected delay to be a number of seconds, got NaN",
    "callLater(NaN)",
  );
  throws(
    () => loop.callAt(undefined, () => {}),
    TypeError,
    "callAt() expected when to be a number of seconds, got undefined",
    "callAt(undefined)",
  );
  throws(() => loop.callAt(1, {}), TypeError, /^a callable object was expected by callAt\(\), got /, "callAt(1, {})");
  throws(
    () => loop.runUntilComplete(42),
    TypeError,
    "runUntilComplete(): An asyncio.Future, a coroutine or an awaitable is required, got 42",
    "runUntilComplete(42)",
  );
  throws(
    () => new api.EventLoop({ clockResolution: 0 }),
    RangeError,
    /^EventLoop\(\) expected clockResolution to be a finite number of seconds > 0/,
    "clockResolution 0",
  );
  throws(
    () => new api.EventLoop({ core: "fast" }),
    TypeError,
    /^EventLoop\(\) expected core to be "wasm" or "reference"/,
    "core 'fast'",
  );
  throws(
    () => new api.EventLoop({ clock: {} }),
    TypeError,
    /^EventLoop\(\) expected clock to have a now\(\) method/,
    "clock {}",
  );
  throws(
    () => new api.VirtualClock(Infinity),
    RangeError,
    "VirtualClock() expected startSeconds to be finite, got Infinity",
    "VirtualClock(Infinity)",
  );
  throws(
    () => new api.VirtualClock(0).advance(-1),
    RangeError,
    /^advance\(\) expected a finite number of seconds >= 0/,
    "advance(-1)",
  );
  // The refusals left the loop as it was: one callback still runs, then it stops.
  const log = [];
  loop.callSoon(() => {
    log.push("ran");
    loop.stop();
  });
  await loop.runForever();
  equal(log, ["ran"], "after the refusals");
  loop.close();
});

// ---- Running the suite -----------------------------------------------------------------

/**
 * Runs every test against `api` (the package's namespace), one after the
 * other. Resolves with the counts and each failure's name and message.
 */
export async function runSuite(api) {
  const failures = [];
  const skipped = [];
  for (const { name, body } of tests) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.resolve().then(() => body(api)), timeout]);
    } catch (error) {
      if (error instanceof Skipped) skipped.push({ name, reason: error.message });
      else failures.push({ name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
  const total = tests.length - skipped.length;
  return { total, passed: total - failures.length, failed: failures.length, failures, skipped };
}

/**
 * Imports the package with `load()` and times it up to the first callback of
 * a fresh loop on the real clock: what a program pays before its first tick.
 * Resolves with the package's namespace and that time in milliseconds.
 */
export async function measureStartup(load) {
  const start = performance.now();
  const api = await load();
  const loop = new api.EventLoop();
  let first = 0;
  loop.callSoon(() => {
    first = performance.now();
    loop.stop();
  });
  await loop.runForever();
  loop.close();
  return { api, startupMs: first - start };
}
