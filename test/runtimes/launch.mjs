// @ts-check
/**
 * What run.mjs and consume.mjs share: launching one runtime under
 * `timeout` (a hung bun otherwise waits forever), reading the `RESULT {json}`
 * line the suite's glue prints, and printing one PASS/FAIL line for it.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A runtime installed from npm (node_modules/.bin). */
export function bin(name) {
  return fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
}

/** Seconds one runtime may take for the whole suite (which itself bounds each test at 15 s). */
export const RUN_TIMEOUT_S = 180;
/** Grace between SIGTERM and SIGKILL for a runtime that does not stop on SIGTERM. */
const KILL_AFTER_S = 5;
/** What `timeout` exits with when it had to stop the command. */
/** @type {Set<number | null>} */
const TIMED_OUT = new Set([124, 137]);

/** Keeps runtimes quiet and offline: no colours, no update checks. */
const QUIET_ENV = { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" };

/**
 * Runs `command` (an argv array) under `timeout`. Resolves with the exit
 * code, the output, the wall time and the parsed RESULT (and STARTUP) lines.
 */
export function launch(command, { cwd = ROOT, env = {}, timeoutS = RUN_TIMEOUT_S } = {}) {
  const started = performance.now();
  const child = spawn("timeout", [`--kill-after=${KILL_AFTER_S}`, `${timeoutS}`, ...command], {
    cwd,
    env: { ...process.env, ...QUIET_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on("error", (error) => {
      stderr += String(error);
    });
    child.on("close", (code) => {
      resolve({
        code,
        timedOut: TIMED_OUT.has(code),
        seconds: (performance.now() - started) / 1000,
        stdout,
        stderr,
        result: lastJsonLine(`${stdout}\n${stderr}`, "RESULT"),
        startup: lastJsonLine(`${stdout}\n${stderr}`, "STARTUP"),
      });
    });
  });
}

function lastJsonLine(text, tag) {
  const lines = text.split("\n").filter((line) => line.startsWith(`${tag} `));
  if (lines.length === 0) return null;
  try {
    return JSON.parse(lines.at(-1).slice(tag.length + 1));
  } catch {
    return null;
  }
}

/**
 * Judges one launch: PASS only if the command exited 0 and the suite
 * reported every test passed. Returns { ok, reasons }.
 */
export function judge(run, { needsSuite = true } = {}) {
  const reasons = [];
  const result = run.result;
  if (run.timedOut) reasons.push(`timed out (exit ${run.code})`);
  else if (run.code !== 0) reasons.push(`exit code ${run.code}`);
  if (needsSuite) {
    if (result === null) reasons.push("no RESULT line");
    else {
      for (const failure of result.failures ?? []) reasons.push(`${failure.name}: ${failure.error}`);
      if (result.error) reasons.push(result.error.split("\n")[0]);
      else if (!(result.total > 0) || result.passed !== result.total)
        reasons.push(`${result.passed ?? 0}/${result.total ?? 0} tests passed`);
    }
  }
  for (const error of result?.pageErrors ?? []) reasons.push(`page error: ${error}`);
  return { ok: reasons.length === 0, reasons };
}

/** The last lines of a launch's stderr, for a FAIL report. */
export function stderrTail(run, lines = 15) {
  return run.stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !/dbus|Failed to connect to the bus/.test(line))
    .slice(-lines);
}

/**
 * Prints `PASS id  details` or `FAIL id  details` and, for a FAIL, the
 * reasons and the end of stderr, indented.
 */
export function report(id, verdict, details, run) {
  console.log(`${verdict.ok ? "PASS" : "FAIL"} ${id.padEnd(16)} ${details}`);
  if (!verdict.ok) {
    for (const reason of verdict.reasons) console.log(`       ${reason}`);
    for (const line of run ? stderrTail(run) : []) console.log(`       | ${line}`);
  }
}

/** "25/25 tests", with the skipped ones (features this build lacks) if any. */
export function testsText(result) {
  if (!result) return "no result";
  const skipped = result.skipped?.length ? ` +${result.skipped.length} skipped` : "";
  return `${result.passed ?? 0}/${result.total ?? 0} tests${skipped}`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
