/**
 * The CPython the differential suites play their scenarios on.
 *
 * wasmloop follows CPython 3.13's asyncio, so the suites look for 3.13
 * first, without relying on the caller's environment:
 * 1. `WASMLOOP_PYTHON`, if set (a command on PATH or a path);
 * 2. `python3.13` on PATH, run with `PYENV_VERSION` naming an installed
 *    3.13 when pyenv is there (a pyenv shim refuses to run otherwise);
 * 3. the binary of an installed 3.13 under `$(pyenv root)/versions/3.13*`
 *    (or `~/.pyenv/versions/3.13*`);
 * 4. the default `python3`.
 * The first candidate that runs and reports a version wins.
 *
 * Scenarios may name the version they need (`minPython`) and a known
 * difference from the versions that changed behaviour (`knownDifference`);
 * the selection helpers below decide both, so that the suites never drop a
 * scenario silently.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** A CPython version: major, minor, micro (a missing part counts as 0). */
export type Version = readonly [number, number, number];

/** "3.13.0", "Python 3.11.7", "3.13.0rc2", "3.12" -> [3, 13, 0] ...; null if it names no version. */
export function parseVersion(text: string): Version | null {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
}

/** Negative, zero or positive as a is older than, equal to or newer than b. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function mustParse(text: string): Version {
  const v = parseVersion(text);
  if (v === null) throw new Error(`not a CPython version: ${JSON.stringify(text)}`);
  return v;
}

/** True when `version` is `min` or newer ("3.12" means 3.12.0). */
export function atLeast(version: Version, min: string): boolean {
  return compareVersions(version, mustParse(min)) >= 0;
}

/**
 * True when `version` lies in `range`: "3.13" or "3.13.0" (that release or
 * series: a two-part range covers every 3.13.x), ">=3.12", or two bounds
 * joined by a space, ">=3.12 <3.14". A bound is >=, >, <= or <.
 */
export function inRange(version: Version, range: string): boolean {
  const parts = range.trim().split(/\s+/);
  return parts.every((part) => {
    const m = /^(>=|<=|>|<)?(\d+\.\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`not a CPython version range: ${JSON.stringify(range)}`);
    const bound = mustParse(m[2]!);
    const c = compareVersions(version, bound);
    switch (m[1]) {
      case ">=":
        return c >= 0;
      case ">":
        return c > 0;
      case "<=":
        return c <= 0;
      case "<":
        return c < 0;
      default:
        // Exact: a two-part version names the series.
        return m[2]!.split(".").length === 2 ? version[0] === bound[0] && version[1] === bound[1] : c === 0;
    }
  });
}

/** What a scenario may say about the CPython versions it depends on. */
export interface VersionMarks {
  name: string;
  /** The oldest CPython whose asyncio has the behaviour the scenario checks ("3.12", "3.13"). */
  minPython?: string;
  /**
   * Where wasmloop is known to differ from CPython on this scenario: the
   * versions (inRange syntax) and why. On those versions the suite asserts
   * that the traces still differ, so the mark must go once they agree.
   */
  knownDifference?: { python: string; reason: string };
}

/** The reason a scenario is skipped on `version`, or null if it runs. */
export function skipReason(s: VersionMarks, version: Version): string | null {
  if (s.minPython === undefined || atLeast(version, s.minPython)) return null;
  return `needs CPython >= ${s.minPython}`;
}

/** The known difference that applies on `version`, or null. */
export function knownDifferenceOn(s: VersionMarks, version: Version): string | null {
  const k = s.knownDifference;
  return k !== undefined && inRange(version, k.python) ? k.reason : null;
}

/** Scenarios counted by the version they need (those without minPython under "any"). */
export function countByVersion(scenarios: readonly VersionMarks[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of scenarios) {
    const key = s.minPython ?? "any";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * The summary line of the skipped scenarios, or null if none is:
 * "2 scenarios need CPython >= 3.12/3.13, skipped on 3.11.7".
 */
export function skipSummary(scenarios: readonly VersionMarks[], version: Version, versionText: string): string | null {
  const skipped = scenarios.filter((s) => skipReason(s, version) !== null);
  if (skipped.length === 0) return null;
  const mins = [...new Set(skipped.map((s) => s.minPython!))].sort((a, b) =>
    compareVersions(mustParse(a), mustParse(b)),
  );
  const noun = skipped.length === 1 ? "scenario needs" : "scenarios need";
  return `${skipped.length} ${noun} CPython >= ${mins.join("/")}, skipped on ${versionText}`;
}

/** How to start the interpreter found. */
export interface Python {
  command: string;
  /** Variables to add to the child's environment (PYENV_VERSION for a pyenv shim). */
  env: Record<string, string>;
  version: Version;
  /** As the interpreter spells it: "3.13.0". */
  versionText: string;
  /** Where it came from, for the report: "WASMLOOP_PYTHON", "python3.13", "pyenv 3.13.0", "python3". */
  source: string;
}

interface Candidate {
  command: string;
  env: Record<string, string>;
  source: string;
}

/** The version a candidate reports, or null if it does not run. */
function probe(c: Candidate, baseEnv: NodeJS.ProcessEnv): string | null {
  const child = spawnSync(c.command, ["-c", "import platform; print(platform.python_version())"], {
    encoding: "utf8",
    env: { ...baseEnv, ...c.env },
    timeout: 30_000,
  });
  if (child.error || child.status !== 0) return null;
  const text = child.stdout.trim();
  return parseVersion(text) === null ? null : text;
}

/** pyenv's versions folders holding a 3.13, newest first. */
function pyenvVersions(baseEnv: NodeJS.ProcessEnv): { root: string; name: string }[] {
  const roots = new Set<string>();
  if (baseEnv.PYENV_ROOT) roots.add(baseEnv.PYENV_ROOT);
  const asked = spawnSync("pyenv", ["root"], { encoding: "utf8", env: baseEnv, timeout: 30_000 });
  if (!asked.error && asked.status === 0 && asked.stdout.trim()) roots.add(asked.stdout.trim());
  roots.add(join(baseEnv.HOME || homedir(), ".pyenv"));
  const found: { root: string; name: string }[] = [];
  for (const root of roots) {
    const dir = join(root, "versions");
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const v = parseVersion(name);
      if (v !== null && v[0] === 3 && v[1] === 13 && /^3\.13[.\d]*$/.test(name)) found.push({ root, name });
    }
  }
  return found.sort((a, b) => compareVersions(mustParse(b.name), mustParse(a.name)));
}

/** The candidates, in the order of the file comment. */
export function candidates(baseEnv: NodeJS.ProcessEnv = process.env): Candidate[] {
  const list: Candidate[] = [];
  const chosen = baseEnv.WASMLOOP_PYTHON;
  if (chosen) list.push({ command: chosen, env: {}, source: "WASMLOOP_PYTHON" });
  const installed = pyenvVersions(baseEnv);
  // On PATH: plain, then through the pyenv shim with an installed 3.13 named.
  list.push({ command: "python3.13", env: {}, source: "python3.13" });
  for (const { name } of installed) {
    list.push({ command: "python3.13", env: { PYENV_VERSION: name }, source: `python3.13 (PYENV_VERSION=${name})` });
  }
  for (const { root, name } of installed) {
    list.push({ command: join(root, "versions", name, "bin", "python3"), env: {}, source: `pyenv ${name}` });
  }
  list.push({ command: "python3", env: {}, source: "python3" });
  return list;
}

let found: Python | undefined;

/**
 * The interpreter the differential suites use (found once per process).
 * `WASMLOOP_PYTHON` is taken as given: if it does not run, that is an error.
 */
export function findPython(baseEnv: NodeJS.ProcessEnv = process.env): Python {
  if (found !== undefined && baseEnv === process.env) return found;
  let result: Python | undefined;
  for (const c of candidates(baseEnv)) {
    const text = probe(c, baseEnv);
    if (text === null) {
      if (c.source === "WASMLOOP_PYTHON") throw new Error(`WASMLOOP_PYTHON=${c.command} does not run as a Python`);
      continue;
    }
    result = { command: c.command, env: c.env, version: mustParse(text), versionText: text, source: c.source };
    break;
  }
  if (result === undefined)
    throw new Error("no CPython found (tried WASMLOOP_PYTHON, python3.13, pyenv's 3.13, python3)");
  if (baseEnv === process.env) found = result;
  return result;
}

/** Runs a driver on the interpreter found: JSON in on stdin, JSON out on stdout. */
export function runDriver(python: Python, driver: string, input: unknown): Record<string, string[]> {
  // The oracle must not inherit a debug mode from the environment (rule 55).
  const env: NodeJS.ProcessEnv = { ...process.env, ...python.env };
  delete env.PYTHONASYNCIODEBUG;
  delete env.PYTHONDEVMODE;
  const child = spawnSync(python.command, [driver], {
    input: JSON.stringify(input),
    encoding: "utf8",
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`${driver} on CPython ${python.versionText} exited with ${child.status}:\n${child.stderr}`);
  }
  return JSON.parse(child.stdout) as Record<string, string[]>;
}

/** The first line where two traces part, with a few lines of each from there (for reports). */
export function firstDifference(
  a: readonly string[],
  b: readonly string[],
  lines = 3,
): { line: number; a: string[]; b: string[] } | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return { line: i + 1, a: a.slice(i, i + lines), b: b.slice(i, i + lines) };
  }
  return null;
}
