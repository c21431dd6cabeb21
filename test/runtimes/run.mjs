// @ts-check
/**
 * The runtime matrix (`npm run test:runtimes`): the suite in suite.mjs, run
 * from the built dist/ in node, deno, bun, workerd and headless Chromium, one
 * after the other (its real-time tests should not share the CPUs), each under
 * `timeout`. Prints one PASS/FAIL line per runtime with the tests passed and
 * the start-up time (import to first loop callback); exits 1 on any FAIL.
 *
 *   node test/runtimes/run.mjs [runtime ...] [--repeat N]
 *
 * --repeat N launches each runtime N times (fresh processes) and reports the
 * median start-up; every launch must pass.
 */
import { existsSync } from "node:fs";
import { bin, judge, launch, median, ROOT, report, testsText } from "./launch.mjs";

/** How each runtime is launched. Deno gets no permission flag: the package must not need one. */
const RUNTIMES = {
  node: { command: [process.execPath, "test/runtimes/cli.mjs"] },
  deno: { command: [bin("deno"), "run", "--no-prompt", "test/runtimes/cli.mjs"] },
  bun: { command: [bin("bun"), "test/runtimes/cli.mjs"] },
  workerd: { command: [bin("workerd"), "test", "test/runtimes/workerd/config.capnp"] },
  chromium: { command: [process.execPath, "test/runtimes/chromium.mjs", ".", "test/runtimes/browser/index.html"] },
};

const args = process.argv.slice(2);
let repeat = 1;
const chosen = [];
for (let index = 0; index < args.length; index++) {
  if (args[index] === "--repeat") repeat = Number(args[++index]);
  else if (args[index] in RUNTIMES) chosen.push(args[index]);
  else {
    console.error(`unknown argument ${args[index]}; runtimes: ${Object.keys(RUNTIMES).join(", ")}`);
    process.exit(2);
  }
}
if (!(Number.isInteger(repeat) && repeat >= 1)) {
  console.error("--repeat expects a whole number >= 1");
  process.exit(2);
}
for (const file of ["dist/core.js", "dist/core.wasm"]) {
  if (!existsSync(`${ROOT}/${file}`)) {
    console.error(`${file} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}

let failed = 0;
for (const runtime of chosen.length > 0 ? chosen : Object.keys(RUNTIMES)) {
  const runs = [];
  for (let index = 0; index < repeat; index++) runs.push(await launch(RUNTIMES[runtime].command));
  const verdicts = runs.map((run) => judge(run));
  const bad = verdicts.findIndex((verdict) => !verdict.ok);
  const run = runs[bad === -1 ? 0 : bad];
  const verdict = verdicts[bad === -1 ? 0 : bad];
  if (runtime === "chromium" && verdict.ok && run.result.defaultEntryOnMainThread !== true) {
    verdict.ok = false;
    verdict.reasons.push("the default entry did not load on the main thread");
  }
  if (!verdict.ok) failed++;
  const startups = runs.map((each) => (each.startup ?? each.result)?.startupMs).filter((ms) => typeof ms === "number");
  const startup = startups.length > 0 ? `start-up ${median(startups).toFixed(1)} ms` : "start-up ?";
  const tests = testsText(run.result);
  const version = run.result?.version ?? (runtime === "workerd" ? await workerdVersion() : "");
  const times = repeat > 1 ? ` x${repeat}` : "";
  report(
    runtime,
    verdict,
    `${tests.padEnd(24)} ${startup.padEnd(20)} ${version} (${run.seconds.toFixed(1)} s${times})`,
    run,
  );
}
process.exit(failed > 0 ? 1 : 0);

async function workerdVersion() {
  const run = await launch([bin("workerd"), "--version"], { timeoutS: 30 });
  return run.stdout.trim();
}
