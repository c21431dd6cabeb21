#!/usr/bin/env node
// @ts-check
/**
 * N open loops, each with a pending timer: how much each costs and whether
 * they all still work. Runs from the built package in node, deno or bun:
 *
 *   node scripts/measure-loops.mjs [N]                     (default 100000)
 *   node_modules/.bin/deno run --allow-read=dist --v8-flags=--expose-gc scripts/measure-loops.mjs [N]
 *   node_modules/.bin/bun scripts/measure-loops.mjs [N]
 *
 * 1. opens N loops, each with callLater(3600, ...) pending; reports the time
 *    per loop of the first and the last tenth (a loop must not get slower
 *    with the number alive) and the memory per loop;
 * 2. runs one iteration of every loop (each must answer);
 * 3. closes them all and reports what is left.
 * Prints one JSON line (after a human-readable summary on stderr).
 */
const runtime = typeof Deno !== "undefined" ? "deno" : typeof Bun !== "undefined" ? "bun" : "node";
const { EventLoop } = await import(new URL(`../dist/${runtime}.js`, import.meta.url).href);

const n = Number((typeof Deno !== "undefined" ? Deno.args : process.argv.slice(2))[0] ?? 100_000);
if (!(Number.isInteger(n) && n >= 10)) throw new RangeError(`measure-loops: N must be a whole number >= 10, got ${n}`);

function collect() {
  if (typeof Bun !== "undefined") Bun.gc(true);
  else if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
}

function usage() {
  if (typeof Deno !== "undefined") {
    const m = Deno.memoryUsage();
    return { heap: m.heapUsed, external: m.external, rss: m.rss };
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external, rss: m.rss };
}

const noop = () => {};
collect();
const before = usage();
const loops = new Array(n);
const tenth = Math.floor(n / 10);
let firstMs = 0;
let lastMs = 0;
let started = performance.now();
for (let i = 0; i < n; i++) {
  if (i === tenth) firstMs = performance.now() - started;
  if (i === n - tenth) started = performance.now();
  const loop = new EventLoop();
  loop.callLater(3600, noop);
  loops[i] = loop;
}
lastMs = performance.now() - started;
collect();
const open = usage();

// One iteration each: the pending timer is not due, a stop is.
let answered = 0;
for (const loop of loops) {
  loop.callSoon(() => answered++);
  loop.stop();
  await loop.runForever();
}

for (const loop of loops) loop.close();
loops.fill(null);
collect();
const closed = usage();

const perLoop = (key, after) => (after[key] - before[key]) / n;
const result = {
  runtime,
  loops: n,
  answered,
  usPerLoopFirstTenth: (firstMs * 1000) / tenth,
  usPerLoopLastTenth: (lastMs * 1000) / tenth,
  slowdown: lastMs / firstMs,
  bytesPerOpenLoop: { heap: perLoop("heap", open), external: perLoop("external", open), rss: perLoop("rss", open) },
  bytesPerLoopAfterClose: {
    heap: perLoop("heap", closed),
    external: perLoop("external", closed),
    rss: perLoop("rss", closed),
  },
};
const f = (x) => x.toFixed(1);
console.error(
  `${runtime}: ${n} open loops, each with a pending timer; ${answered} answered one iteration\n` +
    `  create: ${f(result.usPerLoopFirstTenth)} us per loop in the first tenth, ${f(result.usPerLoopLastTenth)} in the last (x${f(result.slowdown)})\n` +
    `  open:   ${f(result.bytesPerOpenLoop.heap)} B JS heap, ${f(result.bytesPerOpenLoop.external)} B external (Wasm on node), ${f(result.bytesPerOpenLoop.rss)} B RSS per loop\n` +
    `  closed: ${f(result.bytesPerLoopAfterClose.heap)} B JS heap, ${f(result.bytesPerLoopAfterClose.external)} B external per loop left`,
);
console.log(JSON.stringify(result));
