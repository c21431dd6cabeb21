// @ts-check
// Takes the costs of the hot path away one at a time (see minihost.mjs) and
// prints ns per callback for soon, soon-steady and chain, beside the real
// EventLoop measured the same way, and the JS heap each variant allocates per
// callback in soon-steady (a window of 100,000 callbacks with a young
// generation too large to be collected in it). Each cell is its own process.
//
//   node bench/profile/ablation.mjs [n] [rounds]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { summarize } from "../lib/stats.mjs";

const STEADY_BATCH = 1000;
const VARIANTS = [
  ["EventLoop (dist/, wasm core)", "eventloop"],
  ["EventLoop (dist/, reference core)", "eventloop-ref"],
  ["mini: wasm core, kept 6-field Handle, rest args, real clock", "wasm+keep+rest+real"],
  ["  - rest args (arguments.length instead)", "wasm+keep+fixed+real"],
  ["  - kept Handle (loop keeps the callback; 3-field handle not kept)", "wasm+transient+fixed+real"],
  ["  - handle object (callSoon returns the id)", "wasm+none+fixed+real"],
  ["  - real clock (virtual clock)", "wasm+none+fixed+virtual"],
  ["  + transient handle back", "wasm+transient+fixed+virtual"],
  ["same on the reference core (no crossing per callSoon)", "ref+none+fixed+virtual"],
  ["  + transient handle back", "ref+transient+fixed+virtual"],
  ["ring of functions, no core at all (the floor)", "ring+none+fixed+virtual"],
];
const WORKLOAD_NAMES = ["soon", "soon-steady", "chain"];
const ALLOC_N = 100_000;
const ALLOC_FLAGS = ["--expose-gc", "--max-semi-space-size=64", "--min-semi-space-size=64"];

const [nText = "1000000", roundsText = "7", variantArg, workloadArg] = process.argv.slice(2);
const n = Number(nText);
const rounds = Number(roundsText);

if (variantArg !== undefined) {
  const result = workloadArg === "alloc" ? await allocated(variantArg) : await measure(variantArg, workloadArg);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const rows = [];
for (const [label, variant] of VARIANTS) {
  const cells = [];
  for (const workload of WORKLOAD_NAMES) {
    const child = spawnSync(process.execPath, [self, nText, roundsText, variant, workload], {
      encoding: "utf8",
      timeout: 300_000,
    });
    const last = /** @type {string} */ (child.stdout.trim().split("\n").pop());
    cells.push(child.status === 0 ? summarize(JSON.parse(last)) : null);
    if (child.status !== 0) process.stderr.write(`${variant} ${workload}: ${child.stderr}\n`);
  }
  const alloc = spawnSync(process.execPath, [...ALLOC_FLAGS, self, nText, roundsText, variant, "alloc"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  const bytes = alloc.status === 0 ? JSON.parse(/** @type {string} */ (alloc.stdout.trim().split("\n").pop())) : null;
  rows.push([
    label,
    ...cells.map((s) => (s ? `${s.median.toFixed(1)} [${s.min.toFixed(1)}-${s.max.toFixed(1)}]` : "failed")),
    bytes === null ? "failed" : bytes.toFixed(1),
  ]);
}
const titles = ["variant", ...WORKLOAD_NAMES, "B allocated per callback"];
const widths = titles.map((_, c) => Math.max(...[titles, ...rows].map((r) => r[c].length)));
const line = (r) => r.map((v, c) => v.padEnd(widths[c])).join("  ");
console.log(`ns per callback, median [min-max] of ${rounds} rounds after 2 warm-up, n = ${n}`);
console.log(line(titles));
for (const r of rows) console.log(line(r));

async function measure(variant, workload) {
  let round;
  if (variant.startsWith("eventloop")) {
    const { WORKLOADS } = await import("../js/workloads.mjs");
    const { loadWasmloop } = await import("../js/runtime.mjs");
    const lib = await loadWasmloop();
    const make = await WORKLOADS[workload].make(variant === "eventloop" ? "wasm" : "reference", n, lib);
    round = async () => Object.values(await make()).reduce((a, b) => a + b, 0);
  } else {
    const { makeLoop } = await import("./minihost.mjs");
    const loop = await makeLoop(variant);
    round = async () => miniRound(loop, workload);
  }
  const out = [];
  for (let i = 0; i < rounds + 2; i++) {
    const ms = await round();
    if (i >= 2) out.push((ms * 1e6) / n);
  }
  return out;
}

function miniRound(loop, workload) {
  let count = 0;
  const callback = () => {
    count++;
  };
  const t0 = performance.now();
  if (workload === "soon") {
    for (let i = 0; i < n; i++) loop.callSoon(callback);
    loop.stop();
    loop.run();
  } else if (workload === "soon-steady") {
    let left = Math.round(n / STEADY_BATCH);
    const stop = () => loop.stop();
    const driver = () => {
      for (let i = 0; i < STEADY_BATCH; i++) loop.callSoon(callback);
      loop.callSoon(--left > 0 ? driver : stop);
    };
    loop.callSoon(driver);
    loop.run();
  } else {
    let left = n;
    const link = () => {
      if (--left > 0) loop.callSoon(link);
      else loop.stop();
    };
    loop.callSoon(link);
    loop.run();
    count = n - left;
  }
  const ms = performance.now() - t0;
  if (count !== n) throw new Error(`${workload}: ran ${count} of ${n}`);
  return ms;
}

/** Heap bytes allocated per callback in soon-steady, garbage included (no collection inside the window). */
async function allocated(variant) {
  let round;
  if (variant.startsWith("eventloop")) {
    const { WORKLOADS } = await import("../js/workloads.mjs");
    const { loadWasmloop } = await import("../js/runtime.mjs");
    const make = await WORKLOADS["soon-steady"].make(
      variant === "eventloop" ? "wasm" : "reference",
      ALLOC_N,
      await loadWasmloop(),
    );
    round = () => make();
  } else {
    const { makeLoop } = await import("./minihost.mjs");
    const loop = await makeLoop(variant);
    round = async () => miniSteady(loop, ALLOC_N);
  }
  for (let i = 0; i < 4; i++) await round();
  // Empty the young generation, then re-optimise what the collection threw away.
  /** @type {() => void} */ (globalThis.gc)();
  for (let i = 0; i < 2; i++) await round();
  const before = process.memoryUsage().heapUsed;
  await round();
  const after = process.memoryUsage().heapUsed;
  return (after - before) / ALLOC_N;
}

function miniSteady(loop, count) {
  let left = Math.round(count / STEADY_BATCH);
  const stop = () => loop.stop();
  const callback = () => {};
  const driver = () => {
    for (let i = 0; i < STEADY_BATCH; i++) loop.callSoon(callback);
    loop.callSoon(--left > 0 ? driver : stop);
  };
  loop.callSoon(driver);
  loop.run();
}
