// @ts-check
// The memory workload, one subject per process, started by bench/run.mjs with
// a collector the script can call (--expose-gc; Bun has Bun.gc) and a young
// generation large enough that a measured window sees no scavenge.
//
//   memory.mjs <subject> <n> <iterations>
//
// 1. Bytes per pending timer: n timers with random delays (the delays of
//    timers-sc), collected before and after; JS heap, ArrayBuffers (the
//    reference core's typed arrays) and Wasm linear memory counted together.
//    Wasm memory is read from the instances themselves: Node counts it in
//    `external`, Deno nowhere, so no memoryUsage() field is comparable.
// 2. Allocation per callback in steady state: iterations of 1,000 callSoon
//    each; heap used at the end of a window minus at its start, with no
//    collection in between, is what the path allocates; heap after a final
//    collection minus after one before the window, what it retains.
import { pendingDelaysMs } from "../lib/random.mjs";
import { collectGarbage, loadWasmloop, runtimeInfo, runtimeName } from "./runtime.mjs";
import { STEADY_BATCH } from "./workloads.mjs";

const instances = [];
const OriginalInstance = WebAssembly.Instance;
// A constructor that returns an object makes `new` yield that object, so the
// binding gets a real Instance and this file gets to see its memory.
WebAssembly.Instance = /** @type {typeof WebAssembly.Instance} */ (
  /** @type {unknown} */ (
    function RecordedInstance(module, imports) {
      const instance = new OriginalInstance(module, imports);
      instances.push(instance);
      return instance;
    }
  )
);

const [subject, nText, iterationsText] = process.argv.slice(2);
const n = Number(nText);
const iterations = Number(iterationsText);
const isLoop = subject === "wasm" || subject === "reference";
const lib = isLoop ? await loadWasmloop() : null;

function wasmBytes() {
  let bytes = 0;
  for (const instance of instances) bytes += instance.exports.memory.buffer.byteLength;
  return bytes;
}

function settledUsage() {
  // Twice: the first pass can leave work (weak references, finalizers) for the second.
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, arrayBuffers: usage.arrayBuffers ?? 0, wasm: wasmBytes() };
}

function perTimer(before, after) {
  const out = {};
  let total = 0;
  for (const key of Object.keys(before)) {
    out[key] = (after[key] - before[key]) / n;
    total += after[key] - before[key];
  }
  out.total = total / n;
  return out;
}

/** Inputs made before the first reading stay reachable to the last, or their release would count against the timers. */
const inputs = [];

function pendingTimers() {
  const delaysMs = pendingDelaysMs(n);
  inputs.push(delaysMs);
  const callback = () => {};
  if (subject === "setTimeout") {
    const before = settledUsage();
    for (let i = 0; i < n; i++) setTimeout(callback, delaysMs[i]);
    return perTimer(before, settledUsage());
  }
  // A fresh loop: its Wasm memory starts at one page, so its growth is the timers'.
  const loop = new lib.EventLoop({ core: subject });
  const delays = Float64Array.from(delaysMs, (ms) => ms / 1000);
  inputs.push(delays);
  const before = settledUsage();
  for (let i = 0; i < n; i++) loop.callLater(delays[i], callback);
  const result = perTimer(before, settledUsage());
  loop.close();
  return result;
}

/** Timestamps of the collections the runtime reports (Node only), to tell a clean window. */
async function gcWatcher() {
  if (runtimeName() !== "node") return null;
  const { PerformanceObserver } = await import("node:perf_hooks");
  const starts = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) starts.push(entry.startTime);
  });
  observer.observe({ entryTypes: ["gc"] });
  return { starts, observer };
}

async function steadyAllocation(path) {
  const watcher = await gcWatcher();
  /** Heap readings and times, set by measure("base") first. @type {Record<string, number>} */
  let window = {};
  let count = 0;
  const callback = () => {
    count++;
  };
  const schedule = {
    "callSoon(cb)": (loop) => loop.callSoon(callback),
    "callSoon(cb, arg)": (loop) => loop.callSoon(callback, count),
    "setImmediate(cb)": () => setImmediate(callback),
  }[path];
  // Three stretches of `iterations`: warm-up; a collection, then a stretch
  // to re-optimise what the collection deoptimised; the measured window.
  const measure = (phase) => {
    if (phase === "base") {
      collectGarbage();
      collectGarbage();
      window = { base: process.memoryUsage().heapUsed };
    } else if (phase === "start") {
      window.heap0 = process.memoryUsage().heapUsed;
      window.t0 = performance.now();
    } else {
      window.t1 = performance.now();
      window.heap1 = process.memoryUsage().heapUsed;
      collectGarbage();
      collectGarbage();
      window.heap2 = process.memoryUsage().heapUsed;
    }
  };
  const total = 3 * iterations;
  await /** @type {Promise<void>} */ (
    new Promise((resolve) => {
      let index = 0;
      if (isLoop) {
        const loop = new lib.EventLoop({ core: subject });
        const driver = () => {
          if (index === iterations) measure("base");
          if (index === 2 * iterations) measure("start");
          if (index === total) {
            measure("end");
            loop.stop();
            return;
          }
          index++;
          for (let i = 0; i < STEADY_BATCH; i++) schedule(loop);
          loop.callSoon(driver);
        };
        loop.callSoon(driver);
        loop.runForever().then(resolve);
      } else {
        const driver = () => {
          if (index === iterations) measure("base");
          if (index === 2 * iterations) measure("start");
          if (index === total) {
            measure("end");
            resolve();
            return;
          }
          index++;
          for (let i = 0; i < STEADY_BATCH; i++) schedule();
          setImmediate(driver);
        };
        setImmediate(driver);
      }
    })
  );
  // Node reports its collections; elsewhere a heap that shrank inside the
  // window is the sign that one ran.
  let scavenged = window.heap1 < window.heap0 ? true : null;
  if (watcher !== null) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    watcher.observer.disconnect();
    scavenged = watcher.starts.some((start) => start > window.t0 && start < window.t1);
  }
  const callbacks = iterations * STEADY_BATCH;
  return {
    allocatedBytes: (window.heap1 - window.heap0) / callbacks,
    retainedBytes: (window.heap2 - window.base) / (2 * callbacks),
    // A collection inside the window makes allocatedBytes a lower bound.
    collectedDuringWindow: scavenged,
  };
}

const result = { workload: "memory", subject, n, runtime: runtimeInfo() };
if (subject !== "setImmediate") result.pendingTimer = pendingTimers();
// Bun's heap figures move only when it collects, so a window without a
// collection reads zero whatever was allocated: nothing to report there.
const paths =
  runtimeName() === "bun"
    ? []
    : isLoop
      ? ["callSoon(cb)", "callSoon(cb, arg)"]
      : subject === "setImmediate"
        ? ["setImmediate(cb)"]
        : [];
result.allocation = {};
for (const path of paths) result.allocation[path] = await steadyAllocation(path);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
