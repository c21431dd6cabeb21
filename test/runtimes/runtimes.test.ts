/**
 * The runtime matrix and the consumption paths inside `npm test`: runs the
 * two scripts behind `npm run test:runtimes` and `npm run test:consume` on
 * the dist/ that `npm test` has just built, prints their PASS/FAIL lines,
 * and turns each line into one test, so CI counts and names every runtime
 * and every path. One file, so the two never run at the same time.
 */
import { execFile } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";

/** Both scripts bound each launch with `timeout`; this only catches a stuck script. */
const SCRIPT_TIMEOUT_MS = 10 * 60_000;

interface Outcome {
  output: string;
  lines: Map<string, string>;
}

function runScript(script: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { timeout: SCRIPT_TIMEOUT_MS, maxBuffer: 16 << 20 },
      (_error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        console.log(`${script}:\n${output}`);
        const lines = new Map<string, string>();
        // A FAIL line is followed by its indented reasons; keep them with it.
        let current: string | null = null;
        for (const line of stdout.split("\n")) {
          const match = /^(PASS|FAIL) (\S+)/.exec(line);
          if (match) {
            current = match[2];
            lines.set(current, line);
          } else if (current !== null && line.startsWith(" ")) {
            lines.set(current, `${lines.get(current)}\n${line}`);
          }
        }
        resolve({ output, lines });
      },
    );
  });
}

function expectPass(outcome: Outcome, id: string): void {
  const line = outcome.lines.get(id);
  expect(line, `no line for ${id} in:\n${outcome.output}`).toBeDefined();
  expect(line!.startsWith("PASS"), line).toBe(true);
}

describe("runtime matrix: the suite from dist/ (npm run test:runtimes)", () => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await runScript("test/runtimes/run.mjs");
  }, SCRIPT_TIMEOUT_MS);

  it.each(["node", "deno", "bun", "workerd", "chromium"])("%s", (runtime) => expectPass(outcome, runtime));
});

describe("consumption paths: the packed package (npm run test:consume)", () => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await runScript("test/runtimes/consume.mjs");
  }, SCRIPT_TIMEOUT_MS);

  it.each([
    "npm-pack",
    "node-import",
    "bun-import",
    "deno-import",
    "deno-npm",
    "node-require",
    "node-core",
    "typescript",
    "esbuild-browser",
    "esbuild-workerd",
  ])("%s", (path) => expectPass(outcome, path));
});
