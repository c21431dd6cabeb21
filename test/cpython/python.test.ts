/**
 * How the differential suites choose their CPython and which scenarios they
 * play on it (test/cpython/python.ts).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  atLeast,
  candidates,
  compareVersions,
  countByVersion,
  findPython,
  firstDifference,
  inRange,
  knownDifferenceOn,
  parseVersion,
  skipReason,
  skipSummary,
  type VersionMarks,
} from "./python.js";

const dir = mkdtempSync(join(tmpdir(), "wasmloop-python-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in interpreter that reports `version` (or fails, with null). */
function fakePython(path: string, version: string | null): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, version === null ? "#!/bin/sh\nexit 3\n" : `#!/bin/sh\necho ${version}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("CPython versions", () => {
  it("are read from what an interpreter prints", () => {
    expect(parseVersion("3.13.0")).toEqual([3, 13, 0]);
    expect(parseVersion("Python 3.11.7\n")).toEqual([3, 11, 7]);
    expect(parseVersion("3.13.0rc2")).toEqual([3, 13, 0]);
    expect(parseVersion("3.12")).toEqual([3, 12, 0]);
    expect(parseVersion("3.10.13")).toEqual([3, 10, 13]);
    expect(parseVersion("python")).toBeNull();
  });

  it("compare part by part, as numbers", () => {
    expect(compareVersions([3, 9, 18], [3, 10, 0])).toBeLessThan(0);
    expect(compareVersions([3, 13, 0], [3, 13, 0])).toBe(0);
    expect(compareVersions([3, 13, 1], [3, 13, 0])).toBeGreaterThan(0);
    expect(atLeast([3, 11, 7], "3.12")).toBe(false);
    expect(atLeast([3, 12, 0], "3.12")).toBe(true);
    expect(atLeast([3, 13, 0], "3.12")).toBe(true);
    expect(atLeast([3, 12, 1], "3.13")).toBe(false);
  });

  it("match ranges: a release, a series, bounds", () => {
    expect(inRange([3, 13, 0], "3.13.0")).toBe(true);
    expect(inRange([3, 13, 1], "3.13.0")).toBe(false);
    expect(inRange([3, 13, 5], "3.13")).toBe(true);
    expect(inRange([3, 12, 9], "3.13")).toBe(false);
    expect(inRange([3, 12, 0], ">=3.12")).toBe(true);
    expect(inRange([3, 11, 7], ">=3.12")).toBe(false);
    expect(inRange([3, 13, 9], ">=3.12 <3.14")).toBe(true);
    expect(inRange([3, 14, 0], ">=3.12 <3.14")).toBe(false);
    expect(inRange([3, 13, 0], ">3.13.0")).toBe(false);
    expect(inRange([3, 13, 0], "<=3.13.0")).toBe(true);
    expect(() => inRange([3, 13, 0], "3.x")).toThrow(/not a CPython version range/);
  });
});

describe("scenario selection", () => {
  const scenarios: VersionMarks[] = [
    { name: "any" },
    { name: "new semaphore", minPython: "3.12" },
    { name: "new condition", minPython: "3.13" },
    { name: "also 3.13", minPython: "3.13" },
    { name: "marked", knownDifference: { python: ">=3.12", reason: "changed in 3.12" } },
  ];

  it("skips what needs a newer CPython, with the reason", () => {
    expect(scenarios.map((s) => skipReason(s, [3, 11, 7]))).toEqual([
      null,
      "needs CPython >= 3.12",
      "needs CPython >= 3.13",
      "needs CPython >= 3.13",
      null,
    ]);
    expect(scenarios.map((s) => skipReason(s, [3, 12, 1]))).toEqual([
      null,
      null,
      "needs CPython >= 3.13",
      "needs CPython >= 3.13",
      null,
    ]);
    expect(scenarios.every((s) => skipReason(s, [3, 13, 0]) === null)).toBe(true);
  });

  it("summarises what it skipped in one line, and says nothing when nothing is", () => {
    expect(skipSummary(scenarios, [3, 11, 7], "3.11.7")).toBe(
      "3 scenarios need CPython >= 3.12/3.13, skipped on 3.11.7",
    );
    expect(skipSummary(scenarios, [3, 12, 1], "3.12.1")).toBe("2 scenarios need CPython >= 3.13, skipped on 3.12.1");
    expect(skipSummary(scenarios.slice(0, 2), [3, 11, 7], "3.11.7")).toBe(
      "1 scenario needs CPython >= 3.12, skipped on 3.11.7",
    );
    expect(skipSummary(scenarios, [3, 13, 0], "3.13.0")).toBeNull();
  });

  it("applies a known difference only on the versions it names", () => {
    const marked = scenarios[4]!;
    expect(knownDifferenceOn(marked, [3, 11, 7])).toBeNull();
    expect(knownDifferenceOn(marked, [3, 13, 0])).toBe("changed in 3.12");
    expect(knownDifferenceOn(scenarios[0]!, [3, 13, 0])).toBeNull();
  });

  it("counts scenarios by the version they need", () => {
    expect(countByVersion(scenarios)).toEqual({ any: 2, "3.12": 1, "3.13": 2 });
  });

  it("reports where two traces part", () => {
    expect(firstDifference(["a", "b", "c"], ["a", "b", "c"])).toBeNull();
    expect(firstDifference(["a", "b", "c", "d"], ["a", "x", "c"], 2)).toEqual({
      line: 2,
      a: ["b", "c"],
      b: ["x", "c"],
    });
    expect(firstDifference(["a"], ["a", "extra"])).toEqual({ line: 2, a: [], b: ["extra"] });
  });
});

describe("finding the interpreter", () => {
  it("tries WASMLOOP_PYTHON, then python3.13, then pyenv's 3.13, then python3", () => {
    const root = join(dir, "pyenv-order");
    fakePython(join(root, "versions", "3.13.2", "bin", "python3"), "3.13.2");
    fakePython(join(root, "versions", "3.12.1", "bin", "python3"), "3.12.1");
    const env: NodeJS.ProcessEnv = { ...process.env, PYENV_ROOT: root, WASMLOOP_PYTHON: "/somewhere/python" };
    const list = candidates(env);
    const sources = list.map((c) => c.source);
    expect(sources[0]).toBe("WASMLOOP_PYTHON");
    expect(list[0]!.command).toBe("/somewhere/python");
    expect(sources[1]).toBe("python3.13");
    expect(sources.at(-1)).toBe("python3");
    const shim = sources.indexOf("python3.13 (PYENV_VERSION=3.13.2)");
    const binary = list.findIndex((c) => c.command === join(root, "versions", "3.13.2", "bin", "python3"));
    expect(shim).toBeGreaterThan(1);
    expect(binary).toBeGreaterThan(shim);
    expect(binary).toBeLessThan(list.length - 1);
    expect(list.some((c) => c.command.includes("3.12.1") || c.env.PYENV_VERSION === "3.12.1")).toBe(false);
    delete env.WASMLOOP_PYTHON;
    expect(candidates(env)[0]!.source).toBe("python3.13");
  });

  it("takes WASMLOOP_PYTHON as given, and refuses one that does not run", () => {
    const fake = fakePython(join(dir, "bin", "python-fake"), "3.11.7");
    const python = findPython({ ...process.env, WASMLOOP_PYTHON: fake });
    expect(python).toMatchObject({
      command: fake,
      versionText: "3.11.7",
      version: [3, 11, 7],
      source: "WASMLOOP_PYTHON",
    });
    const broken = fakePython(join(dir, "bin", "python-broken"), null);
    expect(() => findPython({ ...process.env, WASMLOOP_PYTHON: broken })).toThrow(/does not run/);
  });

  it("finds pyenv's 3.13 binary when no python3.13 is on PATH", () => {
    const root = join(dir, "pyenv-only");
    const binary = fakePython(join(root, "versions", "3.13.0", "bin", "python3"), "3.13.0");
    // A PATH with only a python3 (3.11) on it: no python3.13, no pyenv.
    const bin = join(dir, "path-only");
    fakePython(join(bin, "python3"), "3.11.7");
    const env = { PATH: bin, HOME: join(dir, "no-home"), PYENV_ROOT: root };
    expect(findPython(env)).toMatchObject({ command: binary, versionText: "3.13.0", source: "pyenv 3.13.0" });
    // Without any 3.13: the default python3.
    expect(findPython({ ...env, PYENV_ROOT: join(dir, "empty") })).toMatchObject({
      command: "python3",
      versionText: "3.11.7",
    });
  });

  it("finds a CPython 3.11 or newer on this machine", () => {
    const python = findPython();
    expect(python.version[0]).toBe(3);
    expect(atLeast(python.version, "3.11")).toBe(true);
  });
});
