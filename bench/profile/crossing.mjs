// @ts-check
// What single operations of the hot path cost on this machine, each alone in
// a loop: the JS-to-Wasm crossing (and what its return type costs), a
// Wasm-to-JS call, calling a function taken from an array, reading the clock,
// the real core's soon() against the reference core's.
//
//   node bench/profile/crossing.mjs [iterations]
//   node bench/profile/crossing.mjs N wasm|ref [ready]    one core alone (ready: its ready path only)

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { makeCore } from "./minihost.mjs";

const iterations = Number(process.argv[2] ?? 10_000_000);
const coreOnly = process.argv[3];

// ---- a hand-made module: just the boundary, no work behind it -------------

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}
const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];
const vector = (items) => [...leb(items.length), ...items.flat()];
const name = (text) => [...leb(text.length), ...Buffer.from(text)];
const I32 = 0x7f;
const F64 = 0x7c;

function boundaryModule() {
  const types = vector([
    [0x60, 0, 1, I32], // 0: () -> i32
    [0x60, 0, 1, F64], // 1: () -> f64
    [0x60, 3, F64, F64, I32, 1, I32], // 2: (f64, f64, i32) -> i32, runOnce's shape
    [0x60, 0, 0], // 3: () -> (), the imported JS function
  ]);
  const imports = vector([[...name("js"), ...name("callback"), 0x00, 3]]);
  // Function indices: 0 is the import; 1..4 are defined here.
  const functions = vector([[0], [1], [2], [1]]);
  const exports = vector([
    [...name("returnsI32"), 0x00, 1],
    [...name("returnsF64"), 0x00, 2],
    [...name("takesThree"), 0x00, 3],
    [...name("callsJs"), 0x00, 4],
  ]);
  const body = (code) => [...leb(code.length + 1), 0x00, ...code]; // no locals
  const f64Const = [0x44, ...new Uint8Array(new Float64Array([Number(process.env.F64 ?? 12345)]).buffer)];
  const code = vector([
    body([0x41, 0x07, 0x0b]), // i32.const 7
    body([...f64Const, 0x0b]), // f64.const 12345
    body([0x20, 0x02, 0x0b]), // local.get 2
    body([0x10, 0x00, ...f64Const, 0x0b]), // call $callback; f64.const
  ]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, code),
  ];
  return new WebAssembly.Module(new Uint8Array(bytes));
}

// ---- measurements ---------------------------------------------------------

function time(label, fn) {
  fn(iterations / 10); // warm up and optimise
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    fn(iterations);
    samples.push(((performance.now() - t0) * 1e6) / iterations);
  }
  samples.sort((a, b) => a - b);
  console.log(`${samples[2].toFixed(2).padStart(8)} ns  ${label}`);
}

let sink = 0;
if (coreOnly !== undefined) {
  const core = await makeCore(coreOnly);
  const name = coreOnly === "wasm" ? "Wasm" : "reference";
  time(`${name} core alone: soon() x 1000, then runOnce(), per callback`, (k) => {
    for (let done = 0; done < k; done += 1000) {
      for (let i = 0; i < 1000; i++) core.soon();
      core.runOnce(1, 1e-9, false);
    }
  });
  time(`${name} core alone: soon() then runOnce(), per pair (chain's core work)`, (k) => {
    for (let i = 0; i < k; i++) {
      core.soon();
      core.runOnce(1, 1e-9, false);
    }
  });
  time(`${name} core alone: runOnce() with nothing to do (WAIT), per call`, (k) => {
    for (let i = 0; i < k; i++) core.runOnce(1, 1e-9, false);
  });
  // `crossing.mjs N wasm ready` stops here: a profile of the ready path alone.
  if (process.argv[4] === "ready") process.exit(0);
  // Timers at the benchmark's size: a million random deadlines.
  const pending = 1_000_000;
  const when = Float64Array.from({ length: pending }, (_, i) => (((i * 2654435761) % 2 ** 32) / 2 ** 32) * 1000);
  const ids = new Float64Array(pending);
  const timers = (label, body) => {
    const samples = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      body();
      samples.push(((performance.now() - t0) * 1e6) / pending);
    }
    samples.sort((a, b) => a - b);
    console.log(`${samples[2].toFixed(2).padStart(8)} ns  ${name} core alone: ${label}`);
  };
  timers("at() x 1M random deadlines, then cancel() each, per pair", () => {
    for (let i = 0; i < pending; i++) ids[i] = core.at(when[i]);
    for (let i = 0; i < pending; i++) core.cancel(ids[i]);
    core.runOnce(2000, 1e-9, true);
    core.runOnce(2000, 1e-9, true);
  });
  timers("at() x 1M, then one runOnce() past them all (1M pops into one batch), per timer", () => {
    for (let i = 0; i < pending; i++) core.at(when[i]);
    core.runOnce(2000, 1e-9, false);
    core.runOnce(2000, 1e-9, true);
  });
  timers("at() x 1M, then drained one deadline per runOnce() (WAIT, then the batch), per timer", () => {
    for (let i = 0; i < pending; i++) core.at(when[i]);
    let now = 0;
    for (;;) {
      if (core.runOnce(now, 1e-9, false) === -1) {
        if (core.nextDeadline === Infinity) break;
        now = core.nextDeadline;
      }
    }
  });
  process.exit(0);
}
const noop = () => {
  sink++;
};
/** Its exports, as the module in boundaryModule() defines them. */
const { exports: boundary } = /** @type {{ exports: Record<string, (...args: number[]) => number> }} */ (
  /** @type {unknown} */ (new WebAssembly.Instance(boundaryModule(), { js: { callback: noop } }))
);

console.log(`ns per operation, median of 5 runs of ${iterations.toLocaleString("en")}`);
time("empty JS -> Wasm call returning i32", (k) => {
  const f = boundary.returnsI32;
  let s = 0;
  for (let i = 0; i < k; i++) s += f();
  sink += s;
});
time("empty JS -> Wasm call returning f64 (an id as the core returns it)", (k) => {
  const f = boundary.returnsF64;
  let s = 0;
  for (let i = 0; i < k; i++) s += f();
  sink += s;
});
time("JS -> Wasm call with runOnce's signature (f64, f64, i32) -> i32", (k) => {
  const f = boundary.takesThree;
  let s = 0;
  for (let i = 0; i < k; i++) s += f(1.5, 1e-9, 0);
  sink += s;
});
time("JS -> Wasm -> JS (a Wasm function calling an imported JS function)", (k) => {
  const f = boundary.callsJs;
  for (let i = 0; i < k; i++) f();
});
time("calling a function taken from an array", (k) => {
  const fns = [noop, noop, noop, noop];
  for (let i = 0; i < k; i++) fns[i & 3]();
});
time("performance.now() / 1000 (MonotonicClock.now, once per iteration)", (k) => {
  let s = 0;
  for (let i = 0; i < k; i++) s += performance.now() / 1000;
  sink += s;
});
time("Date.now()", (k) => {
  let s = 0;
  for (let i = 0; i < k; i++) s += Date.now();
  sink += s;
});

// Each core in a process of its own: closures made from one literal share
// their feedback, so the second core measured here would run polymorphic code.
for (const kind of ["wasm", "ref"]) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), String(iterations), kind], {
    encoding: "utf8",
  });
  process.stdout.write(child.stdout);
}
if (sink === 0.5) console.log(sink);
