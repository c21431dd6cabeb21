#!/usr/bin/env node
// @ts-check
/**
 * What N pending timers cost one loop, and what is left once they have fired
 * and once the loop is closed. Runs the built package (dist/node.js):
 *
 *   node --expose-gc scripts/measure-memory.mjs [N]          (default 10,000,000)
 *
 * One loop on a VirtualClock; N callLater() with the benchmark's random
 * delays (1 ms to 100 s, bench/lib/random.mjs), callbacks that take no
 * arguments. Bytes are read after two full collections:
 *   heap          JS heap used (the loop's per-slot callback array, the rest)
 *   arrayBuffers  host typed arrays (the loop's deadline array)
 *   wasm          linear memory of every live Wasm instance of the core
 * and reported per pending timer at the peak, then as totals after the
 * timers have fired (loop still open) and after close().
 * Prints a summary on stderr and one JSON line on stdout.
 */
import { pendingDelaysMs } from "../bench/lib/random.mjs";

// Every instance the binding makes, held weakly: a dropped one stops counting once collected.
const instances = [];
const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = /** @type {typeof WebAssembly.Instance} */ (
  /** @type {unknown} */ (
    function RecordedInstance(module, imports) {
      const instance = new OriginalInstance(module, imports);
      instances.push(new WeakRef(instance));
      return instance;
    }
  )
);
const { EventLoop, VirtualClock } = await import("../dist/node.js");

const n = Number(process.argv[2] ?? 10_000_000);
if (!(Number.isInteger(n) && n > 0))
  throw new RangeError(`measure-memory: N must be a whole number > 0, got ${process.argv[2]}`);
if (typeof globalThis.gc !== "function") throw new Error("measure-memory: run node with --expose-gc");

/** In a job of its own: a WeakRef dereferenced in a job keeps its target alive until that job ends. */
async function reading() {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const gc = /** @type {() => void} */ (globalThis.gc);
  gc();
  gc();
  const usage = process.memoryUsage();
  let wasm = 0;
  for (const ref of instances) wasm += ref.deref()?.exports.memory.buffer.byteLength ?? 0;
  return { heap: usage.heapUsed, arrayBuffers: usage.arrayBuffers, wasm };
}

function minus(after, before) {
  const out = {};
  for (const key of Object.keys(before)) out[key] = after[key] - before[key];
  out.total = out.heap + out.arrayBuffers + out.wasm;
  return out;
}

// Both arrays stay reachable to the end: their release would count against the timers.
const delaysMs = pendingDelaysMs(n);
const delays = delaysMs.map((ms) => ms / 1000);
const callback = () => {};
let fired = 0;
const counting = () => fired++;

const base = await reading();
const loop = new EventLoop({ clock: new VirtualClock() });
for (let i = 0; i < n; i++) loop.callLater(delays[i], i === n - 1 ? counting : callback);
const peak = minus(await reading(), base);

loop.callLater(101, () => loop.stop());
await loop.runForever();
const afterFiring = minus(await reading(), base);

loop.close();
const afterClose = minus(await reading(), base);

const perTimer = {};
for (const key of Object.keys(peak)) perTimer[key] = peak[key] / n;
const result = {
  n,
  inputs: delaysMs.length + delays.length,
  perPendingTimer: perTimer,
  peak,
  afterFiring,
  afterClose,
  lastFired: fired === 1,
};

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const line = (what, r) =>
  `  ${what.padEnd(22)} JS heap ${mb(r.heap)}, host arrays ${mb(r.arrayBuffers)}, Wasm ${mb(r.wasm)}: ${mb(r.total)}`;
console.error(
  `${n} pending timers, one loop (node ${process.version}):\n` +
    `  per pending timer:     JS heap ${perTimer.heap.toFixed(1)} B, host arrays ${perTimer.arrayBuffers.toFixed(1)} B, ` +
    `Wasm ${perTimer.wasm.toFixed(1)} B: ${perTimer.total.toFixed(1)} B\n` +
    `${line("peak", peak)}\n${line("after they fired", afterFiring)}\n${line("after close()", afterClose)}`,
);
console.log(JSON.stringify(result));
