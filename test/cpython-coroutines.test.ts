/**
 * Differential test of coroutines against CPython's asyncio: every coroutine
 * scenario is played on a real asyncio loop (test/cpython/coroutine_driver.py)
 * and on wasmloop, once with generator coroutines and once with async
 * functions; each trace must equal CPython's line for line.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { coreNames } from "./helpers/cores.js";
import { expectLoopErrors } from "./helpers/loop-errors.js";
import { COROUTINE_NOT_OBSERVABLE, coroutineScenarios } from "./cpython/coroutine-scenarios.js";
import { playCoroutines } from "./cpython/play-coroutines.js";

const DRIVER = fileURLToPath(new URL("./cpython/coroutine_driver.py", import.meta.url));
/** Section 11 of docs/semantics.md: Task. */
const TASK_RULES = { first: 78, last: 89 };
const KINDS = ["generator", "async"] as const;

function runDriver(): Record<string, string[]> {
  const env = { ...process.env };
  delete env.PYTHONASYNCIODEBUG;
  delete env.PYTHONDEVMODE;
  const child = spawnSync("python3", [DRIVER], {
    input: JSON.stringify(coroutineScenarios),
    encoding: "utf8",
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`coroutine_driver.py exited with ${child.status}:\n${child.stderr}`);
  return JSON.parse(child.stdout) as Record<string, string[]>;
}

let cpython: Record<string, string[]> = {};

/** A trace line of the custom exception handler or of an error logged (the default handler's). */
const reportsError = (line: string): boolean => line.startsWith("handler:") || line.startsWith("log error:");

beforeAll(() => {
  cpython = runDriver();
});

describe("the CPython coroutine scenarios themselves", () => {
  it("have unique names, and there are at least 60", () => {
    const names = coroutineScenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(60);
  });

  it("each produce a CPython trace with at least one event, without a driver crash", () => {
    for (const s of coroutineScenarios) {
      const trace = cpython[s.name];
      expect(trace, s.name).toBeDefined();
      expect(trace!.length, s.name).toBeGreaterThan(0);
      expect(trace!.filter((line) => line.startsWith("driver crash")), s.name).toEqual([]);
    }
  });

  it("check every rule of section 11 (Task)", () => {
    const tagged = new Set(coroutineScenarios.flatMap((s) => s.rules));
    const missing: number[] = [];
    for (let rule = TASK_RULES.first; rule <= TASK_RULES.last; rule++) {
      if (!tagged.has(rule) && !(rule in COROUTINE_NOT_OBSERVABLE)) missing.push(rule);
    }
    expect(missing).toEqual([]);
  });
});

describe.each(coreNames)("wasmloop coroutines match CPython asyncio (%s core)", (core) => {
  describe.each(KINDS)("%s coroutines", (kind) => {
    it.each(coroutineScenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
      const expected = cpython[scenario.name];
      expect(expected, "no CPython trace").toBeDefined();
      // What reaches the handler or logger.error is in the trace, compared with CPython's.
      if (expected!.some(reportsError)) expectLoopErrors();
      expect(await playCoroutines(scenario, { core, kind })).toEqual(expected);
    });
  });
});
