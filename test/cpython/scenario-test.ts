/**
 * One differential scenario as a vitest case, shared by both CPython suites
 * (not a test file): skipped by name on a CPython too old for it; else
 * wasmloop's trace must equal CPython's line for line, or, for a scenario
 * marked as a known difference on this CPython, must still differ (so the
 * mark goes once they agree), the first difference kept for the summary.
 */
import { expect, it } from "vitest";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { firstDifference, knownDifferenceOn, type Python, skipReason, type VersionMarks } from "./python.js";

export interface DifferentialCase {
  python: Python;
  /** CPython's traces by scenario name, once the driver has run. */
  traces: () => Record<string, string[]>;
  /** wasmloop's trace of the scenario. */
  play: () => Promise<string[]>;
  /** Where marked scenarios leave their first difference. */
  differences: Map<string, string>;
  /** Said when a marked scenario matches: which suite, kind or core. */
  where: string;
}

/** A trace line of the custom exception handler or of an error logged (the default handler's). */
const reportsError = (line: string): boolean => line.startsWith("handler:") || line.startsWith("log error:");

export function scenarioTest(scenario: VersionMarks & { name: string }, c: DifferentialCase): void {
  const on = `CPython ${c.python.versionText}`;
  const skip = skipReason(scenario, c.python.version);
  if (skip !== null) {
    it.skip(`${scenario.name} [skipped: ${skip}, found ${c.python.versionText}]`, () => {});
    return;
  }
  const known = knownDifferenceOn(scenario, c.python.version);
  const title = known === null ? scenario.name : `${scenario.name} [known difference on ${on}: ${known}]`;
  it(title, async () => {
    const expected = c.traces()[scenario.name];
    expect(expected, "no CPython trace").toBeDefined();
    expect(expected!.length).toBeGreaterThan(0);
    // What reaches the handler or logger.error is in the trace, compared with CPython's.
    if (expected!.some(reportsError)) expectLoopErrors();
    const actual = await c.play();
    if (known === null) {
      expect(actual).toEqual(expected);
      return;
    }
    // Marked: the traces must still differ; once they agree, the mark must go.
    const diff = firstDifference(expected!, actual);
    expect(diff, `${scenario.name} now matches ${on}${c.where}: remove its knownDifference`).not.toBeNull();
    c.differences.set(
      scenario.name,
      `  first difference at line ${diff!.line}\n  CPython:  ${JSON.stringify(diff!.a)}\n  wasmloop: ${JSON.stringify(diff!.b)}`,
    );
  });
}
