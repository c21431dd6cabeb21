/**
 * The loop-error guard itself (loop-errors.ts): it must turn a test red when
 * a loop swallowed an error or a failed assertion, and only then.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "../../host/index.js";
import { EventLoop, sleep, VirtualClock } from "../../host/index.js";
import { RecordingLogger, thrown } from "../loop/support.js";
import { checkLoopErrors, expectLoopErrors, isAssertionError } from "./loop-errors.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/guarded.fixture.ts", import.meta.url));
const FIXTURE_CONFIG = fileURLToPath(new URL("./fixtures/vitest.config.ts", import.meta.url));
const VITEST = join(ROOT, "node_modules", "vitest", "vitest.mjs");

const virtualLoop = (logger = new RecordingLogger()) => new EventLoop({ clock: new VirtualClock(0), logger });

/** What checkLoopErrors() throws now (fails the test if it does not throw). */
function guardFailure(): Error {
  const failure = thrown(() => checkLoopErrors());
  expect(failure).toBeInstanceOf(Error);
  return failure as Error;
}

interface Outcome {
  title: string;
  status: string;
  failureMessages: string[];
}

/** Runs the fixture file in a child vitest with the guard's setup file; the outcome of each test. */
function runFixture(): Outcome[] {
  const dir = mkdtempSync(join(tmpdir(), "wasmloop-guard-"));
  const report = join(dir, "report.json");
  try {
    // The child is a vitest of its own, not a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST")));
    const child = spawnSync(
      process.execPath,
      [VITEST, "run", "--config", FIXTURE_CONFIG, "--reporter=json", `--outputFile=${report}`],
      {
        cwd: ROOT,
        env,
        encoding: "utf8",
      },
    );
    if (child.error) throw child.error;
    const parsed = JSON.parse(readFileSync(report, "utf8")) as { testResults: Array<{ assertionResults: Outcome[] }> };
    return parsed.testResults.flatMap((file) => file.assertionResults);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the loop-error guard", () => {
  it("turns exactly the fixture's 'fails:' tests red, each report pointing at the line that threw", () => {
    const source = readFileSync(FIXTURE, "utf8").split("\n");
    const outcomes = runFixture();
    const titles = source.flatMap((line) => /^it\("([^"]+)"/.exec(line)?.[1] ?? []);
    expect(outcomes.map((o) => o.title)).toEqual(titles);
    for (const outcome of outcomes) {
      if (outcome.title.startsWith("passes:")) {
        expect(outcome.status, outcome.title).toBe("passed");
        continue;
      }
      expect(outcome.status, outcome.title).toBe("failed");
      const message = outcome.failureMessages.join("\n");
      if (outcome.title.includes("no error comes")) {
        expect(message, outcome.title).toContain(
          "expectLoopErrors() was called, but no error reached an event loop during this test",
        );
        continue;
      }
      if (outcome.title.includes("only by its own assertion")) {
        expect(outcome.failureMessages, outcome.title).toHaveLength(1);
        expect(message, outcome.title).toMatch(/^AssertionError: expected \+0 to be 4/);
      } else {
        expect(message, outcome.title).toMatch(/^LoopErrorGuard: /);
      }
      // The first fixture line the report names is inside the failing test: the assertion when it has one.
      const first = source.findIndex((line) => line.startsWith(`it(${JSON.stringify(outcome.title)}`));
      const next = source.findIndex((line, index) => index > first && line.startsWith("it("));
      const line = Number(/guarded\.fixture\.ts:(\d+):/.exec(message)?.[1]) - 1;
      expect(line, outcome.title).toBeGreaterThan(first);
      expect(line, outcome.title).toBeLessThan(next < 0 ? source.length : next);
      if (outcome.title.includes("wrong assertion")) expect(source[line], outcome.title).toContain("// ASSERTION");
    }
  });

  it("throws for an error that reached the handler: one report per error, the error as cause", async () => {
    const loop = virtualLoop();
    const error = new RangeError("boom");
    loop.callSoon(function failing() {
      throw error;
    });
    loop.stop();
    await loop.runForever();
    const failure = guardFailure();
    // The default handler's logger.error call is the same report, not a second one.
    expect(failure.message).toContain("an error during this test");
    expect(failure.message).toContain("1) exception handler: Exception in callback failing()");
    expect(failure.message).toContain("RangeError: boom");
    expect(failure.cause).toBe(error);
    expect(() => checkLoopErrors()).not.toThrow();
  });

  it("lists failed assertions first and makes the first one the cause, whatever came before", async () => {
    const loop = virtualLoop();
    loop.callSoon(function plain() {
      throw new Error("plain");
    });
    loop.callSoon(function asserting() {
      expect(loop.time()).toBe(5);
    });
    loop.stop();
    await loop.runForever();
    const failure = guardFailure();
    expect(failure.message).toContain("2 errors during this test");
    expect(failure.message).toMatch(
      /^1\) exception handler: Exception in callback asserting\(\)\n {3}AssertionError: /m,
    );
    expect(failure.message).toMatch(/^2\) exception handler: Exception in callback plain\(\)\n {3}Error: plain/m);
    expect(isAssertionError(failure.cause)).toBe(true);
  });

  it("throws for logger.error called outside any handler", () => {
    new RecordingLogger().error("direct", new TypeError("logged"));
    expect(guardFailure().message).toContain("1) logger.error: direct TypeError: logged");
  });

  it("a custom handler that hands the context to the default handler is one report", async () => {
    const loop = virtualLoop();
    loop.setExceptionHandler((l, context) => l.defaultExceptionHandler(context));
    loop.callSoon(() => {
      throw new Error("once");
    });
    loop.stop();
    await loop.runForever();
    const failure = guardFailure();
    expect(failure.message).toContain("1) exception handler: Exception in callback");
    expect(failure.message).not.toMatch(/^2\) /m);
  });

  it("expectLoopErrors() covers the errors of the current check only, and never a failed assertion", async () => {
    const errors = expectLoopErrors();
    const loop = virtualLoop();
    loop.callSoon(function expected() {
      throw new Error("expected");
    });
    loop.stop();
    await loop.runForever();
    expect(errors.records.map((record) => [record.via, record.message])).toEqual([
      ["exception handler", "Exception in callback expected()"],
    ]);
    expect(() => checkLoopErrors()).not.toThrow();

    loop.callExceptionHandler({ message: "after the check" });
    expect(guardFailure().message).toContain("1) exception handler: after the check");

    expectLoopErrors();
    loop.setExceptionHandler((_loop: EventLoop, context: ExceptionContext) => {
      expect(context.message).toBe("not this");
    });
    loop.callExceptionHandler({ message: "handled" });
    const failure = guardFailure();
    expect(failure.message).toMatch(/^A failed assertion reached an event loop/);
    expect(failure.message).toContain("1) default exception handler: Unhandled error in exception handler");
    expect(isAssertionError(failure.cause)).toBe(true);
  });

  it("a task's exception counts as retrieved once read, not when the task is printed", async () => {
    const loop = virtualLoop();
    const unread = loop.createTask(async () => {
      throw new SyntaxError("unread");
    });
    const read = loop.createTask(async () => {
      throw new SyntaxError("read");
    });
    await loop.runUntilComplete(sleep(0));
    expect(String(unread)).toBe(
      `<Task finished name='${unread.getName()}' coro=<<anonymous>()> exception=SyntaxError('unread')>`,
    );
    expect(read.exception()).toBeInstanceOf(SyntaxError);
    const failure = guardFailure();
    expect(failure.message).toContain(`1) task: Task exception was never retrieved (task '${unread.getName()}')`);
    expect(failure.message).not.toMatch(/^2\) /m);
  });

  it("recognises failed assertions, also inside an error group", () => {
    const assertion = thrown(() => expect(1).toBe(2));
    expect(isAssertionError(assertion)).toBe(true);
    expect(isAssertionError(new AggregateError([new Error("other"), assertion]))).toBe(true);
    expect(isAssertionError(new Error("wrapped", { cause: assertion }))).toBe(true);
    expect(isAssertionError(new Error("plain"))).toBe(false);
    expect(isAssertionError("AssertionError")).toBe(false);
  });
});
