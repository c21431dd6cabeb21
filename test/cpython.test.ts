/**
 * Differential test against CPython's asyncio: every scenario is played on a
 * real asyncio loop (test/cpython/driver.py, the oracle) and on wasmloop
 * (test/cpython/play.ts), and the traces must be equal line for line.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { coreNames } from "./helpers/cores.js";
import { expectLoopErrors } from "./helpers/loop-errors.js";
import { play } from "./cpython/play.js";
import { CONTRACT, NOT_OBSERVABLE, scenarios } from "./cpython/scenarios.js";

const DRIVER = fileURLToPath(new URL("./cpython/driver.py", import.meta.url));
/** Rules of sections 1-10 of docs/semantics.md. */
const FIRST_RULE = 1;
const LAST_RULE = 77;

function runDriver(): Record<string, string[]> {
  // The oracle must not inherit a debug mode from the environment (rule 55).
  const env = { ...process.env };
  delete env.PYTHONASYNCIODEBUG;
  delete env.PYTHONDEVMODE;
  const child = spawnSync("python3", [DRIVER], {
    input: JSON.stringify(scenarios),
    encoding: "utf8",
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`driver.py exited with ${child.status}:\n${child.stderr}`);
  }
  return JSON.parse(child.stdout) as Record<string, string[]>;
}

let cpython: Record<string, string[]> = {};

/** A trace line of the custom exception handler or of an error logged (the default handler's). */
const reportsError = (line: string): boolean => line.startsWith("handler:") || line.startsWith("log error:");

beforeAll(() => {
  cpython = runDriver();
});

describe("the CPython scenarios themselves", () => {
  it("have unique names", () => {
    const names = scenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("each produce a CPython trace with at least one event, without a driver crash", () => {
    for (const s of scenarios) {
      const trace = cpython[s.name];
      expect(trace, s.name).toBeDefined();
      expect(trace!.length, s.name).toBeGreaterThan(0);
      expect(trace!.filter((line) => line.startsWith("driver crash")), s.name).toEqual([]);
    }
  });

  it("check every rule that is observable from the public API", () => {
    const tagged = new Set(scenarios.flatMap((s) => s.rules));
    const missing: number[] = [];
    for (let rule = FIRST_RULE; rule <= LAST_RULE; rule++) {
      if (!tagged.has(rule) && !(rule in NOT_OBSERVABLE)) missing.push(rule);
    }
    expect(missing).toEqual([]);
    const taggedButExcluded = Object.keys(NOT_OBSERVABLE).map(Number).filter((r) => tagged.has(r));
    expect(taggedButExcluded).toEqual([]);
  });

  it("check every sentence of the run_forever contract", () => {
    const tagged = new Set(scenarios.flatMap((s) => s.contract ?? []));
    expect(CONTRACT.map((_, i) => i + 1).filter((n) => !tagged.has(n))).toEqual([]);
  });
});

describe.each(coreNames)("wasmloop matches CPython asyncio (%s core)", (core) => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const expected = cpython[scenario.name];
    expect(expected, "no CPython trace").toBeDefined();
    expect(expected!.length).toBeGreaterThan(0);
    // What reaches the handler or logger.error is in the trace, compared with CPython's.
    if (expected!.some(reportsError)) expectLoopErrors();
    expect(await play(scenario, { core })).toEqual(expected);
  });
});
