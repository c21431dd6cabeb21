// @ts-check
// Where a .cpuprofile's samples fall: self time by function, and by the part
// of the system the function belongs to.
//
//   node bench/profile/summarize.mjs FILE.cpuprofile [top] [WAT]
//
// The release core has no name section, so V8 calls its functions
// wasm-function[i]; given the core's text form (build/core.wat, from the
// same build), i is replaced by the function's name.
import { readFileSync } from "node:fs";

const [file, topText = "25", watFile] = process.argv.slice(2);
const wasmNames = watFile
  ? [...readFileSync(watFile, "utf8").matchAll(/^ \(func \$(\S+)/gm)].map((m) => m[1].replace(/^assembly\//, ""))
  : [];
const nameOf = (name) =>
  name.replace(/^wasm-function\[(\d+)\]$/, (whole, i) => (wasmNames[i] ? `wasm ${wasmNames[i]}` : whole));
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

// Sample time: timeDeltas[i] is the time before sample i.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

function category(frame) {
  const { functionName: name, url } = frame;
  if (name === "(garbage collector)") return "GC";
  if (name === "(idle)" || name === "(program)" || name === "(root)") return name;
  if (url.startsWith("wasm://") || /^\$?[a-z].*\(wasm\)|wasm-function/.test(name) || frame.codeType === "wasm")
    return "Wasm core";
  if (url.includes("/bench/")) return "benchmark";
  if (url.includes("/dist/") || url.includes("tasklib")) return "wasmloop host (JS)";
  if (url.startsWith("node:")) return "Node internals";
  if (url === "") return "native (V8 builtins, wrappers)";
  return "other JS";
}

const functions = new Map();
const categories = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  const where =
    frame.url.startsWith("wasm://") || /^wasm-function/.test(frame.functionName)
      ? ""
      : `  ${frame.url.replace(/^.*\//, "")}:${frame.lineNumber + 1}`;
  const key = `${nameOf(frame.functionName || "(anonymous)")}${where}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
  const cat = category(frame);
  categories.set(cat, (categories.get(cat) ?? 0) + us);
  total += us;
}
const busy = total - (categories.get("(idle)") ?? 0);
const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`.padStart(6);
console.log(`${file}: ${(busy / 1000).toFixed(0)} ms busy, ${profile.samples.length} samples`);
console.log("\nby part:");
for (const [cat, us] of [...categories].sort((a, b) => b[1] - a[1]))
  if (cat !== "(idle)") console.log(`${pct(us)}  ${cat}`);
console.log("\nby function (self time):");
for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topText)))
  console.log(`${pct(us)}  ${key}`);
