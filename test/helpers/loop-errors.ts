/**
 * The loop-error guard: a test fails when an event loop's exception handler
 * or `logger.error` was reached and the test did not say it expects that.
 *
 * Why: the loop catches whatever a callback, a task step or an exception
 * handler throws and hands it to the exception handler, then goes on (rule
 * 47). A failed `expect` in there is logged, not thrown at the test, which
 * would pass. So every EventLoop of this process is watched (through its
 * prototype: every loop, whoever made it) and what reaches it is recorded:
 *
 *   exception handler          callExceptionHandler(context), custom handler or not
 *   default exception handler  defaultExceptionHandler(context) with a context not
 *                              already recorded: "Unhandled error in exception
 *                              handler" (a custom handler threw), or a direct call
 *   logger.error               console.error or a RecordingLogger's error(), unless it
 *                              is the default handler logging a recorded context
 *   task                       a task (made by createTask, ensureFuture, run, ...)
 *                              that ended with an exception nobody retrieved
 *                              (result(), exception(), await), asyncio's "Task
 *                              exception was never retrieved", which wasmloop
 *                              reports only once the task is garbage-collected;
 *                              or with a failed assertion
 *
 * Not recorded: the reports wasmloop makes when a future whose exception
 * nobody retrieved is garbage-collected (J18). They come whenever the
 * collector runs, often during a later test; the tasks among them are
 * checked above, at the end of the test that made them.
 *
 * checkLoopErrors(), run after each test by the setup file
 * (loop-errors-setup.ts), throws if anything was recorded since the last check.
 *
 * expectLoopErrors() opts the current test in: it expects errors to reach the
 * handler or logger and asserts them itself. Even then a failed assertion
 * (an AssertionError, from `expect` or node:assert) that reached the loop
 * fails the test: no test expects its own assertion to fail. So does an
 * opt-in when nothing was recorded: it is stale, or the expected error never came.
 *
 * Not covered: loops in other processes or workers (the runtime suites, the
 * CPython driver): their errors show only in what those processes report.
 *
 * Cost: one record per report; tasks are kept (strongly) until the next check.
 */
import { expect } from "vitest";
import type { ExceptionContext } from "../../host/index.js";
import { EventLoop, Future, Task } from "../../host/index.js";

export interface LoopErrorRecord {
  /** Where it was seen (see the table above). */
  readonly via: "exception handler" | "default exception handler" | "logger.error" | "task";
  readonly message: string;
  /** The exception reported, if there was one. */
  readonly exception?: unknown;
  /** The test that was running, or undefined between tests. */
  readonly test: string | undefined;
}

/** What expectLoopErrors() gives the test: what was recorded since the call, up to the next check (a live view). */
export interface ExpectedLoopErrors {
  readonly records: readonly LoopErrorRecord[];
}

/** Everything recorded since the last check, in order. */
let records: LoopErrorRecord[] = [];
/** The current test called expectLoopErrors(); reset by each check. */
let expected = false;
/** Tasks made since the last check: they are examined when it comes. */
let tasks = new Set<Future<unknown>>();
/** Futures whose outcome was read by result(), exception() or an await. */
const retrieved = new WeakSet<Future<unknown>>();
/** Contexts being handled right now (the innermost last): the logger lines they cause are theirs. */
const handling: ExceptionContext[] = [];
/** > 0 while a Task describes itself: toString() reads exception() without retrieving it. */
let describing = 0;

const INSTALLED = Symbol.for("wasmloop.test.loopErrorGuard");

/**
 * Opts the current test in: errors reaching the exception handler or
 * logger.error are expected, and the test asserts them itself. Call it in
 * the test (or in a beforeEach, for every test of a describe). Failed
 * assertions still fail the test, and so does an opt-in when no error came.
 */
export function expectLoopErrors(): ExpectedLoopErrors {
  if (expect.getState().currentTestName === undefined) {
    throw new Error("expectLoopErrors() must be called while a test runs (in it(), or in beforeEach)");
  }
  expected = true;
  const list = records;
  const start = list.length;
  return {
    get records() {
      return list.slice(start);
    },
  };
}

/**
 * Throws (failing the test, when called from afterEach) if anything reached
 * the loops' exception handlers or logger.error since the last check and the
 * test did not expect it, if a failed assertion did, or if the test expected
 * errors and none came (unless `testFailed`: the test may have failed before
 * its error came). Clears the records and the opt-in.
 */
export function checkLoopErrors(when = "during this test", testFailed = false): void {
  examineTasks();
  const found = records;
  const optedIn = expected;
  records = [];
  expected = false;
  const failing = optedIn ? found.filter((record) => isAssertionError(record.exception)) : found;
  if (failing.length > 0) throw guardFailure(failing, optedIn, when);
  if (optedIn && found.length === 0 && !testFailed) {
    // An opt-in with nothing to cover is stale, or the error the test is about never came.
    throw new Error(`expectLoopErrors() was called, but no error reached an event loop ${when}`);
  }
}

/** Called by RecordingLogger.error (test/loop/support.ts): a logger call the guard must see. */
export function noteLoggerError(data: readonly unknown[]): void {
  if (handling.length > 0) {
    // The default handler logging the context being handled: that context is recorded already.
    const exception = data[1];
    if (data.length < 2 || handling.some((context) => contextException(context) === exception)) return;
  }
  const exception = data.find((item) => isErrorObject(item));
  record("logger.error", data.map(printable).join(" "), exception);
}

/** Wraps EventLoop, Future and Task methods and console.error once per module graph (the setup file calls it). */
export function installLoopErrorGuard(): void {
  const proto = EventLoop.prototype as EventLoop & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;

  const callExceptionHandler = proto.callExceptionHandler;
  proto.callExceptionHandler = function (this: EventLoop, context: ExceptionContext): void {
    // Bad contexts are refused by the loop (a TypeError at the call): not a report.
    if (context === null || typeof context !== "object") return callExceptionHandler.call(this, context);
    // The garbage collector's reports come when it runs, maybe in a later test:
    // they are not recorded (the tasks among them are examined at each check).
    if (!isCollectedReport(context)) record("exception handler", contextMessage(context), contextException(context));
    handling.push(context);
    try {
      callExceptionHandler.call(this, context);
    } finally {
      handling.pop();
    }
  };

  const defaultExceptionHandler = proto.defaultExceptionHandler;
  proto.defaultExceptionHandler = function (this: EventLoop, context: ExceptionContext): void {
    if (context === null || typeof context !== "object" || handling.includes(context)) {
      return defaultExceptionHandler.call(this, context);
    }
    record("default exception handler", contextMessage(context), contextException(context));
    handling.push(context);
    try {
      defaultExceptionHandler.call(this, context);
    } finally {
      handling.pop();
    }
  };

  const createTask = proto.createTask;
  proto.createTask = function (this: EventLoop, ...args: Parameters<EventLoop["createTask"]>) {
    const task = createTask.apply(this, args);
    tasks.add(task);
    return task;
  } as EventLoop["createTask"];

  const futureProto = Future.prototype;
  const result = futureProto.result;
  futureProto.result = function (this: Future<unknown>) {
    if (describing === 0) retrieved.add(this);
    return result.call(this);
  };
  const exception = futureProto.exception;
  futureProto.exception = function (this: Future<unknown>) {
    if (describing === 0) retrieved.add(this);
    return exception.call(this);
  };
  const toString = Task.prototype.toString;
  Task.prototype.toString = function (this: Task<unknown>) {
    describing++;
    try {
      return toString.call(this);
    } finally {
      describing--;
    }
  };
  outcomeOf = (future) => {
    if (!future.done() || future.cancelled()) return null;
    return exception.call(future);
  };

  const consoleError = console.error;
  console.error = (...data: unknown[]): void => {
    noteLoggerError(data);
    consoleError.apply(console, data);
  };
}

/** A done future's exception, not marking it retrieved (set by installLoopErrorGuard). */
let outcomeOf: (future: Future<unknown>) => unknown = () => null;

function examineTasks(): void {
  const made = tasks;
  tasks = new Set();
  for (const task of made) {
    const exception = outcomeOf(task);
    if (exception === null || exception === undefined) continue;
    const name = task instanceof Task ? `'${task.getName()}'` : String(task);
    if (isAssertionError(exception)) {
      record("task", `Task ${name} ended with a failed assertion`, exception);
    } else if (!retrieved.has(task)) {
      record("task", `Task exception was never retrieved (task ${name})`, exception);
    }
  }
}

function record(via: LoopErrorRecord["via"], message: string, exception: unknown): void {
  const test = expect.getState().currentTestName;
  records.push(exception === undefined ? { via, message, test } : { via, message, exception, test });
}

// A context may be anything a test hands the loop (a throwing getter, a
// proxy): reading it must never make callExceptionHandler throw.
function contextMessage(context: ExceptionContext): string {
  try {
    const message = context.message;
    return typeof message === "string" && message !== "" ? message : "Unhandled exception in event loop";
  } catch (error) {
    return `(a context whose message cannot be read: ${describeException(error).split("\n")[0]})`;
  }
}

/** A report made when a future whose exception nobody retrieved was garbage-collected. */
function isCollectedReport(context: ExceptionContext): boolean {
  try {
    return typeof context.future === "string" && /^\w+ exception was never retrieved$/.test(String(context.message));
  } catch {
    return false;
  }
}

function contextException(context: ExceptionContext): unknown {
  try {
    return "exception" in context ? context.exception : undefined;
  } catch (error) {
    return error;
  }
}

/** An assertion that failed: vitest's (chai's) AssertionError, node:assert's, or a group holding one. */
export function isAssertionError(value: unknown, seen = new Set<unknown>()): boolean {
  // A thrown Proxy or getter may throw when looked at: then it is no assertion.
  try {
    return looksLikeAssertion(value, seen);
  } catch {
    return false;
  }
}

/** An Error instance, for a value whose prototype chain may throw when inspected. */
function isErrorObject(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

function looksLikeAssertion(value: unknown, seen: Set<unknown>): boolean {
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  seen.add(value);
  if ((value as { name?: unknown }).name === "AssertionError") return true;
  const group = value as { exceptions?: unknown; errors?: unknown; cause?: unknown };
  for (const nested of [group.exceptions, group.errors]) {
    if (Array.isArray(nested) && nested.some((item) => looksLikeAssertion(item, seen))) return true;
  }
  return looksLikeAssertion(group.cause, seen);
}

/**
 * The error the test fails with: it lists every record (message and
 * exception with its stack), failed assertions first, and has the first
 * exception as its cause. The runner shows the code of the first stack
 * frame in the message: the line of the first failed assertion, or error.
 */
function guardFailure(found: readonly LoopErrorRecord[], optedIn: boolean, when: string): Error {
  const failing = [
    ...found.filter((entry) => isAssertionError(entry.exception)),
    ...found.filter((entry) => !isAssertionError(entry.exception)),
  ];
  const head = optedIn
    ? `A failed assertion reached an event loop ${when} (expectLoopErrors() does not cover assertions):`
    : `An event loop reported ${failing.length === 1 ? "an error" : `${failing.length} errors`} ${when}; ` +
      "call expectLoopErrors() in the test if it expects them (and assert them):";
  const lines = [head];
  failing.forEach((entry, index) => {
    lines.push(`${index + 1}) ${entry.via}: ${entry.message}`);
    if (entry.test !== undefined && entry.test !== expect.getState().currentTestName) {
      lines.push(`   (recorded during "${entry.test}")`);
    }
    if ("exception" in entry) lines.push(indent(describeException(entry.exception)));
  });
  const cause = failing.find((entry) => isErrorObject(entry.exception))?.exception;
  const failure = new Error(lines.join("\n"), cause === undefined ? undefined : { cause });
  failure.name = "LoopErrorGuard";
  if (isAssertionError(cause)) {
    // The runner then shows the failed assertion's expected/actual diff.
    const { actual, expected, showDiff } = cause as { actual?: unknown; expected?: unknown; showDiff?: unknown };
    Object.assign(failure, { actual, expected, showDiff });
  }
  return failure;
}

/** An error's stack without the test runner's and node's own frames: what is left points at the test's code. */
function describeException(exception: unknown): string {
  try {
    return describeError(exception);
  } catch {
    return "thrown: (a value that cannot be printed)";
  }
}

function describeError(exception: unknown): string {
  if (isErrorObject(exception)) {
    const stack = exception.stack ?? `${exception.name}: ${exception.message}`;
    const lines = stack.split("\n");
    const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
    if (firstFrame < 0) return stack;
    const frames = lines.slice(firstFrame);
    const own = frames.filter(
      (line) => !/node_modules|node:internal|\(<anonymous>\)$|helpers\/loop-errors\.ts/.test(line),
    );
    return [...lines.slice(0, firstFrame), ...(own.length > 0 ? own : frames.slice(0, 3))].join("\n");
  }
  return `thrown: ${printable(exception)}`;
}

function printable(item: unknown): string {
  try {
    if (isErrorObject(item)) return `${item.name}: ${item.message}`;
    return String(item);
  } catch {
    return "(a value that cannot be printed)";
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `   ${line}`)
    .join("\n");
}
