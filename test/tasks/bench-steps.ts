/**
 * What a task step and an await cost, for each kind of coroutine (not a
 * test: numbers vary by machine). Run from the repository root, after `npm run build`:
 *
 *   npx esbuild test/tasks/bench-steps.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/bench-steps.mjs && node /tmp/bench-steps.mjs
 *
 * Every workload runs on the Wasm core with the default (real) clock; the
 * loop never waits, so this is pure dispatch. Each line reports the median
 * of several rounds in ns per operation, and the ratio to the baseline: a
 * plain callSoon chain (one callback per iteration) measured in the same run.
 *
 *   step        one task step given up and resumed: `yield` / `await sleep(0)`
 *               (100 tasks stepping side by side, so batches hold 100 steps)
 *   await       one await of a pending Future that a callback completes:
 *               createFuture + callSoon(setResult) + the wakeup step
 *   await done  one await of a Future that is already done, inside a step
 *               (J13: no suspension)
 */
import { readFileSync } from "node:fs";
import { EventLoop, type Future, init, sleep } from "../../host/index.js";

// Run from the repository root (the bundle lives elsewhere).
init(new WebAssembly.Module(readFileSync("build/core.wasm")));

const ROUNDS = 7;
const TASKS = 100;
const STEPS = 2_000;
const AWAITS = 100_000;
const DONE_AWAITS = 1_000_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

async function measure(ops: number, body: (loop: EventLoop) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const loop = new EventLoop();
    const started = performance.now();
    await body(loop);
    samples.push(((performance.now() - started) * 1e6) / ops);
    loop.close();
  }
  return median(samples);
}

// ---- the baseline: a chain of callbacks, one per iteration

const baseline = () =>
  measure(TASKS * STEPS, (loop) => {
    const done = loop.createFuture<void>();
    let left = TASKS * STEPS;
    const hop = () => (--left === 0 ? done.setResult() : loop.callSoon(hop));
    for (let i = 0; i < TASKS; i++) loop.callSoon(hop);
    return loop.runUntilComplete(done);
  });

// ---- steps

function* stepper(): Generator<unknown, void, unknown> {
  for (let i = 0; i < STEPS; i++) yield;
}

async function asyncStepper(): Promise<void> {
  for (let i = 0; i < STEPS; i++) await sleep(0);
}

const steps = (make: () => Generator<unknown, void, unknown> | (() => Promise<void>)) =>
  measure(TASKS * STEPS, (loop) => {
    const tasks: Future<void>[] = [];
    for (let i = 0; i < TASKS; i++) tasks.push(loop.createTask(make()));
    return loop.runUntilComplete(function* () {
      for (const task of tasks) yield task;
    });
  });

// ---- awaits of pending futures

function complete(future: Future<number>, value: number): void {
  future.setResult(value);
}

const awaits = (kind: "generator" | "async") =>
  measure(AWAITS, (loop) => {
    if (kind === "generator") {
      return loop.runUntilComplete(function* () {
        for (let i = 0; i < AWAITS; i++) {
          const future = loop.createFuture<number>();
          loop.callSoon(complete, future, i);
          yield future;
        }
      });
    }
    return loop.runUntilComplete(async () => {
      for (let i = 0; i < AWAITS; i++) {
        const future = loop.createFuture<number>();
        loop.callSoon(complete, future, i);
        await future;
      }
    });
  });

// ---- awaits of done futures

const doneAwaits = (kind: "generator" | "async") =>
  measure(DONE_AWAITS, (loop) => {
    const future = loop.createFuture<number>();
    future.setResult(1);
    if (kind === "generator") {
      return loop.runUntilComplete(function* () {
        let sum = 0;
        for (let i = 0; i < DONE_AWAITS; i++) sum += (yield future) as number;
        return sum;
      });
    }
    return loop.runUntilComplete(async () => {
      let sum = 0;
      for (let i = 0; i < DONE_AWAITS; i++) sum += await future;
      return sum;
    });
  });

const WORKLOADS: Record<string, () => Promise<number>> = {
  "callSoon chain (baseline)": baseline,
  "step, generator (yield)": () => steps(() => stepper()),
  "step, async (await sleep(0))": () => steps(() => asyncStepper),
  "await pending Future, generator": () => awaits("generator"),
  "await pending Future, async": () => awaits("async"),
  "await done Future, generator": () => doneAwaits("generator"),
  "await done Future, async": () => doneAwaits("async"),
};

const only = process.argv[2];
if (only !== undefined) {
  // A child: one workload, on a fresh heap.
  console.log(JSON.stringify(await WORKLOADS[only]!()));
} else {
  const { execFileSync } = await import("node:child_process");
  const script = process.argv[1]!;
  const results = Object.keys(WORKLOADS).map((name): [string, number] => [
    name,
    JSON.parse(execFileSync(process.execPath, [script, name], { encoding: "utf8" })) as number,
  ]);
  const base = results[0]![1];
  console.log(
    `node ${process.version}, each workload in a fresh process, median of ${ROUNDS} rounds, ns per operation`,
  );
  for (const [name, ns] of results) {
    console.log(
      `${name.padEnd(34)} ${ns.toFixed(0).padStart(7)} ns   ${(ns / base).toFixed(2).padStart(6)} x baseline`,
    );
  }
}
