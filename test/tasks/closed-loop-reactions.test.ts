/**
 * Nothing wasmloop does in a promise job throws into the host. An async
 * task's code may outlive its loop (it awaited a promise the loop does not
 * know, then the loop was stopped and closed); when it then returns, throws,
 * is cancelled or awaits a toolkit coroutine, the task ends quietly, as the
 * loop's other closed-loop paths do: its outcome is kept, and done callbacks
 * that a closed loop cannot schedule are dropped, as close() drops
 * everything scheduled. Checked in-process with an unhandledRejection
 * recorder, and in a child Node process, which exits 1 on an unhandled
 * rejection.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventLoop, ensureFuture, sleep } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { hostSleep } from "../loop/support.js";
import { CLOSED_LOOP_SCENARIO_NAMES, type Outcome, playClosedLoopScenarios } from "./closed-loop-scenarios.js";

const EXPECTED: Record<string, string> = {
  "returns after close": "result 1",
  "throws after close": "exception late",
  "awaited from JS, returns after close": "result 1",
  // A cancellation requested too late to be delivered wins over the value (rule 86).
  "cancelled after close, then returns": "cancelled",
  "done callback added after close, then throws": "exception late",
  "awaits a toolkit coroutine after close": "exception no running event loop",
  "a scoped helper's body ends after close": "result 1",
  "a scoped helper's body gives up a step after close": "exception no running event loop",
};

function expectQuietEnds(outcomes: Outcome[]): void {
  expect(outcomes.map((o) => o.name)).toEqual(CLOSED_LOOP_SCENARIO_NAMES);
  for (const outcome of outcomes) {
    expect({ name: outcome.name, ended: outcome.ended, callbacks: outcome.callbacks }).toEqual({
      name: outcome.name,
      ended: EXPECTED[outcome.name],
      callbacks: 0,
    });
  }
}

describe.each(coreNames)("an async task's code that outlives its loop (%s core)", (core) => {
  let rejections: unknown[] = [];
  const record = (reason: unknown) => void rejections.push(reason);
  beforeEach(() => {
    rejections = [];
    process.on("unhandledRejection", record);
  });
  afterEach(() => {
    process.off("unhandledRejection", record);
  });

  it("ends quietly whatever it does after close: no unhandled rejection, its outcome kept", async () => {
    const outcomes = await playClosedLoopScenarios(core);
    expectQuietEnds(outcomes);
    expect(rejections.map(String)).toEqual([]);
  });

  it("on a loop that is only stopped, it ends and its done callbacks run at the next run", async () => {
    const loop = new EventLoop({ core });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const log: unknown[] = [];
    const task = loop.createTask(async () => {
      await gate;
      throw new Error("late");
    });
    task.addDoneCallback(() => log.push("done callback"));
    loop.callLater(0.001, () => loop.stop());
    await loop.runForever();
    open();
    await hostSleep(5);
    log.push(`after stop: ${task.done()}`);
    await loop.runUntilComplete(sleep(0));
    loop.close();
    expect(log).toEqual(["after stop: true", "done callback"]);
    expect((task.exception() as Error).message).toBe("late");
    expect(rejections.map(String)).toEqual([]);
  });

  it("while another loop runs, it ends quietly and sees no running loop, not the other one", async () => {
    const a = new EventLoop({ core });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const task = a.createTask(async () => {
      await gate;
      await sleep(0); // no loop runs this task's code now
      return "ran";
    });
    task.addDoneCallback(() => {});
    a.callLater(0.001, () => a.stop());
    await a.runForever();
    a.close();
    const b = new EventLoop({ core });
    const log: unknown[] = [];
    await b.runUntilComplete(
      (function* () {
        open(); // from B's callback: A's task goes on while B runs
        yield* sleep(0.01);
        log.push(task.done() ? (task.exception() as Error).message : "pending");
      })(),
    );
    b.close();
    expect(log).toEqual(["no running event loop"]);
    expect(rejections.map(String)).toEqual([]);
  });
});

describe("in a Node process that exits on an unhandled rejection", () => {
  it("every closed-loop scenario ends quietly on both cores and the process exits 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "wasmloop-closed-"));
    try {
      const outfile = join(dir, "child.mjs");
      buildSync({
        entryPoints: [fileURLToPath(new URL("./closed-loop-child.ts", import.meta.url))],
        bundle: true,
        platform: "node",
        format: "esm",
        outfile,
        logLevel: "silent",
      });
      const wasm = fileURLToPath(new URL("../../build/core.wasm", import.meta.url));
      const child = spawnSync(process.execPath, [outfile, wasm], { encoding: "utf8", timeout: 30_000 });
      expect(child.stderr).toBe("");
      expect(child.status).toBe(0);
      const outcomes = JSON.parse(child.stdout) as Outcome[];
      expectQuietEnds(outcomes.slice(0, CLOSED_LOOP_SCENARIO_NAMES.length));
      expectQuietEnds(outcomes.slice(CLOSED_LOOP_SCENARIO_NAMES.length));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(coreNames)("a promise reaction that fails on a live loop (%s core)", (core) => {
  let rejections: unknown[] = [];
  const record = (reason: unknown) => void rejections.push(reason);
  beforeEach(() => {
    rejections = [];
    process.on("unhandledRejection", record);
  });
  afterEach(() => {
    process.off("unhandledRejection", record);
  });

  // In debug mode callSoon() refuses a coroutine function: a done callback
  // that is one makes the future's completion throw, here in a promise job.
  const coroutineCallback = async () => {};

  it("an async task's end reports it to the exception handler, not the host", async () => {
    expectLoopErrors();
    const loop = new EventLoop({ core, debug: true });
    const contexts: Array<Record<string, unknown>> = [];
    loop.setExceptionHandler((_loop, context) => void contexts.push(context));
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const task = loop.createTask(async () => {
      await gate; // detached: the function's end comes in a promise job
      return 1;
    });
    task.addDoneCallback(coroutineCallback);
    loop.callLater(0.001, open);
    loop.callLater(0.05, () => loop.stop());
    await loop.runForever();
    loop.close();
    expect(task.result()).toBe(1);
    // Debug mode also says that the task went on outside the loop's steps (no exception).
    const failures = contexts.filter((c) => "exception" in c);
    expect(failures.map((c) => [c.task === task, String(c.exception)])).toEqual([
      [true, "TypeError: coroutines cannot be used with callSoon()"],
    ]);
    expect(rejections.map(String)).toEqual([]);
  });

  it("a Future made by ensureFuture() from a promise reports it to the exception handler, not the host", async () => {
    expectLoopErrors();
    const loop = new EventLoop({ core, debug: true });
    const contexts: Array<Record<string, unknown>> = [];
    loop.setExceptionHandler((_loop, context) => void contexts.push(context));
    let settle: (value: string) => void = () => {};
    const future = ensureFuture(new Promise<string>((resolve) => (settle = resolve)), loop);
    future.addDoneCallback(coroutineCallback);
    loop.callLater(0.001, () => settle("v"));
    loop.callLater(0.05, () => loop.stop());
    await loop.runForever();
    loop.close();
    expect(future.result()).toBe("v");
    expect(contexts.map((c) => [c.future === future, String(c.exception)])).toEqual([
      [true, "TypeError: coroutines cannot be used with callSoon()"],
    ]);
    expect(rejections.map(String)).toEqual([]);
  });
});
