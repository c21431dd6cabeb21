// @ts-check
// One subject, one workload, one process: bench/run.mjs starts this under
// Node, Deno or Bun. A process each keeps the JIT's type feedback honest: a
// loop.ts that has seen both cores has polymorphic call sites that neither
// core would have in a real program.
//
//   child.mjs <workload> <subject> <n> <rounds> <warmup>
//
// Prints one JSON line: per-round phases in ns per operation, the warm-up
// rounds apart (they include the JIT's tiering up and the loop's growth to
// the workload's size).

import { loadWasmloop, runtimeInfo } from "./runtime.mjs";
import { Skip, WORKLOADS } from "./workloads.mjs";

const [workload, subject, nText, roundsText, warmupText] = process.argv.slice(2);
const spec = WORKLOADS[workload];
if (spec === undefined || !spec.subjects.includes(subject)) {
  throw new Error(`unknown workload/subject: ${workload} ${subject}`);
}
const n = Number(nText);
const rounds = Number(roundsText);
const warmup = Number(warmupText);

const lib = subject === "wasm" || subject === "reference" ? await loadWasmloop() : null;
let round;
try {
  round = await spec.make(subject, n, lib);
} catch (error) {
  if (!(error instanceof Skip)) throw error;
  process.stdout.write(`${JSON.stringify({ workload, subject, n, runtime: runtimeInfo(), skipped: error.message })}\n`);
  process.exit(0);
}

const perOp = (phases) => {
  const out = {};
  let total = 0;
  for (const [phase, ms] of Object.entries(phases)) {
    out[phase] = (ms * 1e6) / n;
    total += ms;
  }
  if (Object.keys(phases).length > 1) out.total = (total * 1e6) / n;
  return out;
};

const cold = [];
const measured = [];
for (let i = 0; i < warmup + rounds; i++) {
  // No forced collection between rounds: a full GC throws optimised code
  // away ("weak objects" deopts), so the next round would start half cold.
  const phases = perOp(await round());
  (i < warmup ? cold : measured).push(phases);
}

process.stdout.write(`${JSON.stringify({ workload, subject, n, runtime: runtimeInfo(), cold, rounds: measured })}\n`);
// Deno and Bun keep a process with pending host timers alive; there are none
// left, but exit explicitly so a stray handle never turns into a timeout.
process.exit(0);
