/**
 * Differential test of coroutines against CPython's asyncio: every coroutine
 * scenario is played on a real asyncio loop (test/cpython/coroutine_driver.py)
 * and on wasmloop, once with generator coroutines and once with async
 * functions; each trace must equal CPython's line for line.
 *
 * The oracle is CPython 3.13 when the machine has it (test/cpython/python.ts);
 * scenarios that need a newer CPython than the one found are skipped and
 * reported, and known differences are asserted to still differ.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COROUTINE_NOT_OBSERVABLE, coroutineScenarios } from "./cpython/coroutine-scenarios.js";
import { playCoroutines } from "./cpython/play-coroutines.js";
import {
  countByVersion,
  findPython,
  inRange,
  parseVersion,
  runDriver,
  skipReason,
  skipSummary,
} from "./cpython/python.js";
import { scenarioTest } from "./cpython/scenario-test.js";
import { coreNames } from "./helpers/cores.js";

const DRIVER = fileURLToPath(new URL("./cpython/coroutine_driver.py", import.meta.url));
/** Section 11 of docs/semantics.md: Task. */
const TASK_RULES = { first: 78, last: 89 };
const KINDS = ["generator", "async"] as const;

const python = findPython();
const ON = `CPython ${python.versionText}`;
/** The scenarios this CPython can play; the others are skipped, by name. */
const playable = coroutineScenarios.filter((s) => skipReason(s, python.version) === null);
const summary = skipSummary(coroutineScenarios, python.version, python.versionText);
/** Known differences met in this run, reported once at the end. */
const differences = new Map<string, string>();

let cpython: Record<string, string[]> = {};

beforeAll(() => {
  console.log(
    `CPython coroutine differential on ${python.versionText} (${python.source}): ` +
      `${playable.length} of ${coroutineScenarios.length} scenarios`,
  );
  const counts = Object.entries(countByVersion(coroutineScenarios)).map(
    ([v, n]) => `${v === "any" ? "any CPython" : `>= ${v}`}: ${n}`,
  );
  console.log(`scenarios by the CPython they need: ${counts.join(", ")}`);
  if (summary !== null) console.log(summary);
  cpython = runDriver(python, DRIVER, playable);
});

afterAll(() => {
  for (const [name, report] of differences) console.log(`known difference on ${ON}: ${name}\n${report}`);
});

describe("the CPython coroutine scenarios themselves", () => {
  it("have unique names, and there are at least 60", () => {
    const names = coroutineScenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(60);
  });

  it("name the CPython versions they need, or differ on, in a form the selection reads", () => {
    for (const s of coroutineScenarios) {
      if (s.minPython !== undefined) expect(parseVersion(s.minPython), s.name).not.toBeNull();
      if (s.knownDifference !== undefined) {
        expect(() => inRange(python.version, s.knownDifference!.python), s.name).not.toThrow();
        expect(s.knownDifference.reason, s.name).not.toBe("");
      }
    }
  });

  it(`each produce a trace on ${ON} with at least one event, without a driver crash`, () => {
    for (const s of playable) {
      const trace = cpython[s.name];
      expect(trace, s.name).toBeDefined();
      expect(trace!.length, s.name).toBeGreaterThan(0);
      expect(
        trace!.filter((line) => line.startsWith("driver crash")),
        s.name,
      ).toEqual([]);
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

describe.each(coreNames)(`wasmloop coroutines match ${ON} asyncio (%s core)`, (core) => {
  describe.each(KINDS)("%s coroutines", (kind) => {
    for (const scenario of coroutineScenarios) {
      const play = () => playCoroutines(scenario, { core, kind });
      scenarioTest(scenario, { python, traces: () => cpython, play, differences, where: ` (${kind})` });
    }
  });
});
