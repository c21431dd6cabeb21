/**
 * Differential test against CPython's asyncio: every scenario is played on a
 * real asyncio loop (test/cpython/driver.py, the oracle) and on wasmloop
 * (test/cpython/play.ts), and the traces must be equal line for line.
 *
 * The oracle is CPython 3.13 when the machine has it (test/cpython/python.ts
 * finds it). A scenario that needs a newer CPython than the one found is
 * skipped, by name and in a summary line; a scenario marked with a known
 * difference on the version found is asserted to still differ.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { play } from "./cpython/play.js";
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
import { CONTRACT, NOT_OBSERVABLE, scenarios } from "./cpython/scenarios.js";
import { coreNames } from "./helpers/cores.js";

const DRIVER = fileURLToPath(new URL("./cpython/driver.py", import.meta.url));
/** Rules of sections 1-10 of docs/semantics.md. */
const FIRST_RULE = 1;
const LAST_RULE = 77;

const python = findPython();
const ON = `CPython ${python.versionText}`;
/** The scenarios this CPython can play; the others are skipped, by name. */
const playable = scenarios.filter((s) => skipReason(s, python.version) === null);
const summary = skipSummary(scenarios, python.version, python.versionText);
/** Known differences met in this run, reported once at the end. */
const differences = new Map<string, string>();

let cpython: Record<string, string[]> = {};

beforeAll(() => {
  console.log(
    `CPython differential on ${python.versionText} (${python.source}): ${playable.length} of ${scenarios.length} scenarios`,
  );
  const counts = Object.entries(countByVersion(scenarios)).map(
    ([v, n]) => `${v === "any" ? "any CPython" : `>= ${v}`}: ${n}`,
  );
  console.log(`scenarios by the CPython they need: ${counts.join(", ")}`);
  if (summary !== null) console.log(summary);
  cpython = runDriver(python, DRIVER, playable);
});

afterAll(() => {
  for (const [name, report] of differences) console.log(`known difference on ${ON}: ${name}\n${report}`);
});

describe("the CPython scenarios themselves", () => {
  it("have unique names", () => {
    const names = scenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("name the CPython versions they need, or differ on, in a form the selection reads", () => {
    for (const s of scenarios) {
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

  it("check every rule that is observable from the public API", () => {
    const tagged = new Set(scenarios.flatMap((s) => s.rules));
    const missing: number[] = [];
    for (let rule = FIRST_RULE; rule <= LAST_RULE; rule++) {
      if (!tagged.has(rule) && !(rule in NOT_OBSERVABLE)) missing.push(rule);
    }
    expect(missing).toEqual([]);
    const taggedButExcluded = Object.keys(NOT_OBSERVABLE)
      .map(Number)
      .filter((r) => tagged.has(r));
    expect(taggedButExcluded).toEqual([]);
  });

  it("check every sentence of the run_forever contract", () => {
    const tagged = new Set(scenarios.flatMap((s) => s.contract ?? []));
    expect(CONTRACT.map((_, i) => i + 1).filter((n) => !tagged.has(n))).toEqual([]);
  });
});

describe.each(coreNames)(`wasmloop matches ${ON} asyncio (%s core)`, (core) => {
  for (const scenario of scenarios) {
    scenarioTest(scenario, {
      python,
      traces: () => cpython,
      play: () => play(scenario, { core }),
      differences,
      where: "",
    });
  }
});
