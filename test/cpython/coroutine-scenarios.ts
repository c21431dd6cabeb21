/**
 * Coroutine scenarios for the differential test against CPython's asyncio.
 *
 * A scenario is plain JSON, as in scenarios.ts, whose ops may also make and
 * run coroutines. coroutine_driver.py plays it on a real asyncio loop with
 * `async def` coroutines; play-coroutines.ts plays it on wasmloop twice,
 * with generator coroutines and with async functions. All three traces must
 * be equal line for line.
 *
 * Op semantics, beyond scenarios.ts:
 * - A body is a list of ops run in order by one coroutine. Only the awaiting
 *   ops suspend it (sleep, await, try around them, gather, wait_for, wait,
 *   as_completed, shield, timeout, timeout_at, task_group, acquire,
 *   event_wait, cond_wait, cond_wait_for, barrier_*, put, get, join); every
 *   other op runs as it would in a callback (its error is logged as
 *   `OP -> error: X`, except raise/uncaught).
 * - An awaiting op's error propagates out of the coroutine, like an
 *   exception in Python; `try` catches it (`caught X` is logged), runs the
 *   handler (none: re-raise) and the finally body.
 * - `run_co body` runs a new coroutine with run_until_complete, logged as
 *   `<< run_until_complete main: ok VALUE` (a body without `return` gives null).
 * - `this_task NAME` keeps the running task under NAME (the main one has no other name).
 * - `create_task NAME body` makes a Task named NAME, kept with the futures:
 *   the future ops (state, result, exception, cancel_future,
 *   add_done_callback, await) apply to it.
 * - An Item is a future's name or a body (which becomes a new coroutine).
 * - Error tokens are play.ts's, plus ExceptionGroup[...] and reprs dropped
 *   from the two RuntimeErrors of rule 88.
 *
 * Where wasmloop deliberately differs, scenarios stay clear of it: a
 * cancelled Task keeps its message for every reader (CPython gives it to the
 * first result()/exception() only, and an empty one to gather(returnExceptions)).
 *
 * Traces never depend on the iteration order of a Python set: TaskGroup
 * cancels its tasks in set order in CPython (insertion order in wasmloop),
 * so no scenario lets two cancelled siblings of a group log.
 */
import type { Num, Op, Value } from "./scenarios.js";

/** A list of ops (an interface, so that CoOp may refer to itself). */
export interface CoOps extends Array<CoOp> {}
export type Item = string | CoOps;
interface DataList extends Array<Data> {}
type Data = Value | DataList;

export type CoOp =
  | ["run_co", CoOps]
  | ["log", string]
  | ["sleep", Num]
  | ["sleep", Num, Value]
  | ["await", string]
  | ["try", CoOps, (CoOps | null)?, CoOps?]
  | ["reraise"]
  | ["return", Data?]
  | ["gather", Item[], boolean?]
  | ["wait_for", Item, Num | null]
  | ["wait", string[], Num | null, "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED"]
  | ["as_completed", string[], Num | null]
  | ["shield", Item]
  | ["timeout", Num | null, CoOps]
  | ["timeout_at", Num | null, CoOps]
  | ["task_group", CoOps]
  | ["acquire", string]
  | ["event_wait", string]
  | ["cond_wait", string]
  | ["cond_wait_for", string, string]
  | ["barrier_wait", string]
  | ["barrier_reset", string]
  | ["barrier_abort", string]
  | ["put", string, Data]
  | ["get", string]
  | ["join", string]
  | ["create_task", string, CoOps]
  | ["gather_future", string, Item[], boolean?]
  | ["shield_future", string, Item]
  | ["cancel_task", string, string?]
  | ["cancelling", string]
  | ["uncancel", string]
  | ["current_task"]
  | ["this_task", string]
  | ["task_name", string]
  | ["cm_reschedule", Num | null]
  | ["cm_expired"]
  | ["tg_create", string, CoOps]
  | ["lock", string]
  | ["event", string]
  | ["semaphore", string, number, boolean?]
  | ["condition", string, string?]
  | ["barrier", string, number]
  | ["queue", string, number, ("fifo" | "lifo" | "priority")?]
  | ["release", string]
  | ["locked", string]
  | ["event_set", string]
  | ["event_clear", string]
  | ["notify", string, number?]
  | ["notify_all", string]
  | ["set_flag", string, Value]
  | ["put_nowait", string, Data]
  | ["get_nowait", string]
  | ["task_done", string]
  | ["qsize", string]
  | ["n_waiting", string]
  | Op;

export interface CoroutineScenario {
  name: string;
  /** Rules of docs/semantics.md this scenario checks. */
  rules: number[];
  /** As in scenarios.ts: the oldest CPython with the behaviour checked; older ones skip it, reported. */
  minPython?: string;
  /** As in scenarios.ts: where wasmloop is known to differ, asserted to still differ there. */
  knownDifference?: { python: string; reason: string };
  steps: CoOp[];
}

/** Rules of section 11 (and coroutine rules of sections 9-10) not observable through both public APIs. */
export const COROUTINE_NOT_OBSERVABLE: Record<number, string> = {
  65: "marking an exception retrieved only affects what the garbage collector logs",
  67: "KeyboardInterrupt/SystemExit do not exist in JavaScript (J5)",
};

// ------------------------------------------------------------------ builders

const runCo = (...body: CoOp[]): CoOp => ["run_co", body];
const task = (name: string, ...body: CoOp[]): CoOp => ["create_task", name, body];
const log = (text: string): CoOp => ["log", text];
const sleep = (delay: Num, value?: Value): CoOp => (value === undefined ? ["sleep", delay] : ["sleep", delay, value]);
const sleep0: CoOp = ["sleep", 0];
const aw = (name: string): CoOp => ["await", name];
const attempt = (body: CoOp[], handler: CoOp[] | null = [], final?: CoOp[]): CoOp =>
  final === undefined ? ["try", body, handler] : ["try", body, handler, final];
const reraise: CoOp = ["reraise"];
const ret = (value: Data): CoOp => ["return", value];
const raise = (message: string): CoOp => ["raise", message];
const cancel = (name: string, message?: string): CoOp =>
  message === undefined ? ["cancel_task", name] : ["cancel_task", name, message];
const state = (name: string): CoOp => ["state", name];
const result = (name: string): CoOp => ["result", name];
const exception = (name: string): CoOp => ["exception", name];
const future = (name: string): CoOp => ["future", name];
const setResult = (name: string, value: Value): CoOp => ["set_result", name, value];
const setException = (name: string, message: string): CoOp => ["set_exception", name, message];
const soon = (label: string, ...ops: CoOp[]): CoOp => ["soon", label, ops as Op[]];
const later = (delay: Num, label: string, ...ops: CoOp[]): CoOp => ["later", delay, label, ops as Op[]];
const mark = (text: string): CoOp => ["mark", text];
const gather = (items: Item[], returnExceptions = false): CoOp => ["gather", items, returnExceptions];
const waitFor = (item: Item, timeout: Num | null): CoOp => ["wait_for", item, timeout];
const timeout = (delay: Num | null, ...body: CoOp[]): CoOp => ["timeout", delay, body];
const group = (...body: CoOp[]): CoOp => ["task_group", body];
const tgTask = (name: string, ...body: CoOp[]): CoOp => ["tg_create", name, body];

// ----------------------------------------------------------------- scenarios

const steppingScenarios: CoroutineScenario[] = [
  {
    name: "task: the first step is a ready callback, in FIFO order with the others",
    rules: [78, 60],
    steps: [soon("A"), task("T", log("T starts")), soon("B"), runCo(log("main starts"), aw("T"), log("main ends"))],
  },
  {
    name: "task: sleep(0) gives up exactly one iteration; steps of tasks interleave FIFO",
    rules: [80, 78],
    steps: [
      task("T1", log("a1"), sleep0, log("a2"), sleep0, log("a3")),
      task("T2", log("b1"), sleep0, log("b2"), sleep0, log("b3")),
      soon("C", soon("C2", soon("C3"))),
      runCo(aw("T1"), aw("T2"), log("main")),
    ],
  },
  {
    name: "task: a task resumes one iteration after the future it awaits completes",
    rules: [79, 76],
    steps: [
      future("F"),
      task("T", log("T waits"), aw("F"), log("T resumed")),
      soon("X", setResult("F", 7), soon("after-X")),
      soon("Y"),
      runCo(aw("T"), log("main")),
    ],
  },
  {
    name: "task: awaiting a done future continues in the same step (J13)",
    rules: [76, 79],
    steps: [
      future("F"),
      setResult("F", "done"),
      task("T", log("before"), aw("F"), log("after")),
      soon("between"),
      runCo(aw("T")),
    ],
  },
  {
    name: "task: an exception thrown into the awaiting coroutine by a failed future",
    rules: [76, 79, 82],
    steps: [
      future("F"),
      task("T", attempt([aw("F")], [log("T handles it")]), ret("ok")),
      later(1, "X", setException("F", "bad")),
      runCo(aw("T")),
      result("T"),
    ],
  },
  {
    name: "task: the return value is the task's result and run_until_complete's",
    rules: [82, 60],
    steps: [task("T", sleep(1), ret(42)), runCo(aw("T"), ret("main done")), result("T"), state("T")],
  },
  {
    name: "task: an exception ends the task with it; awaiting the task raises it",
    rules: [82],
    steps: [
      task("T", sleep0, raise("boom")),
      runCo(attempt([aw("T")], [log("main caught")])),
      state("T"),
      exception("T"),
    ],
  },
  {
    name: "task: an uncaught exception in the main coroutine rejects run_until_complete",
    rules: [82, 62],
    steps: [runCo(sleep(1), raise("main failed")), mark("after")],
  },
  {
    name: "task: a CancelledError raised by the coroutine itself cancels its task",
    rules: [82],
    steps: [
      task("T", sleep0, ["raise_cancelled", "self-inflicted"]),
      runCo(attempt([aw("T")], [log("main saw it")])),
      state("T"),
    ],
  },
  {
    name: "task: current_task is the stepping task, none in a plain callback",
    rules: [78],
    steps: [
      task("T", ["current_task"], sleep0, ["current_task"]),
      soon("cb", ["current_task"]),
      runCo(aw("T"), ["task_name", "T"]),
    ],
  },
  {
    name: "task: a task awaiting another task resumes the iteration after it ends",
    rules: [79],
    steps: [
      task("inner", log("inner 1"), sleep(1), log("inner 2"), ret("i")),
      task("outer", log("outer 1"), aw("inner"), log("outer 2")),
      later(1, "T1"),
      runCo(aw("outer")),
    ],
  },
  {
    name: "task: done callbacks of a task run after it completes, in registration order",
    rules: [73, 82],
    steps: [
      task("T", sleep0, ret(1)),
      ["add_done_callback", "T", "d1"],
      ["add_done_callback", "T", "d2"],
      runCo(aw("T"), log("main")),
    ],
  },
  {
    name: "task: set_result and set_exception are refused on a task",
    rules: [87],
    steps: [task("T", sleep0), setResult("T", 1), setException("T", "x"), runCo(aw("T")), state("T")],
  },
  {
    name: "task: awaiting a future of another loop throws RuntimeError in at the next step",
    rules: [88],
    steps: [
      ["future_other", "G"],
      task("T", log("T"), attempt([aw("G")], [log("T recovered")])),
      soon("A"),
      runCo(aw("T")),
    ],
  },
  {
    name: "task: a task awaiting itself gets RuntimeError at the next step",
    rules: [88],
    // Main does not await T afterwards: CPython's C future iterator of T, thrown into, then fails it.
    steps: [
      task("T", log("T"), attempt([aw("T")], [log("T recovered")]), ret(1)),
      soon("A"),
      runCo(sleep(1), result("T")),
    ],
  },
  {
    name: "task: a slow step is logged in debug mode",
    rules: [89],
    steps: [["set_debug", true], task("T", ["advance", 0.25], log("slow")), runCo(aw("T"))],
  },
  {
    name: "task: run_until_complete of a coroutine stops after the iteration that finishes it",
    rules: [60, 63],
    steps: [
      soon("A", soon("A2", soon("A3"))),
      runCo(log("main"), sleep0, log("main 2")),
      mark("A3 was left for the next run"),
      ["stop"],
      ["run_forever"],
    ],
  },
];

const cancelScenarios: CoroutineScenario[] = [
  {
    name: "cancel: a task waiting on a future: the future is cancelled, the coroutine sees the message",
    rules: [83],
    steps: [
      future("F"),
      task("T", attempt([aw("F")], [log("T caught"), reraise])),
      later(1, "C", cancel("T", "stop now"), state("T"), state("F")),
      runCo(attempt([aw("T")], [log("main caught")])),
      state("T"),
      state("F"),
    ],
  },
  {
    name: "cancel: before the first step, none of the body runs",
    rules: [84],
    steps: [
      task("T", log("must not run")),
      cancel("T", "early"),
      state("T"),
      runCo(attempt([aw("T")], [log("main caught")])),
      state("T"),
      ["cancelling", "T"],
    ],
  },
  {
    name: "cancel: a coroutine that catches CancelledError and returns is not cancelled",
    rules: [85],
    steps: [
      task("T", attempt([sleep(10)], [log("T refuses")]), ret("kept")),
      later(1, "C", cancel("T")),
      runCo(aw("T")),
      state("T"),
      result("T"),
      ["cancelling", "T"],
    ],
  },
  {
    name: "cancel: run_until_complete of a main that swallows its cancellation returns its value",
    rules: [85, 62],
    steps: [runCo(["this_task", "main"], cancel("main"), attempt([sleep(1)], [log("main refuses")]), ret("value"))],
  },
  {
    name: "cancel: a cancel requested during the last step wins over the return value",
    rules: [86],
    steps: [
      task("T", sleep0, cancel("T", "late"), log("returning"), ret(5)),
      runCo(attempt([aw("T")], [log("caught")])),
      state("T"),
    ],
  },
  {
    name: "cancel: cancelled() stays false until the coroutine ends with CancelledError",
    rules: [83],
    steps: [
      task("T", attempt([sleep(5)], [log("cleanup"), sleep(1), log("cleanup done"), reraise])),
      later(1, "C", cancel("T"), state("T")),
      later(1.5, "D", state("T")),
      runCo(attempt([aw("T")], [log("main caught")])),
      state("T"),
    ],
  },
  {
    name: "cancel: cancel() of a done task returns false",
    rules: [83],
    steps: [task("T", ret(1)), runCo(aw("T")), cancel("T"), state("T")],
  },
  {
    name: "cancel: cancelling a task cancels the task it awaits, which cancels its sleep",
    rules: [83, 81],
    steps: [
      task("inner", attempt([sleep(10)], [log("inner caught"), reraise])),
      task("outer", attempt([aw("inner")], [log("outer caught"), reraise])),
      later(1, "C", cancel("outer", "chain")),
      runCo(attempt([aw("outer")], [log("main caught")])),
      state("inner"),
      state("outer"),
    ],
  },
  {
    name: "cancel: an awaited task that refuses cancellation lets its awaiter go on",
    rules: [83, 85],
    steps: [
      task("inner", attempt([sleep(10)], [log("inner refuses")]), ret("inner value")),
      task("outer", aw("inner"), log("outer goes on"), ret("outer value")),
      later(1, "C", cancel("outer")),
      runCo(aw("outer")),
      state("outer"),
      ["cancelling", "outer"],
    ],
  },
  {
    name: "cancel: cancelling() counts requests, uncancel() withdraws them",
    rules: [83],
    steps: [
      task(
        "T",
        attempt(
          [sleep(10)],
          [log("caught"), ["cancelling", "T"], ["uncancel", "T"], ["uncancel", "T"], ["uncancel", "T"]],
        ),
        ret("ok"),
      ),
      later(1, "C", cancel("T"), cancel("T"), ["cancelling", "T"]),
      runCo(aw("T")),
      ["cancelling", "T"],
    ],
  },
  {
    name: "cancel: a task rescheduled by sleep(0) gets CancelledError at its next step",
    rules: [83, 80],
    steps: [
      task("T", log("step 1"), sleep0, log("not reached")),
      soon("C", cancel("T", "m")),
      runCo(attempt([aw("T")], [log("main caught")])),
      state("T"),
    ],
  },
  {
    name: "cancel: a task that cancels itself while running is cancelled at its next await",
    rules: [83],
    steps: [
      future("F"),
      task("T", cancel("T", "self"), log("still running"), attempt([aw("F")], [log("T caught"), reraise])),
      runCo(attempt([aw("T")], [log("main caught")])),
      state("F"),
    ],
  },
  {
    name: "cancel: the message reaches the coroutine and the task's exception()",
    rules: [83, 71],
    steps: [
      task("T", attempt([sleep(3)], [log("T caught"), reraise])),
      later(1, "C", cancel("T", "with message")),
      // Read once: CPython gives the message only to the first reader (wasmloop to every one).
      runCo(sleep(2), exception("T")),
    ],
  },
  {
    name: "cancel: a cancelled sleep does not keep the loop: its timer never fires",
    rules: [81, 83],
    steps: [
      task("T", sleep(100), log("never")),
      later(1, "C", cancel("T")),
      later(2, "D"),
      runCo(attempt([aw("T")], [log("main caught")]), sleep(5), log("main done")),
    ],
  },
];

const sleepScenarios: CoroutineScenario[] = [
  {
    name: "sleep: a task resumes the iteration after its timer fires, behind plain timers due then",
    rules: [81],
    steps: [later(1, "X"), task("T", sleep(1), log("T woke")), later(1, "Y"), runCo(aw("T"))],
  },
  {
    name: "sleep: a negative or zero delay behaves as sleep(0)",
    rules: [80, 81],
    steps: [
      task("T", log("t0"), sleep(-5), log("t1"), sleep(0), log("t2")),
      soon("A", soon("B", soon("C"))),
      runCo(aw("T")),
    ],
  },
  {
    name: "sleep: gives its result",
    rules: [81],
    steps: [runCo(sleep(2, "r"), sleep(0, 3), log("end"))],
  },
  {
    name: "sleep: many sleepers wake in deadline order, equal deadlines in call order",
    rules: [81],
    steps: [
      task("A", sleep(2), log("A")),
      task("B", sleep(1), log("B")),
      task("C", sleep(2), log("C")),
      task("D", sleep(1), log("D")),
      runCo(aw("A"), aw("C")),
    ],
  },
];

const gatherScenarios: CoroutineScenario[] = [
  {
    name: "gather: results in argument order, whatever the completion order",
    rules: [79],
    steps: [runCo(gather([[sleep(3), ret("slow")], [sleep(1), ret("fast")], [ret("now")]]), log("done"))],
  },
  {
    name: "gather: the first failure fails it at once; the other children go on",
    rules: [79],
    steps: [
      task("A", sleep(1), raise("A failed")),
      task("B", sleep(2), log("B finished"), ret("b")),
      runCo(attempt([gather(["A", "B"])], [log("main caught")]), sleep(5)),
      state("B"),
    ],
  },
  {
    name: "gather: with returnExceptions, failures and cancellations are results",
    rules: [79],
    steps: [
      task("A", sleep(1), raise("A failed")),
      task("B", sleep(2), ret("b")),
      task("C", sleep(10)),
      // Without a message: CPython 3.11 reports a cancelled Task here with an empty one.
      later(1.5, "X", cancel("C")),
      runCo(gather(["A", "B", "C"], true)),
    ],
  },
  {
    name: "gather: a cancelled child fails it with CancelledError; the outer future is not cancelled",
    rules: [83],
    steps: [
      task("A", sleep(10)),
      task("B", sleep(1), ret("b")),
      ["gather_future", "G", ["A", "B"]],
      later(0.5, "X", cancel("A", "child")),
      runCo(attempt([aw("G")], [log("main caught")])),
      state("G"),
    ],
  },
  {
    name: "gather: cancelling it cancels the children; it fails with CancelledError even with returnExceptions",
    rules: [83],
    steps: [
      task("A", attempt([sleep(10)], [log("A caught"), reraise])),
      task("B", sleep(1), ret("b")),
      ["gather_future", "G", ["A", "B"], true],
      later(0.5, "X", ["cancel_future", "G", "outer"]),
      runCo(attempt([aw("G")], [log("main caught")])),
      state("G"),
      state("A"),
      state("B"),
    ],
  },
  {
    name: "gather: nothing to gather gives an empty list; the same task twice is run once",
    rules: [79],
    steps: [task("T", log("T runs"), sleep(1), ret("t")), runCo(gather([]), gather(["T", "T"]))],
  },
  {
    name: "gather: cancelling the task awaiting it cancels the children",
    rules: [83],
    steps: [
      task("W", gather([[attempt([sleep(10)], [log("child caught"), reraise])], [sleep(10)]])),
      later(1, "X", cancel("W")),
      runCo(attempt([aw("W")], [log("main caught")])),
      state("W"),
    ],
  },
];

const waitForScenarios: CoroutineScenario[] = [
  {
    name: "wait_for: a result before the timeout",
    rules: [79],
    steps: [runCo(waitFor([sleep(1), ret("in time")], 5), log("after"), sleep(10), log("end"))],
  },
  {
    name: "wait_for: the timeout cancels the inner task, waits for it, then raises TimeoutError",
    rules: [83],
    steps: [
      runCo(
        attempt(
          [waitFor([attempt([sleep(10)], [log("inner caught"), sleep(1), log("inner cleaned up"), reraise])], 2)],
          [log("main caught")],
        ),
        log("main goes on"),
      ),
    ],
  },
  {
    name: "wait_for: an inner task that refuses cancellation gives its result after the timeout",
    rules: [85],
    steps: [runCo(waitFor([attempt([sleep(10)], [log("inner refuses")]), ret("late value")], 1), log("after"))],
  },
  {
    name: "wait_for: timeout 0 on a pending task cancels it at once; on a done one gives its result",
    rules: [83],
    steps: [
      task("A", ret("a")),
      task("B", sleep(1), ret("b")),
      runCo(sleep0, waitFor("A", 0), attempt([waitFor("B", 0)], [log("main caught")]), state("B")),
    ],
  },
  {
    name: "wait_for: cancelling the waiting task cancels the inner task too",
    rules: [83],
    steps: [
      task("inner", attempt([sleep(10)], [log("inner caught"), reraise])),
      task("W", waitFor("inner", 5)),
      later(1, "X", cancel("W")),
      runCo(attempt([aw("W")], [log("main caught")])),
      state("inner"),
    ],
  },
  {
    name: "wait_for: a null timeout awaits the coroutine inline",
    rules: [76],
    steps: [runCo(waitFor([log("inline"), sleep(1), ret(3)], null))],
  },
  {
    name: "wait_for: the inner task's exception goes through",
    rules: [82],
    steps: [runCo(attempt([waitFor([sleep(1), raise("inner failed")], 5)], [log("main caught")]))],
  },
];

const waitScenarios: CoroutineScenario[] = [
  {
    name: "wait: FIRST_COMPLETED returns when one is done, cancels nothing",
    rules: [79],
    steps: [
      task("A", sleep(2), ret("a")),
      task("B", sleep(1), ret("b")),
      runCo(["wait", ["A", "B"], null, "FIRST_COMPLETED"], state("A"), aw("A")),
    ],
  },
  {
    name: "wait: FIRST_EXCEPTION returns at the first failure",
    rules: [79],
    steps: [
      task("A", sleep(3), ret("a")),
      task("B", sleep(2), raise("B failed")),
      task("C", sleep(1), ret("c")),
      runCo(["wait", ["A", "B", "C"], null, "FIRST_EXCEPTION"], log("woke")),
    ],
  },
  {
    name: "wait: ALL_COMPLETED with a timeout leaves the slow ones pending",
    rules: [79],
    steps: [
      task("A", sleep(1), ret("a")),
      task("B", sleep(5), ret("b")),
      runCo(["wait", ["A", "B"], 2, "ALL_COMPLETED"], log("after wait"), aw("B")),
    ],
  },
  {
    name: "as_completed: results in completion order",
    rules: [79],
    steps: [
      task("A", sleep(3), ret("a")),
      task("B", sleep(1), ret("b")),
      task("C", sleep(2), raise("c failed")),
      runCo(["as_completed", ["A", "B", "C"], null]),
    ],
  },
  {
    name: "as_completed: after the timeout the remaining ones raise TimeoutError",
    rules: [79],
    steps: [
      task("A", sleep(1), ret("a")),
      task("B", sleep(5), ret("b")),
      task("C", sleep(6), ret("c")),
      runCo(["as_completed", ["A", "B", "C"], 2], log("done"), aw("C")),
    ],
  },
];

const shieldScenarios: CoroutineScenario[] = [
  {
    name: "shield: cancelling the awaiting task leaves the shielded task running",
    rules: [83],
    steps: [
      task("inner", sleep(3), log("inner finished"), ret("i")),
      task("W", attempt([["shield", "inner"]], [log("W caught"), reraise])),
      later(1, "X", cancel("W")),
      runCo(attempt([aw("W")], [log("main caught")]), aw("inner")),
      state("W"),
    ],
  },
  {
    name: "shield: the inner result and exception come through",
    rules: [79],
    steps: [
      runCo(
        ["shield", [sleep(1), ret("v")]],
        attempt([["shield", [sleep(1), raise("inner failed")]]], [log("caught")]),
      ),
    ],
  },
];

const timeoutScenarios: CoroutineScenario[] = [
  {
    name: "timeout: the deadline cancels the body; the scope raises TimeoutError",
    rules: [83],
    steps: [
      runCo(
        attempt(
          [timeout(2, log("body"), attempt([sleep(10)], [log("body caught"), ["cm_expired"], reraise]))],
          [log("main caught")],
        ),
        ["current_task"],
        log("main goes on"),
      ),
    ],
  },
  {
    name: "timeout: a body that ends in time is untouched",
    rules: [83],
    steps: [runCo(timeout(5, sleep(1), ["cm_expired"], ret("in time")))],
  },
  {
    name: "timeout: reschedule moves the deadline later",
    rules: [83],
    steps: [
      runCo(
        attempt([timeout(1, ["cm_reschedule", 5], sleep(3), log("still inside"), sleep(10))], [log("caught")]),
        log("end"),
      ),
    ],
  },
  {
    name: "timeout: a deadline rescheduled into the past expires in the next iteration",
    rules: [83],
    steps: [
      runCo(
        attempt(
          [timeout(10, sleep(1), ["cm_reschedule", -1], log("rescheduled"), sleep(5), log("not reached"))],
          [log("caught")],
        ),
      ),
    ],
  },
  {
    name: "timeout: null never expires; reschedule(null) disarms it",
    rules: [83],
    steps: [
      runCo(
        timeout(null, sleep(2), log("no deadline")),
        timeout(1, ["cm_reschedule", null], sleep(3), log("disarmed")),
      ),
    ],
  },
  {
    name: "timeout_at: an absolute deadline",
    rules: [83],
    steps: [runCo(sleep(1), attempt([["timeout_at", 2.5, [sleep(5)]]], [log("caught")]), log("end"))],
  },
  {
    name: "timeout: nested scopes, the inner expires and the outer does not",
    rules: [83],
    steps: [
      runCo(
        timeout(
          10,
          attempt([timeout(1, sleep(5))], [log("inner expired")]),
          sleep(1),
          ["cm_expired"],
          log("outer fine"),
        ),
      ),
    ],
  },
  {
    name: "timeout: a cancel from outside during the scope stays a CancelledError",
    rules: [83],
    steps: [
      task("T", attempt([timeout(5, sleep(10))], [log("T caught"), reraise])),
      later(1, "X", cancel("T")),
      runCo(attempt([aw("T")], [log("main caught")])),
      state("T"),
    ],
  },
  {
    name: "timeout: a body that swallows the cancellation still ends the scope, which raises nothing",
    rules: [85],
    steps: [
      runCo(
        timeout(1, attempt([sleep(5)], [log("body swallows")]), log("body ends"), ["cm_expired"]),
        log("after scope"),
      ),
    ],
  },
];

const taskGroupScenarios: CoroutineScenario[] = [
  {
    name: "task_group: the scope ends when every task is done",
    rules: [79],
    steps: [
      runCo(
        group(tgTask("A", sleep(2), log("A done"), ret("a")), tgTask("B", sleep(1), log("B done")), log("body ends")),
        log("after group"),
        result("A"),
      ),
    ],
  },
  {
    name: "task_group: a failing task cancels its sibling and the body, and raises an ExceptionGroup",
    rules: [83],
    steps: [
      runCo(
        ["this_task", "main"],
        attempt(
          [
            group(
              tgTask("A", sleep(1), raise("A failed")),
              tgTask("B", attempt([sleep(10)], [log("B cancelled"), reraise])),
              attempt([sleep(10)], [log("body cancelled"), reraise]),
            ),
          ],
          [log("main caught")],
        ),
        ["cancelling", "main"],
        state("B"),
      ),
    ],
  },
  {
    name: "task_group: two failures are raised together",
    rules: [82],
    steps: [
      runCo(
        attempt(
          [group(tgTask("A", sleep(1), raise("A failed")), tgTask("B", sleep(1), raise("B failed")))],
          [log("main caught")],
        ),
      ),
    ],
  },
  {
    name: "task_group: a body that raises cancels the tasks; its error joins the group",
    rules: [82],
    steps: [
      runCo(attempt([group(tgTask("A", sleep(5)), sleep(1), raise("body failed"))], [log("main caught")]), state("A")),
    ],
  },
  {
    name: "task_group: cancelling the parent cancels the tasks and stays a CancelledError",
    rules: [83],
    steps: [
      task("P", group(tgTask("A", attempt([sleep(10)], [log("A cancelled"), reraise])), sleep(10))),
      later(1, "X", cancel("P")),
      runCo(attempt([aw("P")], [log("main caught")])),
      state("P"),
      state("A"),
    ],
  },
  {
    name: "task_group: create_task is refused once the group is shutting down",
    rules: [82],
    steps: [
      runCo(
        attempt(
          [
            group(
              tgTask("A", sleep(1), raise("A failed")),
              attempt([sleep(5)], [tgTask("late", log("never")), reraise]),
            ),
          ],
          [log("main caught")],
        ),
      ),
    ],
  },
];

const lockScenarios: CoroutineScenario[] = [
  {
    name: "lock: waiters get the lock first come, first served",
    rules: [79],
    steps: [
      ["lock", "L"],
      task("A", ["acquire", "L"], log("A has it"), sleep(1), ["release", "L"]),
      task("B", ["acquire", "L"], log("B has it"), ["release", "L"]),
      task("C", ["acquire", "L"], log("C has it"), ["release", "L"]),
      runCo(aw("A"), aw("B"), aw("C"), ["locked", "L"]),
    ],
  },
  {
    name: "lock: a cancelled waiter is skipped",
    rules: [83],
    steps: [
      ["lock", "L"],
      task("A", ["acquire", "L"], sleep(2), ["release", "L"]),
      task("B", attempt([["acquire", "L"]], [log("B cancelled"), reraise])),
      task("C", ["acquire", "L"], log("C has it"), ["release", "L"]),
      later(1, "X", cancel("B")),
      runCo(aw("A"), aw("C"), state("B")),
    ],
  },
  {
    name: "lock: a waiter woken then cancelled passes the lock on",
    rules: [83],
    steps: [
      ["lock", "L"],
      task("A", ["acquire", "L"], sleep(1), ["release", "L"], cancel("B")),
      task("B", attempt([["acquire", "L"]], [log("B cancelled"), ["locked", "L"], reraise])),
      task("C", ["acquire", "L"], log("C has it"), ["release", "L"]),
      runCo(aw("A"), aw("C")),
    ],
  },
  {
    name: "lock: releasing an unlocked lock is a RuntimeError",
    rules: [79],
    steps: [
      ["lock", "L"],
      runCo(["release", "L"], ["acquire", "L"], ["locked", "L"], ["release", "L"], ["locked", "L"]),
    ],
  },
  {
    name: "event: set wakes every waiter in order; wait on a set event does not suspend",
    rules: [79],
    steps: [
      ["event", "E"],
      task("A", ["event_wait", "E"], log("A")),
      task("B", ["event_wait", "E"], log("B")),
      later(1, "X", ["event_set", "E"]),
      runCo(aw("A"), aw("B"), log("before"), ["event_wait", "E"], log("after"), ["event_clear", "E"]),
    ],
  },
  {
    name: "semaphore: two at a time, waiters in order; a bounded one refuses an extra release",
    rules: [79],
    steps: [
      ["semaphore", "S", 2, true],
      task("A", ["acquire", "S"], log("A in"), sleep(1), ["release", "S"]),
      task("B", ["acquire", "S"], log("B in"), sleep(2), ["release", "S"]),
      task("C", ["acquire", "S"], log("C in"), ["release", "S"]),
      task("D", ["acquire", "S"], log("D in"), ["release", "S"]),
      runCo(aw("A"), aw("B"), aw("C"), aw("D"), ["locked", "S"], ["release", "S"]),
    ],
  },
  {
    name: "condition: notify wakes the oldest waiter, notify_all the rest; wait_for checks its predicate",
    rules: [79],
    steps: [
      ["condition", "K"],
      task("A", ["acquire", "K"], ["cond_wait", "K"], log("A woke"), ["release", "K"]),
      task("B", ["acquire", "K"], ["cond_wait", "K"], log("B woke"), ["release", "K"]),
      task("C", ["acquire", "K"], ["cond_wait_for", "K", "ready"], log("C woke"), ["release", "K"]),
      runCo(
        sleep(1),
        ["acquire", "K"],
        ["notify", "K", 1],
        ["release", "K"],
        sleep(1),
        ["acquire", "K"],
        ["notify_all", "K"],
        ["release", "K"],
        sleep(1),
        ["acquire", "K"],
        ["set_flag", "ready", "yes"],
        ["notify_all", "K"],
        ["release", "K"],
        aw("C"),
      ),
    ],
  },
  {
    name: "condition: a waiter cancelled while waiting takes the lock back before it raises",
    rules: [83],
    steps: [
      ["condition", "K"],
      task(
        "W",
        ["acquire", "K"],
        attempt([["cond_wait", "K"]], [log("W cancelled"), ["locked", "K"], ["release", "K"], reraise]),
      ),
      runCo(
        sleep(1),
        ["acquire", "K"],
        cancel("W"),
        sleep(1),
        log("main still holds it"),
        ["release", "K"],
        attempt([aw("W")], [log("main caught")]),
      ),
    ],
  },
  {
    name: "semaphore: a waiter woken then cancelled passes its unit on",
    rules: [83],
    steps: [
      ["semaphore", "S", 1],
      task("A", ["acquire", "S"], sleep(1), ["release", "S"], cancel("B")),
      task("B", attempt([["acquire", "S"]], [log("B cancelled"), reraise])),
      task("C", ["acquire", "S"], log("C in"), ["release", "S"]),
      runCo(aw("A"), aw("C"), ["locked", "S"]),
    ],
  },
  {
    name: "event: a cancelled waiter leaves the others waiting",
    rules: [83],
    steps: [
      ["event", "E"],
      task("A", attempt([["event_wait", "E"]], [log("A cancelled"), reraise])),
      task("B", ["event_wait", "E"], log("B woke")),
      later(1, "X", cancel("A")),
      later(2, "Y", ["event_set", "E"]),
      runCo(aw("B"), state("A")),
    ],
  },
  {
    name: "barrier: a reset breaks the round for the waiters; the barrier fills again",
    rules: [79],
    steps: [
      ["barrier", "R", 2],
      task("A", attempt([["barrier_wait", "R"]], [log("A broken")])),
      runCo(
        sleep(1),
        ["barrier_reset", "R"],
        aw("A"),
        ["n_waiting", "R"],
        task("B", ["barrier_wait", "R"]),
        ["barrier_wait", "R"],
        aw("B"),
      ),
    ],
  },
  {
    name: "barrier: parties go through together with their indexes, round after round",
    rules: [79],
    steps: [
      ["barrier", "R", 3],
      task("A", ["barrier_wait", "R"], ["barrier_wait", "R"]),
      task("B", sleep(1), ["barrier_wait", "R"], ["barrier_wait", "R"]),
      task("C", sleep(2), ["n_waiting", "R"], ["barrier_wait", "R"], ["barrier_wait", "R"]),
      runCo(aw("A"), aw("B"), aw("C"), ["n_waiting", "R"]),
    ],
  },
  {
    name: "barrier: abort breaks it for the waiters and for later calls",
    rules: [79],
    steps: [
      ["barrier", "R", 3],
      task("A", attempt([["barrier_wait", "R"]], [log("A broken")])),
      runCo(sleep(1), ["barrier_abort", "R"], aw("A"), attempt([["barrier_wait", "R"]], [log("main broken")])),
    ],
  },
];

const queueScenarios: CoroutineScenario[] = [
  {
    name: "queue: getters are served first come, first served",
    rules: [79],
    steps: [
      ["queue", "Q", 0],
      task("A", ["get", "Q"]),
      task("B", ["get", "Q"]),
      runCo(sleep(1), ["put_nowait", "Q", 1], ["put_nowait", "Q", 2], aw("A"), aw("B")),
    ],
  },
  {
    name: "queue: a bounded queue makes putters wait, first come, first served",
    rules: [79],
    steps: [
      ["queue", "Q", 1],
      task("P1", ["put", "Q", "a"], log("P1 put")),
      task("P2", ["put", "Q", "b"], log("P2 put")),
      task("P3", ["put", "Q", "c"], log("P3 put")),
      runCo(sleep(1), ["get", "Q"], ["get", "Q"], ["get", "Q"], ["qsize", "Q"]),
    ],
  },
  {
    name: "queue: join waits until every item is marked done",
    rules: [79],
    steps: [
      ["queue", "Q", 0],
      task(
        "W",
        ["get", "Q"],
        sleep(1),
        ["task_done", "Q"],
        ["get", "Q"],
        sleep(1),
        ["task_done", "Q"],
        log("worker done"),
      ),
      runCo(["put", "Q", "x"], ["put", "Q", "y"], ["join", "Q"], log("joined"), ["task_done", "Q"]),
    ],
  },
  {
    name: "queue: LIFO and priority orders",
    rules: [79],
    steps: [
      ["queue", "L", 0, "lifo"],
      ["queue", "P", 0, "priority"],
      runCo(
        ["put", "L", 1],
        ["put", "L", 2],
        ["put", "L", 3],
        ["get", "L"],
        ["get", "L"],
        ["put", "P", [3, "c"]],
        ["put", "P", [1, "a"]],
        ["put", "P", [2, "b"]],
        ["put", "P", [1, "z"]],
        ["get", "P"],
        ["get", "P"],
        ["get", "P"],
        ["get", "P"],
      ),
    ],
  },
  {
    name: "queue: a getter woken then cancelled passes the item to the next getter",
    rules: [83],
    steps: [
      ["queue", "Q", 0],
      task("A", attempt([["get", "Q"]], [log("A cancelled"), reraise])),
      task("B", ["get", "Q"]),
      runCo(sleep(1), ["put_nowait", "Q", "item"], cancel("A"), aw("B"), state("A")),
    ],
  },
  {
    name: "queue: a putter woken then cancelled passes the free slot to the next putter",
    rules: [83],
    steps: [
      ["queue", "Q", 1],
      ["put_nowait", "Q", "x"],
      task("P1", attempt([["put", "Q", "p1"]], [log("P1 cancelled"), reraise])),
      task("P2", ["put", "Q", "p2"], log("P2 put")),
      runCo(sleep(1), ["get_nowait", "Q"], cancel("P1"), aw("P2"), ["get", "Q"], state("P1")),
    ],
  },
  {
    name: "task: an exception in a task's done callback goes to the exception handler",
    rules: [73, 47],
    steps: [
      ["set_handler", []],
      task("T", sleep0, ret(1)),
      ["add_done_callback", "T", "d", [["raise", "in done callback"]]],
      runCo(aw("T"), sleep0, log("main goes on")),
    ],
  },
  {
    name: "queue: the nowait calls raise QueueEmpty, QueueFull; task_done too often is a ValueError",
    rules: [79],
    steps: [
      ["queue", "Q", 1],
      runCo(
        ["get_nowait", "Q"],
        ["put_nowait", "Q", 1],
        ["put_nowait", "Q", 2],
        ["get_nowait", "Q"],
        ["task_done", "Q"],
        ["task_done", "Q"],
      ),
    ],
  },
];

/**
 * What CPython 3.12 and 3.13 changed in asyncio (minPython: the first version
 * with the behaviour checked; older ones are skipped, reported).
 */
const versionScenarios: CoroutineScenario[] = [
  {
    name: "uncancel: bringing the count back to 0 withdraws a cancellation not yet delivered",
    minPython: "3.13",
    rules: [83, 84],
    steps: [
      runCo(
        task("T", log("T runs"), ret("T done")),
        cancel("T"),
        ["cancelling", "T"],
        ["uncancel", "T"],
        ["cancelling", "T"],
        attempt([aw("T")], [log("main caught")]),
        state("T"),
      ),
    ],
  },
  {
    name: "timeout: expiry inside a task already being cancelled is a TimeoutError",
    rules: [83],
    steps: [
      task(
        "T",
        attempt([sleep(5)], [log("T caught")]),
        ["cancelling", "T"],
        attempt([timeout(1, sleep(5))], [log("T caught again")]),
        ["cancelling", "T"],
        log("T ends"),
      ),
      runCo(sleep0, cancel("T"), attempt([aw("T")], [log("main caught")]), state("T")),
    ],
  },
  {
    name: "task group: a failed child's cancellation of the parent is withdrawn at exit",
    rules: [83],
    steps: [
      runCo(
        ["this_task", "M"],
        attempt([group(tgTask("A", sleep(1), raise("boom")), sleep(5))], [log("group failed")]),
        ["cancelling", "M"],
        sleep(1),
        log("main goes on"),
      ),
    ],
  },
  {
    name: "task group: a cancellation from outside outlives a child's failure and comes at the next await",
    minPython: "3.13",
    rules: [83],
    steps: [
      task(
        "P",
        attempt(
          [group(tgTask("A", attempt([sleep(5)], [log("A cancelled"), raise("A fails")])), sleep(5))],
          [log("P caught")],
        ),
        ["cancelling", "P"],
        attempt([sleep(1)], [log("P cancelled again")]),
        ["cancelling", "P"],
        log("P ends"),
      ),
      runCo(sleep(1), cancel("P"), attempt([aw("P")], [log("main caught")]), state("P")),
    ],
  },
  {
    name: "task group: nested groups whose children both fail give the parent's cancelling() back level by level",
    minPython: "3.13",
    rules: [83],
    // Nobody reads P's outcome: what its next await meets is the next scenario's.
    steps: [
      task(
        "P",
        attempt(
          [
            group(
              tgTask("O", sleep0, raise("outer child fails")),
              attempt([group(tgTask("I", sleep0, raise("inner child fails")))], [log("inner group failed")]),
              ["cancelling", "P"],
            ),
          ],
          [log("outer group failed")],
        ),
        ["cancelling", "P"],
      ),
      runCo(sleep(1), log("main ends")),
    ],
  },
  {
    name: "task group: after nested groups whose children both fail, the parent's next await is not cancelled",
    minPython: "3.13",
    rules: [83],
    steps: [
      runCo(
        ["this_task", "M"],
        attempt(
          [
            group(
              tgTask("O", sleep0, raise("outer child fails")),
              attempt([group(tgTask("I", sleep0, raise("inner child fails")))], [log("inner group failed")]),
            ),
          ],
          [log("outer group failed")],
        ),
        ["cancelling", "M"],
        attempt([sleep(1), log("main slept")], [log("main cancelled")]),
        log("main ends"),
      ),
    ],
  },
  {
    name: "task group: a child's error and a cancellation from outside together: the error is raised, the cancellation comes next",
    minPython: "3.13",
    rules: [83],
    steps: [
      ["event", "E"],
      task(
        "P",
        attempt(
          [group(tgTask("A", ["event_set", "E"], sleep0, raise("A fails")), sleep(1), log("group body not cancelled"))],
          [log("P caught")],
        ),
        ["cancelling", "P"],
        attempt([sleep(1), log("P not cancelled")], [log("P cancelled again"), ["cancelling", "P"], reraise]),
      ),
      runCo(
        ["event_wait", "E"],
        ["cancelling", "P"],
        cancel("P"),
        ["cancelling", "P"],
        attempt([aw("P")], [log("main caught")]),
        state("P"),
      ),
    ],
  },
  {
    name: "condition: a notified waiter cancelled before it runs passes the notification on",
    minPython: "3.13",
    rules: [79],
    steps: [
      ["condition", "K"],
      task(
        "A",
        ["acquire", "K"],
        attempt([["cond_wait", "K"], log("A woke")], [log("A cancelled"), ["locked", "K"]], [["release", "K"]]),
      ),
      task("B", ["acquire", "K"], ["cond_wait", "K"], log("B woke"), ["release", "K"]),
      runCo(
        sleep(1),
        ["acquire", "K"],
        ["notify", "K", 1],
        cancel("A"),
        ["release", "K"],
        aw("A"),
        sleep(1),
        state("B"),
        ["acquire", "K"],
        ["notify_all", "K"],
        ["release", "K"],
        aw("B"),
      ),
    ],
  },
  {
    name: "condition: a waiter cancelled while it re-acquires the lock passes the notification on",
    minPython: "3.13",
    rules: [79],
    steps: [
      ["condition", "K"],
      task(
        "A",
        ["acquire", "K"],
        attempt([["cond_wait", "K"], log("A woke")], [log("A cancelled"), ["locked", "K"]], [["release", "K"]]),
      ),
      task("B", ["acquire", "K"], ["cond_wait", "K"], log("B woke"), ["release", "K"]),
      runCo(
        sleep(1),
        ["acquire", "K"],
        ["notify", "K", 1],
        sleep0,
        cancel("A"),
        sleep0,
        ["release", "K"],
        sleep(1),
        state("A"),
        state("B"),
        ["acquire", "K"],
        ["notify_all", "K"],
        ["release", "K"],
        aw("B"),
      ),
    ],
  },
  {
    name: "condition: a waiter cancelled while it re-acquires the lock raises the cancellation with its message",
    minPython: "3.13",
    rules: [83],
    steps: [
      ["condition", "K"],
      task(
        "W",
        ["acquire", "K"],
        attempt([["cond_wait", "K"]], [log("W cancelled"), ["locked", "K"], ["release", "K"], reraise]),
      ),
      runCo(
        sleep(1),
        ["acquire", "K"],
        ["notify", "K", 1],
        sleep0,
        cancel("W", "while re-acquiring"),
        sleep0,
        log("main still holds it"),
        ["release", "K"],
        attempt([aw("W")], [log("main caught")]),
        state("W"),
      ),
    ],
  },
  {
    name: "semaphore: a newcomer cannot take a slot that release() gave a waiter",
    rules: [79],
    steps: [
      ["semaphore", "S", 1],
      task(
        "A",
        ["acquire", "S"],
        log("A in"),
        sleep(1),
        ["release", "S"],
        task("D", ["acquire", "S"], log("D in"), ["release", "S"]),
        log("A out"),
      ),
      task("B", ["acquire", "S"], log("B in"), sleep(1), ["release", "S"]),
      task("C", ["acquire", "S"], log("C in"), ["release", "S"]),
      runCo(aw("A"), aw("B"), aw("C"), aw("D"), ["locked", "S"]),
    ],
  },
  {
    name: "semaphore: a woken waiter cancelled before it runs hands its slot on",
    rules: [79],
    steps: [
      ["semaphore", "S", 1],
      task("A", ["acquire", "S"], sleep(1), ["release", "S"], cancel("B")),
      task("B", attempt([["acquire", "S"], log("B in")], [log("B cancelled"), ["locked", "S"]])),
      task("C", ["acquire", "S"], log("C in"), ["release", "S"]),
      runCo(aw("A"), aw("C"), state("B"), ["locked", "S"]),
    ],
  },
  {
    name: "semaphore: a woken waiter wakes every waiter the free units allow, before a task it creates runs",
    minPython: "3.13",
    rules: [79],
    steps: [
      ["semaphore", "S", 0],
      task("c1", ["acquire", "S"], task("c4", log("4")), log("1")),
      task("c2", ["release", "S"], ["release", "S"], ["release", "S"], ["locked", "S"], ["acquire", "S"], log("2")),
      task("c3", ["acquire", "S"], ["locked", "S"], log("3")),
      runCo(sleep0, sleep0, aw("c1"), aw("c2"), aw("c3"), aw("c4"), ["locked", "S"]),
    ],
  },
  {
    name: "wait_for: a coroutine runs inline in the waiting task, not in a task of its own",
    minPython: "3.12",
    rules: [83],
    steps: [
      runCo(
        ["this_task", "M"],
        soon("X"),
        waitFor([log("inner runs"), ["current_task"], sleep(1), log("inner ends"), ret("inner")], 5),
        soon("Y"),
        attempt([waitFor([log("inner 2 runs"), sleep(5)], 1)], [log("caught")]),
        log("main ends"),
      ),
    ],
  },
  {
    name: "wait_for: a TimeoutError of the coroutine's own goes through; the wait's expiry inside the coroutine's scope is the wait's",
    rules: [83],
    steps: [
      runCo(
        attempt([waitFor([log("inner 1"), timeout(1, sleep(5))], 10)], [log("main caught 1")]),
        attempt(
          [waitFor([log("inner 2"), attempt([timeout(5, sleep(10))], [log("inner 2 caught"), reraise])], 1)],
          [log("main caught 2")],
        ),
        ["current_task"],
        log("main ends"),
      ),
    ],
  },
  {
    name: "wait_for: cancelling the waiting task cancels the coroutine it runs; the cancellation goes on",
    minPython: "3.12",
    rules: [83],
    steps: [
      task(
        "W",
        ["this_task", "W"],
        attempt(
          [waitFor([attempt([sleep(10)], [log("inner caught"), ["cancelling", "W"], reraise])], 5)],
          [log("W caught"), reraise],
        ),
      ),
      later(1, "X", cancel("W", "stop")),
      runCo(attempt([aw("W")], [log("main caught")]), state("W"), ["cancelling", "W"], sleep(10), log("main ends")),
    ],
  },
];

export const coroutineScenarios: CoroutineScenario[] = [
  ...steppingScenarios,
  ...cancelScenarios,
  ...sleepScenarios,
  ...gatherScenarios,
  ...waitForScenarios,
  ...waitScenarios,
  ...shieldScenarios,
  ...timeoutScenarios,
  ...taskGroupScenarios,
  ...lockScenarios,
  ...queueScenarios,
  ...versionScenarios,
];
