// @ts-check
// Which code allocates how many bytes per operation, garbage included: V8's
// sampling heap profiler, told to keep the samples of objects that minor and
// major collections have already freed.
//
//   node bench/profile/allocations.mjs <workload> <core> [n] [rounds]
//
// The first rounds warm up unsampled; the last round is sampled. Bytes are
// per operation of the workload, by allocating function (self).
import { Session } from "node:inspector/promises";
import { loadWasmloop } from "../js/runtime.mjs";
import { WORKLOADS } from "../js/workloads.mjs";

const [workload = "soon-steady", core = "wasm", nText = "200000", roundsText = "4"] = process.argv.slice(2);
const lib = await loadWasmloop();
const n = Number(nText);
const round = await WORKLOADS[workload].make(core, n, lib);
for (let i = 1; i < Number(roundsText); i++) await round();

const session = new Session();
session.connect();
await session.post("HeapProfiler.enable");
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 64,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
await round();
const { profile } = await session.post("HeapProfiler.stopSampling");
session.disconnect();

const bytes = new Map();
let total = 0;
const walk = (node, parents) => {
  const frame = node.callFrame;
  const here = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\//, "")}:${frame.lineNumber + 1}`;
  if (node.selfSize > 0) {
    const key = `${here}  <-  ${parents.slice(-2).reverse().join(" <- ")}`;
    bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) walk(child, [...parents, here]);
};
walk(profile.head, []);
console.log(`${workload} ${core}: ${(total / n).toFixed(1)} bytes allocated per operation (sampled)`);
for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`${(size / n).toFixed(1).padStart(7)}  ${key}`);
}
