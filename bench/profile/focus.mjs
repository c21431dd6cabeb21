// @ts-check
// One workload on one core, long enough for a CPU profile, and nothing else:
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-interval=50 \
//     bench/profile/focus.mjs soon wasm [n] [rounds] [--debug-core]
//   node bench/profile/summarize.mjs /tmp/prof/*.cpuprofile
//
// --debug-core swaps in build/core.debug.wasm (unoptimised, with names), so
// the Wasm functions show up one by one; the release core inlines most of
// them into its exports.
import { readFileSync } from "node:fs";
import { loadWasmloop } from "../js/runtime.mjs";
import { WORKLOADS } from "../js/workloads.mjs";

const [workload = "soon", core = "wasm", nText = "1000000", roundsText = "20", flag] = process.argv.slice(2);
const lib = await loadWasmloop();
if (flag === "--debug-core") {
  lib.init(new WebAssembly.Module(readFileSync(new URL("../../build/core.debug.wasm", import.meta.url))));
}
const n = Number(nText);
const round = await WORKLOADS[workload].make(core, n, lib);
const perRound = [];
for (let i = 0; i < Number(roundsText); i++) {
  const phases = await round();
  perRound.push(Object.values(phases).reduce((a, b) => a + b, 0));
}
const ns = perRound.map((ms) => ((ms * 1e6) / n).toFixed(1));
console.log(`${workload} ${core}: ns per op by round: ${ns.join(" ")}`);
