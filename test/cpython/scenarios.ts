/**
 * Scenarios for the differential test against CPython's asyncio.
 *
 * A scenario is plain JSON: driver.py plays it on a real asyncio loop,
 * play.ts on wasmloop, and the two traces must be equal line for line.
 * Rule numbers refer to docs/semantics.md; `contract` names
 * the sentences of the run_forever documentation (CONTRACT below) a scenario
 * checks.
 *
 * Op semantics (both interpreters):
 * - `steps` run at top level, in order; a top-level run is awaited and logged
 *   as `>> run_forever` ... `<< run_forever: ok | error: X | rejected: X`
 *   (`error` = thrown before the loop started, `rejected` = failed during the
 *   run, J11).
 * - A callback logs `LABEL @time` when it runs, then plays its own ops. Inside
 *   a callback, run ops are nested attempts logged as `run_forever -> ...`.
 * - Every op's error is caught and logged as `OP ARGS -> error: X`, except
 *   `raise`, `raise_cancelled` and `uncaught`, which let it leave the
 *   callback (to the exception handler).
 * - Numbers that JSON cannot spell are written "inf" / "-inf".
 * - `advance` is time spent inside a callback (or idle time, at top level);
 *   otherwise time moves only when the loop waits (J8, mirrored in driver.py).
 * - `other_*` ops act on a second loop, for the running-loop rules (39, 60).
 * - Rules 24 and 36 are checked in wasmloop's form (J4: equal deadlines are
 *   FIFO); driver.py gives CPython the same tie-break, its one patch.
 */

export type Num = number | "inf" | "-inf";
export type Value = string | number | null;
export type Ctx = { message?: string; exception?: string; future?: string };

/** A list of ops (an interface, so that Op may refer to itself). */
export interface Ops extends Array<Op> {}

export type Op =
  | ["soon", string, Ops?, Value[]?]
  | ["soon_threadsafe", string, Ops?]
  | ["later", Num | null, string, Ops?]
  | ["at", Num | null, string, Ops?]
  | ["schedule_value", "soon" | "later" | "at" | "threadsafe", Value]
  | ["schedule_coroutine_function", "soon" | "later" | "at" | "threadsafe"]
  | ["cancel", string]
  | ["cancelled", string]
  | ["when", string]
  | ["stop"]
  | ["close"]
  | ["advance", number]
  | ["time"]
  | ["time_exact"]
  | ["is_running"]
  | ["is_closed"]
  | ["mark", string]
  | ["run_forever"]
  | ["run_until_complete", string]
  | ["run_until_complete_value", Value]
  | ["other_run_forever"]
  | ["other_run_until_complete", string]
  | ["other_close"]
  | ["future", string]
  | ["future_other", string]
  | ["set_result", string, Value]
  | ["set_exception", string, string]
  | ["cancel_future", string, string?]
  | ["state", string]
  | ["result", string]
  | ["exception", string]
  | ["add_done_callback", string, string, Ops?]
  | ["remove_done_callback", string, string]
  | ["raise", string]
  | ["raise_cancelled", string?]
  | ["uncaught", Op]
  | ["set_handler", Ops | null]
  | ["set_handler_value", Value]
  | ["get_handler"]
  | ["call_exception_handler", Ctx]
  | ["default_exception_handler", Ctx]
  | ["set_debug", boolean]
  | ["get_debug"]
  | ["slow_callback_duration", number];

export interface Scenario {
  name: string;
  /** Rules of docs/semantics.md this scenario checks. */
  rules: number[];
  /** Sentences of CONTRACT this scenario checks (1-based). */
  contract?: number[];
  /**
   * The oldest CPython that has the behaviour checked ("3.12", "3.13"); on an
   * older one the scenario is skipped and reported (test/cpython/python.ts).
   */
  minPython?: string;
  /**
   * A known difference between wasmloop and the CPython versions named
   * (python.ts inRange: "3.13.0", ">=3.12"), with the reason. On those
   * versions the suite asserts the traces still differ and reports them.
   */
  knownDifference?: { python: string; reason: string };
  steps: Op[];
}

/**
 * CPython 3.13.0's run_forever() runs its cleanup even when its own setup
 * refused to start (the loop already runs, or another loop does), so a
 * refused nested call leaves the outer loop marked as not running (and its
 * next run_until_complete() nests). 3.11 and 3.12 refuse without touching
 * the outer loop, and so does wasmloop (rule 39); the mark names 3.13.0 only.
 */
const NESTED_RUN_3130 = {
  python: "3.13.0",
  reason: "CPython 3.13.0 defect: a refused nested run_forever() stops the outer loop counting as running",
};

/** The asyncio documentation of loop.run_forever(), one sentence per entry. */
export const CONTRACT = [
  "Run the event loop until stop() is called.",
  "If stop() is called before run_forever() is called, the loop will poll the I/O selector once with a " +
    "timeout of zero, run all callbacks scheduled in response to I/O events (and those that were already " +
    "scheduled), and then exit.",
  "If stop() is called while run_forever() is running, the loop will run the current batch of callbacks " +
    "and then exit.",
  "Note that new callbacks scheduled by callbacks will not run in this case; instead, they will run the " +
    "next time run_forever() or run_until_complete() is called.",
];

/**
 * Rules of sections 1-10 that no scenario can check through the public API
 * of both sides, with the reason. Every other rule 1..77 must be tagged.
 */
export const NOT_OBSERVABLE: Record<number, string> = {
  17: "I/O readiness callbacks: the contract has no I/O registration API",
  23: "the default resolution comes from the host clock; both sides are forced to 1e-9",
  25: "TimerHandle ==, hash and <= are Python's object protocol, with no JavaScript counterpart",
  32: "_timer_cancelled_count is internal; only its use by rule 34 has consequences",
  35: "when cancelled timers leave the heap is internal: they never run either way",
  50: "SystemExit/KeyboardInterrupt do not exist in JavaScript (J5)",
  57: "a thread-identity check; one JS thread cannot call from another thread (J10)",
  65: "needs a coroutine argument (a Task), which the contract lacks; it only affects GC-time logging",
  66: "KeyboardInterrupt does not exist in JavaScript (J5)",
  67: "KeyboardInterrupt/SystemExit from a coroutine (J5; the contract has no coroutines)",
  70: "exception classes as arguments and StopIteration are Python-only",
  76: "await inside a Task: checked by the coroutine scenarios (coroutine-scenarios.ts), not by these",
};

// ------------------------------------------------------------------ builders

const soon = (label: string, ...ops: Op[]): Op => ["soon", label, ops];
const soonArgs = (label: string, args: Value[], ...ops: Op[]): Op => ["soon", label, ops, args];
const threadsafe = (label: string, ...ops: Op[]): Op => ["soon_threadsafe", label, ops];
const later = (delay: Num | null, label: string, ...ops: Op[]): Op => ["later", delay, label, ops];
const at = (when: Num | null, label: string, ...ops: Op[]): Op => ["at", when, label, ops];
const cancel = (label: string): Op => ["cancel", label];
const cancelled = (label: string): Op => ["cancelled", label];
const when = (label: string): Op => ["when", label];
const advance = (seconds: number): Op => ["advance", seconds];
const mark = (text: string): Op => ["mark", text];
const future = (name: string): Op => ["future", name];
const setResult = (name: string, value: Value): Op => ["set_result", name, value];
const setException = (name: string, message: string): Op => ["set_exception", name, message];
const cancelFuture = (name: string, message?: string): Op =>
  message === undefined ? ["cancel_future", name] : ["cancel_future", name, message];
const state = (name: string): Op => ["state", name];
const result = (name: string): Op => ["result", name];
const exception = (name: string): Op => ["exception", name];
const addDone = (fut: string, label: string, ...ops: Op[]): Op => ["add_done_callback", fut, label, ops];
const removeDone = (fut: string, label: string): Op => ["remove_done_callback", fut, label];
const ruc = (name: string): Op => ["run_until_complete", name];
const raise = (message: string): Op => ["raise", message];
const handler = (...ops: Op[]): Op => ["set_handler", ops];
const stop: Op = ["stop"];
const close: Op = ["close"];
const time: Op = ["time"];
const isRunning: Op = ["is_running"];
const isClosed: Op = ["is_closed"];
const runForever: Op = ["run_forever"];

/** `n` timers `prefix0..` at the same absolute time. */
const timersAt = (n: number, whenSeconds: number, prefix: string): Op[] =>
  Array.from({ length: n }, (_, i) => at(whenSeconds, `${prefix}${i}`));

/** Cancels `prefix<i>` for every i < n that `pick` selects. */
const cancelEach = (n: number, prefix: string, pick: (i: number) => boolean): Op[] =>
  Array.from({ length: n }, (_, i) => i)
    .filter(pick)
    .map((i) => cancel(`${prefix}${i}`));

// ----------------------------------------------------------------- scenarios

const runForeverScenarios: Scenario[] = [
  {
    name: "contract: runs every kind of callback until stop() is called",
    rules: [3, 7, 8],
    contract: [1],
    steps: [
      soon("A"),
      later(1, "B"),
      later(2, "C", stop),
      later(3, "D"),
      runForever,
      time,
      cancelled("D"),
      when("D"),
      mark("D survives the run and fires in the next one"),
      later(5, "E", stop),
      runForever,
      time,
    ],
  },
  {
    name: "contract: stop() before run_forever() runs what was already scheduled, once",
    rules: [3, 5, 6, 8],
    contract: [2, 4],
    steps: [
      soon("A", soon("A2")),
      later(0, "T0"),
      later(1, "T1", stop),
      stop,
      runForever,
      time,
      mark("A2 and T1 were left for the next run"),
      runForever,
      time,
    ],
  },
  {
    name: "contract: stop() before run_forever() on an empty loop returns at once",
    rules: [3, 5, 6],
    contract: [2],
    steps: [stop, runForever, time, isRunning, soon("A"), later(1, "B", stop), runForever, time],
  },
  {
    name: "contract: a pre-stopped run polls with timeout zero, so a future timer does not run",
    rules: [5, 8, 11],
    contract: [2],
    steps: [later(0.5, "T"), stop, runForever, time, cancelled("T"), later(1, "U", stop), runForever, time],
  },
  {
    name: "contract: a pre-stopped run runs a timer that fell due while the loop was idle",
    rules: [5, 22],
    contract: [2],
    steps: [later(1, "T"), later(3, "U"), advance(2), stop, runForever, time, later(0, "V", stop), runForever],
  },
  {
    name: "contract: stop() inside a batch lets the rest of the batch run",
    rules: [7, 13],
    contract: [3],
    steps: [soon("A", stop), soon("B"), soon("C"), runForever, later(1, "D", stop), runForever],
  },
  {
    name: "contract: callbacks scheduled by the stopping batch run first in the next run_forever",
    rules: [7, 14],
    contract: [3, 4],
    steps: [
      soon("A", stop, soon("A2")),
      soon("B", soon("B2")),
      runForever,
      mark("A2 and B2 are still queued"),
      soon("X", stop),
      runForever,
    ],
  },
  {
    name: "contract: callbacks left by a stopped batch run first in the next run_until_complete",
    rules: [7, 63],
    contract: [3, 4],
    steps: [
      soon("A", stop, soon("A2")),
      runForever,
      future("F"),
      soon("R", setResult("F", "ok")),
      ruc("F"),
      state("F"),
    ],
  },
  {
    name: "contract: stop() from a timer callback finishes the timer batch",
    rules: [7, 12, 24],
    contract: [3, 4],
    steps: [later(1, "T", stop, soon("T2")), later(1, "U"), later(2, "V", stop), runForever, time, runForever, time],
  },
  {
    name: "contract: stop() from the exception handler finishes the batch",
    rules: [7, 49, 54],
    contract: [3, 4],
    steps: [
      handler(stop),
      soon("A", soon("A2"), raise("boom")),
      soon("B"),
      runForever,
      later(1, "C", stop),
      runForever,
    ],
  },
  {
    name: "stop: calling it twice is the same as once",
    rules: [4, 6],
    steps: [stop, stop, soon("A", soon("A2")), runForever, later(1, "B", stop), runForever, time],
  },
  {
    name: "stop: allowed on a closed loop, which still refuses to run",
    rules: [1, 4, 43, 44],
    steps: [close, stop, isClosed, runForever, future("F"), ruc("F")],
  },
  {
    name: "stop: many stop() calls in one batch end the run once",
    rules: [4, 6, 7],
    steps: [soon("A", stop, stop), soon("B", stop), runForever, soon("C"), later(1, "D", stop), runForever],
  },
  {
    name: "running: is_running() inside callbacks and after the run returns",
    rules: [2],
    steps: [isRunning, soon("A", isRunning, isClosed), later(1, "B", isRunning, stop), runForever, isRunning, isClosed],
  },
  {
    name: "running: a run that would wait forever rejects and leaves the loop usable",
    rules: [2, 9],
    steps: [soon("A", isRunning), runForever, isRunning, time, soon("B", stop), runForever, isRunning],
  },
  {
    name: "running: nothing scheduled and no stop means waiting forever",
    rules: [9, 11],
    steps: [runForever, time, isRunning],
  },
  {
    name: "running: a stop() consumed by a run does not stop the next one",
    rules: [6],
    steps: [soon("A", stop), runForever, later(1, "B"), later(2, "C", stop), runForever, time],
  },
  {
    name: "nested: run_forever and run_until_complete inside a callback",
    knownDifference: NESTED_RUN_3130,
    rules: [39, 40, 41],
    steps: [future("F"), soon("A", runForever, ruc("F"), isRunning), later(1, "B", stop), runForever, state("F")],
  },
  {
    name: "nested: an uncaught nested run is an ordinary callback exception",
    rules: [39, 41, 47, 49],
    steps: [
      handler(),
      soon("A", ["uncaught", runForever], mark("not reached")),
      soon("B"),
      later(1, "C", stop),
      runForever,
    ],
  },
  {
    name: "nested: the failed nested run_until_complete added no done callback",
    rules: [40, 62],
    steps: [
      future("F"),
      soon("A", ruc("F")),
      soon("B", setResult("F", "x")),
      later(1, "C"),
      later(2, "D", stop),
      runForever,
      time,
    ],
  },
  {
    name: "nested: another loop cannot run inside a running loop",
    knownDifference: NESTED_RUN_3130,
    rules: [39, 2],
    steps: [
      future("F"),
      ["future_other", "G"],
      soon("A", ["other_run_forever"], ["other_run_until_complete", "G"], ["other_run_until_complete", "F"], isRunning),
      soon("B", stop),
      runForever,
      state("G"),
    ],
  },
  {
    name: "nested: a closed other loop reports closed before another-loop-running",
    rules: [1, 39],
    steps: [["other_close"], soon("A", ["other_run_forever"]), soon("B", stop), runForever],
  },
  {
    name: "closed: run_forever and run_until_complete refuse a closed loop",
    rules: [1, 43],
    steps: [future("F"), close, runForever, ruc("F"), isRunning, state("F")],
  },
];

const iterationScenarios: Scenario[] = [
  {
    name: "batch: call_soon is FIFO and passes arguments",
    rules: [13],
    steps: [
      soonArgs("A", [1, "x"]),
      soon("B"),
      soonArgs("C", [null, 2, 3]),
      threadsafe("D"),
      soon("E", stop),
      runForever,
    ],
  },
  {
    name: "batch: callbacks scheduled during a batch run in the next one",
    rules: [13, 14, 18],
    steps: [
      soon("A", soon("A1", soon("A2"))),
      soon("B", soon("B1")),
      threadsafe("C", threadsafe("C1")),
      later(1, "D", stop),
      runForever,
    ],
  },
  {
    name: "batch: a due timer runs after handles already ready",
    rules: [10, 12, 30],
    steps: [soon("A", later(0, "T"), soon("S")), later(1, "Z", stop), runForever],
  },
  {
    name: "batch: call_later(0) then call_soon runs the soon callback first",
    rules: [12, 30, 21],
    steps: [later(0, "B"), soon("A"), later(1, "Z", stop), runForever],
  },
  {
    name: "batch: a timer that falls due runs after the previous batch's call_soon handles",
    rules: [12, 16, 30],
    steps: [later(0.5, "T"), soon("A", advance(1), soon("S")), soon("B", time), later(2, "Z", stop), runForever],
  },
  {
    name: "batch: a handle cancelled earlier in the batch is skipped",
    rules: [15, 31],
    steps: [soon("A", cancel("B")), soon("B"), soon("C", cancelled("B")), later(1, "Z", stop), runForever],
  },
  {
    name: "batch: time spent in callbacks makes timers wait for the next iteration",
    rules: [10, 16, 29],
    steps: [
      later(0.5, "T", time),
      soon("A", advance(1), ["time"], later(0, "U")),
      soon("B", time),
      later(3, "Z", stop),
      runForever,
    ],
  },
  {
    name: "batch: each iteration is one batch; a cancelled handle does not run",
    rules: [10, 14, 15, 18],
    steps: [
      soon("A", soon("A1"), soon("X"), cancel("X")),
      soon("B", soon("B1")),
      later(1, "C", stop),
      runForever,
      cancelled("X"),
    ],
  },
  {
    name: "batch: handles scheduled after a cancellation in the batch still wait",
    rules: [14, 15],
    steps: [soon("A", cancel("B"), soon("C"), later(0, "T")), soon("B"), soon("D"), later(1, "Z", stop), runForever],
  },
  {
    name: "batch: a batch that outgrows the core's initial capacity keeps its order",
    rules: [13, 14, 24],
    steps: [
      soon(
        "A",
        ...Array.from({ length: 1500 }, (_, i) => soon(`S${i}`)),
        ...Array.from({ length: 1500 }, (_, i) => later(1, `T${i}`)),
      ),
      soon("B"),
      later(0, "C"),
      later(2, "Z", stop),
      runForever,
    ],
  },
  {
    name: "batch: call_soon_threadsafe shares the FIFO with call_soon",
    rules: [13, 14],
    steps: [soon("A", threadsafe("A1"), soon("A2")), threadsafe("B"), soon("C"), later(1, "Z", stop), runForever],
  },
];

const timerScenarios: Scenario[] = [
  {
    name: "timers: fire in increasing deadline order",
    rules: [24, 26],
    steps: [later(3, "C"), later(1, "A"), later(2, "B"), at(2.5, "B2"), later(4, "Z", stop), runForever, time],
  },
  {
    name: "timers: due means when < time() + clock_resolution",
    rules: [22],
    steps: [
      at(1, "A", later(5e-10, "B"), later(1e-9, "C"), soon("X")),
      later(5, "Z", stop),
      runForever,
      when("B"),
      when("C"),
    ],
  },
  {
    name: "timers: a timer one resolution ahead of the poll time waits",
    rules: [22, 11],
    steps: [
      at(2, "A"),
      at(2.0000000005, "B"),
      at(2.000000001, "C"),
      at(2.0000000015, "D"),
      later(5, "Z", stop),
      runForever,
    ],
  },
  {
    name: "timers: zero and negative delays are due at once, ordered by when",
    rules: [21, 19],
    steps: [
      later(-1, "A"),
      later(-2, "B"),
      later(0, "C"),
      later(-0.5, "D"),
      soon("S"),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "timers: call_at in the past runs at the next iteration",
    rules: [20, 21],
    steps: [advance(5), at(1, "X"), at(3, "Y"), at(-1, "W"), at(6, "Z", stop), runForever, time],
  },
  {
    name: "timers: when() returns the absolute deadline, in float arithmetic",
    rules: [19, 20, 27],
    steps: [
      advance(0.2),
      later(0.1, "A"),
      when("A"),
      at(7, "B"),
      when("B"),
      ["time_exact"],
      later(1, "Z", stop),
      runForever,
      ["time_exact"],
    ],
  },
  {
    name: "timers: call_later is relative to the time inside the calling callback",
    rules: [29, 19],
    steps: [soon("A", advance(0.3), later(1, "B", stop), when("B")), runForever, time],
  },
  {
    name: "timers: waits are capped at one day, deadlines still met exactly",
    rules: [28, 11],
    steps: [later(100000, "A"), later(86400.5, "B"), later(259200.25, "C", stop), runForever, time],
  },
  {
    name: "timers: equal deadlines fire in scheduling order (J4)",
    rules: [24],
    steps: [...timersAt(8, 1, "T"), later(2, "Z", stop), runForever],
  },
  {
    name: "timers: equal deadlines behind earlier timers stay FIFO (J4)",
    rules: [24],
    steps: [at(0.5, "E0"), at(0.7, "E1"), ...timersAt(3, 1, "T"), at(1, "U", stop), runForever],
  },
  {
    name: "timers: equal deadlines reached by call_later from different times stay FIFO",
    rules: [24, 29],
    steps: [
      later(2, "A"),
      later(1, "M", later(1, "B"), at(2, "C")),
      soon("S", advance(0.5), later(1.5, "D")),
      later(3, "Z", stop),
      runForever,
    ],
  },
  {
    name: "timers: a timer runs once; cancelling it afterwards only sets cancelled()",
    rules: [26, 37, 31],
    steps: [
      later(1, "T"),
      later(2, "U", cancel("T"), cancelled("T")),
      later(3, "Z", stop),
      runForever,
      later(1, "Z2", stop),
      runForever,
      time,
    ],
  },
  {
    name: "timers: a timer less than one resolution ahead runs early, behind ready handles",
    rules: [22, 16, 12],
    steps: [
      at(1, "T", ["time_exact"]),
      soon("A", advance(0.9999999996), soon("S", ["time_exact"])),
      later(2, "Z", stop),
      runForever,
    ],
  },
  {
    name: "timers: a None delay or deadline is a TypeError",
    rules: [19, 20],
    steps: [later(null, "A"), at(null, "B"), soon("C", stop), runForever],
  },
  {
    name: "timers: an infinite deadline never fires and cannot end a wait",
    rules: [11, 20, 9],
    steps: [at("inf", "X"), when("X"), later(1, "A", stop), runForever, time, runForever, time, cancelled("X")],
  },
  {
    name: "timers: a -inf deadline is due at once",
    rules: [21],
    steps: [at("-inf", "X"), soon("S"), later(1, "Z", stop), runForever],
  },
];

const cancelScenarios: Scenario[] = [
  {
    name: "cancel: twice is the same as once",
    rules: [31],
    steps: [soon("A"), cancel("A"), cancel("A"), cancelled("A"), soon("B", stop), runForever, cancelled("B")],
  },
  {
    name: "cancel: a cancelled timer does not run",
    rules: [31, 26],
    steps: [later(1, "T"), later(2, "U", stop), cancelled("T"), cancel("T"), cancelled("T"), runForever, time],
  },
  {
    name: "cancel: a cancelled head timer does not hold the wait",
    rules: [33, 38],
    steps: [later(5, "A"), later(10, "B", stop), cancel("A"), runForever, time],
  },
  {
    name: "cancel: with only cancelled timers the loop would wait forever without moving time",
    rules: [33, 38, 9],
    steps: [later(5, "A"), later(7, "B"), cancel("A"), cancel("B"), runForever, time],
  },
  {
    name: "cancel: a due timer cancelled by an earlier callback of its batch is skipped",
    rules: [37, 15],
    steps: [
      at(1, "T1", cancel("T2")),
      at(1, "T2"),
      at(1, "T3", cancelled("T2")),
      later(2, "Z", stop),
      runForever,
      cancelled("T2"),
    ],
  },
  {
    name: "cancel: timers cancelled from callbacks",
    rules: [31, 33, 38],
    steps: [
      later(1, "A", cancel("B"), cancel("C")),
      later(2, "B"),
      later(3, "C"),
      later(4, "D", stop),
      runForever,
      time,
    ],
  },
  {
    name: "cancel: a callback cancelling its own handle",
    rules: [31, 37],
    steps: [
      soon("A", cancel("A"), cancelled("A")),
      later(1, "T", cancel("T"), cancelled("T")),
      later(2, "Z", stop),
      runForever,
      cancelled("A"),
      cancelled("T"),
    ],
  },
  {
    name: "cancel: cancelling a handle that already ran leaves newer handles alone",
    rules: [31, 26, 37],
    steps: [
      soon("A"),
      later(0.5, "T"),
      later(1, "B", soon("C"), later(1, "U"), cancel("A"), cancel("T")),
      later(3, "Z", stop),
      runForever,
      cancelled("A"),
      cancelled("C"),
    ],
  },
  {
    name: "cancel: a handle left ready by a stopped run, cancelled between runs, is skipped",
    rules: [15, 7, 8],
    contract: [4],
    steps: [
      soon("A", stop, soon("S1"), soon("S2"), later(0, "T")),
      runForever,
      cancel("S1"),
      cancel("T"),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "cancel: compaction of many cancelled timers keeps the survivors' order",
    rules: [34, 36, 24],
    steps: [
      ...timersAt(60, 1, "T"),
      ...timersAt(60, 2, "U"),
      // 85 of 120 cancelled while idle: the first iteration compacts (rule 34).
      ...cancelEach(60, "T", (i) => i >= 10 && i < 55),
      ...cancelEach(60, "U", (i) => i % 3 !== 0),
      later(3, "Z", stop),
      runForever,
      time,
    ],
  },
  {
    name: "cancel: compaction triggered while running keeps equal deadlines FIFO",
    rules: [34, 36, 24],
    steps: [
      ...timersAt(110, 5, "T"),
      // 70 of 111 cancelled from a callback: the next iteration compacts.
      soon("C", ...cancelEach(110, "T", (i) => i % 2 === 0 || i < 30)),
      later(6, "Z", stop),
      runForever,
    ],
  },
];

const closeScenarios: Scenario[] = [
  {
    name: "close: idempotent; the loop reports closed",
    rules: [42, 44],
    steps: [isClosed, close, close, isClosed, isRunning, stop, time],
  },
  {
    name: "close: refused while running",
    rules: [42],
    steps: [soon("A", close, isClosed), soon("B", stop), runForever, isClosed, close, isClosed],
  },
  {
    name: "close: every scheduling method refuses a closed loop",
    rules: [43],
    steps: [future("F"), close, soon("A"), later(1, "B"), at(1, "C"), threadsafe("D"), runForever, ruc("F")],
  },
  {
    name: "close: a None delay is refused before the closed check",
    rules: [45, 19, 20],
    steps: [close, later(null, "A"), at(null, "B"), later(1, "C")],
  },
  {
    name: "close: dropped handles are not cancelled and never run",
    rules: [46, 42],
    steps: [
      soon("A"),
      later(1, "T"),
      close,
      cancelled("A"),
      cancelled("T"),
      when("T"),
      runForever,
      cancel("T"),
      cancelled("T"),
    ],
  },
  {
    name: "close: what still works on a closed loop",
    rules: [44, 77, 53],
    steps: [
      close,
      time,
      isRunning,
      isClosed,
      future("F"),
      state("F"),
      ["get_debug"],
      ["set_debug", true],
      ["get_debug"],
      ["get_handler"],
      handler(),
      ["get_handler"],
      ["call_exception_handler", { message: "after close" }],
      ["set_handler", null],
      ["get_handler"],
    ],
  },
  {
    name: "close: a future without callbacks can still be resolved",
    rules: [44, 77, 68],
    steps: [future("F"), close, setResult("F", 1), state("F"), result("F"), future("G"), cancelFuture("G"), state("G")],
  },
  {
    name: "close: resolving a future with callbacks finishes it, then fails to schedule",
    rules: [44, 73],
    steps: [
      future("F"),
      future("G"),
      future("H"),
      addDone("F", "f"),
      addDone("G", "g"),
      addDone("H", "h"),
      close,
      setResult("F", "x"),
      state("F"),
      result("F"),
      setException("G", "bad"),
      state("G"),
      exception("G"),
      cancelFuture("H", "why"),
      state("H"),
      addDone("F", "f2"),
    ],
  },
];

const handlerScenarios: Scenario[] = [
  {
    name: "handler: a callback exception reaches the handler with its handle",
    rules: [47, 48, 49],
    steps: [handler(), soon("A", raise("boom"), mark("not reached")), soon("B"), later(1, "C", stop), runForever],
  },
  {
    name: "handler: a timer callback exception names the timer handle",
    rules: [47, 48],
    steps: [handler(), later(1, "T", raise("late boom")), later(1, "U"), later(2, "Z", stop), runForever],
  },
  {
    name: "handler: a CancelledError raised by a callback is an ordinary exception",
    rules: [47, 49],
    steps: [
      handler(),
      soon("A", ["raise_cancelled"]),
      soon("B", ["raise_cancelled", "with message"]),
      soon("C", stop),
      runForever,
    ],
  },
  {
    name: "handler: a done callback's exception reaches the handler",
    rules: [47, 73, 49],
    steps: [
      handler(),
      future("F"),
      addDone("F", "d1", raise("done boom")),
      addDone("F", "d2"),
      soon("A", setResult("F", 1)),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "handler: a raising handler falls back to the default handler",
    rules: [51, 52, 49, 54],
    steps: [
      handler(raise("handler broke")),
      soon("A", raise("boom")),
      soon("B"),
      later(1, "C", stop),
      runForever,
      isRunning,
    ],
  },
  {
    name: "handler: the default handler logs the callback exception and the loop goes on",
    rules: [51, 52, 49],
    steps: [soon("A", raise("boom")), later(1, "T", raise("boom2")), soon("B"), later(2, "C", stop), runForever],
  },
  {
    name: "handler: default handler message, or its fallback when empty",
    rules: [52, 51],
    steps: [
      ["call_exception_handler", {}],
      ["call_exception_handler", { message: "" }],
      ["call_exception_handler", { message: "first line\nsecond line" }],
      ["call_exception_handler", { message: "with exception", exception: "inner" }],
      ["default_exception_handler", { message: "direct" }],
      ["default_exception_handler", {}],
    ],
  },
  {
    name: "handler: set, get and reset; a non-callable is a TypeError",
    rules: [53],
    steps: [
      ["get_handler"],
      handler(),
      ["get_handler"],
      ["set_handler_value", 42],
      ["get_handler"],
      ["set_handler", null],
      ["get_handler"],
      ["set_handler_value", "not a function"],
      ["get_handler"],
    ],
  },
  {
    name: "handler: call_exception_handler passes the context through",
    rules: [51, 54],
    steps: [
      future("F"),
      handler(),
      ["call_exception_handler", { message: "m", exception: "e" }],
      ["call_exception_handler", { message: "with future", future: "F" }],
      ["call_exception_handler", {}],
      soon("A", ["call_exception_handler", { message: "inside" }], stop),
      runForever,
    ],
  },
  {
    name: "handler: a handler that stops and then raises still stops after the batch",
    rules: [51, 54, 7],
    steps: [
      handler(stop, raise("after stop")),
      soon("A", soon("A2"), raise("boom")),
      soon("B"),
      runForever,
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "handler: a stop() from a handler called while idle pre-stops the next run",
    rules: [54, 4, 5, 6],
    steps: [
      handler(stop),
      ["call_exception_handler", { message: "idle" }],
      soon("A", soon("A2")),
      runForever,
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "handler: callbacks scheduled by the handler run in the next iteration",
    rules: [54, 14, 49],
    steps: [handler(soon("H")), soon("A", raise("boom")), soon("B"), later(1, "Z", stop), runForever],
  },
  {
    name: "handler: errors inside the handler's callee do not stop the loop",
    rules: [54, 49, 41],
    steps: [handler(["uncaught", runForever]), soon("A", raise("boom")), soon("B"), later(1, "C", stop), runForever],
  },
];

const debugScenarios: Scenario[] = [
  {
    name: "debug: off by default; set_debug and get_debug",
    rules: [55],
    steps: [["get_debug"], ["set_debug", true], ["get_debug"], ["set_debug", false], ["get_debug"]],
  },
  {
    name: "debug: a callback taking slow_callback_duration or more is logged",
    rules: [56],
    steps: [
      ["set_debug", true],
      soon("A", advance(0.1)),
      soon("B", advance(0.05)),
      soon("C", advance(0.25)),
      later(1, "T", advance(0.5)),
      later(2, "Z", stop),
      runForever,
      // Binary-exact values, so that dt equals the threshold exactly (>=).
      ["slow_callback_duration", 0.125],
      soon("D", advance(0.125)),
      soon("E", advance(0.12)),
      soon("F", stop),
      runForever,
    ],
  },
  {
    name: "debug: the slow-callback threshold is checked in float arithmetic",
    rules: [56, 27],
    steps: [
      ["set_debug", true],
      at(0.7, "A", advance(0.1)),
      at(0.2 + 1, "B", advance(0.1)),
      at(3, "Z", stop),
      runForever,
    ],
  },
  {
    name: "debug: set_debug() inside a batch applies to the rest of that batch",
    rules: [55, 56],
    steps: [
      soon("A", ["set_debug", true]),
      soon("B", advance(0.2)),
      soon("C", ["set_debug", false], advance(0.2)),
      soon("D", advance(0.2)),
      later(5, "Z", stop),
      runForever,
    ],
  },
  {
    name: "debug: the handler's context carries the creation stack in debug mode only",
    rules: [59, 48, 47],
    steps: [
      handler(),
      future("F"),
      addDone("F", "d", raise("done boom")),
      soon("A", raise("plain")),
      ["set_debug", true],
      soon("B", setResult("F", 1), raise("debug")),
      later(1, "T", raise("debug timer")),
      ["call_exception_handler", { message: "no handle" }],
      later(2, "Z", stop),
      runForever,
    ],
  },
  {
    name: "debug: a zero slow_callback_duration logs every callback",
    rules: [56],
    steps: [["set_debug", true], ["slow_callback_duration", 0], soon("A"), later(1, "B", stop), runForever],
  },
  {
    name: "debug: nothing is logged for slow callbacks without debug mode",
    rules: [56],
    steps: [soon("A", advance(1)), soon("B", stop), runForever],
  },
  {
    name: "debug: a slow done callback and a slow handler-invoking callback are logged",
    rules: [56, 73],
    steps: [
      ["set_debug", true],
      handler(advance(0.2)),
      future("F"),
      addDone("F", "d", advance(0.3)),
      soon("A", setResult("F", 1), raise("boom")),
      later(5, "Z", stop),
      runForever,
    ],
  },
  {
    name: "debug: coroutine functions are refused only in debug mode",
    rules: [58],
    steps: [
      ["schedule_coroutine_function", "soon"],
      ["schedule_coroutine_function", "later"],
      ["set_debug", true],
      ["schedule_coroutine_function", "soon"],
      ["schedule_coroutine_function", "later"],
      ["schedule_coroutine_function", "at"],
      ["schedule_coroutine_function", "threadsafe"],
      later(2, "Z", stop),
      runForever,
    ],
  },
  {
    name: "debug: non-callables are refused by every scheduling method",
    rules: [58],
    steps: [
      ["set_debug", true],
      ["schedule_value", "soon", 42],
      ["schedule_value", "later", 42],
      ["schedule_value", "at", "x"],
      ["schedule_value", "threadsafe", null],
      soon("A", stop),
      runForever,
    ],
  },
];

const rucScenarios: Scenario[] = [
  {
    name: "run_until_complete: returns the result one iteration after completion",
    rules: [61, 62, 63],
    steps: [
      future("F"),
      soon("A", setResult("F", "v"), soon("A2")),
      soon("B", soon("B2", soon("B3"))),
      later(1, "T"),
      ruc("F"),
      time,
      mark("B3 and T are left over"),
      later(2, "Z", stop),
      runForever,
    ],
  },
  {
    name: "run_until_complete: raises the future's exception",
    rules: [62],
    steps: [future("F"), later(1, "A", setException("F", "bad")), ruc("F"), time, state("F")],
  },
  {
    name: "run_until_complete: a cancelled future raises CancelledError with its message",
    rules: [62, 71, 72],
    steps: [
      future("F"),
      soon("A", cancelFuture("F", "why")),
      ruc("F"),
      future("G"),
      soon("B", cancelFuture("G")),
      ruc("G"),
    ],
  },
  {
    name: "run_until_complete: an already-done future stops after the first batch",
    rules: [63, 61],
    steps: [
      future("F"),
      soon("X", soon("X2")),
      setResult("F", 7),
      later(0, "T0"),
      later(1, "T1"),
      ruc("F"),
      mark("X2 and T1 are left"),
      later(2, "Z", stop),
      runForever,
    ],
  },
  {
    name: "run_until_complete: a pre-stopped run on a done future leaves no stop behind",
    rules: [63, 5, 6],
    steps: [future("F"), setResult("F", "r"), stop, soon("X"), ruc("F"), soon("Y"), later(1, "Z", stop), runForever],
  },
  {
    name: "run_until_complete: an already-cancelled future",
    rules: [62, 63, 71],
    steps: [future("F"), cancelFuture("F", "early"), soon("X"), ruc("F"), state("F")],
  },
  {
    name: "run_until_complete: stopped before the future completes",
    rules: [62, 6],
    steps: [future("F"), soon("A", stop), later(1, "B", setResult("F", "late")), ruc("F"), state("F"), ruc("F"), time],
  },
  {
    name: "run_until_complete: completed in the batch that called stop leaves a stop behind",
    rules: [64, 62],
    steps: [
      future("F"),
      soon("A", stop),
      soon("B", setResult("F", "done")),
      ruc("F"),
      soon("X"),
      later(1, "Y", stop),
      runForever,
      time,
      runForever,
      time,
    ],
  },
  {
    name: "run_until_complete: a pre-stopped run that completes the future returns it",
    rules: [6, 64, 5],
    steps: [
      stop,
      future("F"),
      soon("R", setResult("F", "r")),
      ruc("F"),
      soon("X"),
      later(1, "Y"),
      runForever,
      later(1, "Z", stop),
      runForever,
      time,
    ],
  },
  {
    name: "run_until_complete: a pre-stopped run on a pending future",
    rules: [6, 62],
    steps: [stop, future("F"), ruc("F"), state("F"), later(1, "A", setResult("F", 3)), ruc("F"), time],
  },
  {
    name: "run_until_complete: a non-future argument is a TypeError",
    rules: [60],
    steps: [["run_until_complete_value", 42], ["run_until_complete_value", null], isRunning],
  },
  {
    name: "run_until_complete: a future of another loop is refused",
    rules: [60],
    steps: [["future_other", "G"], ruc("G"), isRunning, state("G")],
  },
  {
    name: "run_until_complete: waiting forever leaves no done callback behind",
    rules: [62, 9, 2],
    steps: [
      future("F"),
      ruc("F"),
      isRunning,
      state("F"),
      setResult("F", 1),
      soon("X"),
      later(1, "Y", stop),
      runForever,
    ],
  },
  {
    name: "run_until_complete: a timer completes the future",
    rules: [61, 63],
    steps: [future("F"), later(2.5, "T", setResult("F", "t")), later(2.5, "U"), later(3, "V"), ruc("F"), time],
  },
  {
    name: "run_until_complete: done callbacks registered before it run before its stop",
    rules: [61, 63, 73],
    steps: [
      future("F"),
      addDone("F", "early"),
      soon("A", setResult("F", null), addDone("F", "late")),
      ruc("F"),
      later(1, "Z", stop),
      runForever,
    ],
  },
];

const futureScenarios: Scenario[] = [
  {
    name: "future: states and queries",
    rules: [68, 71, 77],
    steps: [
      future("F"),
      state("F"),
      setResult("F", "v"),
      state("F"),
      result("F"),
      exception("F"),
      future("N"),
      setResult("N", null),
      result("N"),
    ],
  },
  {
    name: "future: set twice is an InvalidStateError; cancel after done is false",
    rules: [69, 72],
    steps: [
      future("F"),
      setResult("F", 1),
      setResult("F", 2),
      setException("F", "x"),
      cancelFuture("F"),
      result("F"),
      future("G"),
      setException("G", "e"),
      setResult("G", 1),
      cancelFuture("G", "m"),
      state("G"),
    ],
  },
  {
    name: "future: result() and exception() of a pending future",
    rules: [71, 68],
    steps: [future("F"), result("F"), exception("F"), state("F")],
  },
  {
    name: "future: a cancelled future",
    rules: [71, 72, 68, 69],
    steps: [
      future("F"),
      cancelFuture("F", "why"),
      state("F"),
      result("F"),
      exception("F"),
      cancelFuture("F", "again"),
      setResult("F", 1),
      future("G"),
      cancelFuture("G"),
      result("G"),
      exception("G"),
    ],
  },
  {
    name: "future: a failed future",
    rules: [71, 68],
    steps: [future("F"), setException("F", "e"), state("F"), result("F"), exception("F"), exception("F")],
  },
  {
    name: "future: done callbacks run later, in registration order, with the future",
    rules: [73],
    steps: [
      future("F"),
      addDone("F", "c1"),
      addDone("F", "c2"),
      soon("A", setResult("F", 1), mark("after set_result"), soon("S")),
      addDone("F", "c3"),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "future: add_done_callback on a done future schedules it",
    rules: [74, 73],
    steps: [
      future("F"),
      setResult("F", 1),
      soon("S"),
      addDone("F", "c1"),
      soon("A", addDone("F", "c2"), soon("A2")),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "future: remove_done_callback removes every equal entry",
    rules: [75],
    steps: [
      future("F"),
      addDone("F", "x"),
      addDone("F", "y"),
      addDone("F", "x"),
      removeDone("F", "x"),
      removeDone("F", "x"),
      removeDone("F", "z"),
      soon("A", setResult("F", 1)),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "future: remove_done_callback cannot unschedule a callback",
    rules: [75, 73],
    steps: [
      future("F"),
      addDone("F", "x"),
      soon("A", setResult("F", 1), removeDone("F", "x")),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "future: cancel() schedules the done callbacks",
    rules: [72, 73],
    steps: [
      future("F"),
      addDone("F", "c", state("F"), exception("F")),
      soon("A", cancelFuture("F", "stop it"), cancelFuture("F")),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "future: done callbacks queue behind handles already ready",
    rules: [73, 13, 14],
    steps: [
      future("F"),
      addDone("F", "c"),
      soon("A", soon("S1"), setResult("F", 1), soon("S2")),
      soon("B"),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "future: a callback registered twice runs twice",
    rules: [73, 75],
    steps: [
      future("F"),
      addDone("F", "x"),
      addDone("F", "y"),
      addDone("F", "x"),
      soon("A", setResult("F", 1)),
      later(1, "Z", stop),
      runForever,
    ],
  },
  {
    name: "future: stop() from a done callback",
    rules: [7, 73],
    contract: [3, 4],
    steps: [
      future("F"),
      addDone("F", "d", stop, soon("D2")),
      addDone("F", "e"),
      soon("A", setResult("F", 1)),
      later(1, "Z"),
      runForever,
      time,
      later(2, "Y", stop),
      runForever,
    ],
  },
  {
    name: "future: set_exception schedules the callbacks too",
    rules: [73, 71],
    steps: [
      future("F"),
      addDone("F", "c", exception("F"), result("F")),
      soon("A", setException("F", "bad")),
      later(1, "Z", stop),
      runForever,
    ],
  },
];

export const scenarios: Scenario[] = [
  ...runForeverScenarios,
  ...iterationScenarios,
  ...timerScenarios,
  ...cancelScenarios,
  ...closeScenarios,
  ...handlerScenarios,
  ...debugScenarios,
  ...rucScenarios,
  ...futureScenarios,
];
