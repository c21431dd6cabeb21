// @ts-check
// A stripped-down host over the real cores, with each cost of the hot path
// behind a switch, so that ablation.mjs can take the costs away one at a
// time and weigh them. It is a measuring device, not a proposal: it skips
// every check, the exception handler, debug mode and time slices.
//
// Switches (one word each, in the "variant" string, joined by "+"):
//   core:    wasm (the release core, one crossing per callSoon) | ref (the
//            pure-TS reference core) | ring (no core: an array of callbacks)
//   handle:  keep (a 6-field Handle kept by the loop until it runs, as now)
//            | transient (a 3-field handle the loop does not keep; the loop
//            keeps the callback) | none (callSoon returns the id)
//   args:    rest (callSoon(cb, ...args)) | fixed (no rest parameter)
//   clock:   real (performance.now() / 1000 per iteration) | virtual
import { readFileSync } from "node:fs";

/** @type {readonly unknown[]} */
const NO_ARGS = Object.freeze([]);
const SLOT_MASK = (1 << 24) - 1;

class KeptHandle {
  constructor(owner, id, callback, args) {
    this._owner = owner;
    this._id = id;
    this._callback = callback;
    this._args = args;
    this._cancelled = false;
    this._sourceTraceback = undefined;
  }
}

class TransientHandle {
  constructor(owner, slot, generation) {
    this._owner = owner;
    this._slot = slot;
    this._generation = generation;
  }
}

export async function makeCore(kind) {
  if (kind === "wasm") {
    const bytes = readFileSync(new URL("../../build/core.wasm", import.meta.url));
    const { exports } = /** @type {{ exports: Record<string, any> }} */ (
      /** @type {unknown} */ (new WebAssembly.Instance(new WebAssembly.Module(bytes), {}))
    );
    const base = exports.layoutBase();
    const view = () => new Uint32Array(exports.memory.buffer, base + 64);
    let batch = view();
    const header = new Float64Array(exports.memory.buffer, base, 2);
    let headerView = header;
    return {
      soon: exports.soon,
      at: exports.at,
      cancel: exports.cancel,
      runOnce: (now, resolution, stopping) => exports.runOnce(now, resolution, stopping ? 1 : 0),
      get nextDeadline() {
        if (headerView.length === 0) headerView = new Float64Array(exports.memory.buffer, base, 2);
        return headerView[1];
      },
      get batch() {
        if (batch.length === 0) batch = view();
        return batch;
      },
    };
  }
  if (kind === "ref") {
    const { ReferenceCore } = await import(await bundledReference());
    return new ReferenceCore();
  }
  return null;
}

/** host/core/reference.ts as an importable module, built on the fly (it is TypeScript). */
async function bundledReference() {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [new URL("../../host/core/reference.ts", import.meta.url).pathname],
    bundle: true,
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  return `data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`;
}

export async function makeLoop(variant) {
  const on = new Set(variant.split("+"));
  const coreKind = on.has("ring") ? "ring" : on.has("ref") ? "ref" : "wasm";
  const core = await makeCore(coreKind);
  const virtual = on.has("virtual");
  const handleMode = on.has("transient") ? "transient" : on.has("none") ? "none" : "keep";
  let stopping = false;
  const now = virtual ? () => 0 : () => performance.now() / 1000;

  // Pending work by slot: Handles (keep) or callbacks and their arguments.
  const scheduled = [];
  const callbacks = [];
  const argLists = [];
  // The ring's two arrays: callSoon fills one, the iteration runs the other.
  // Lengths are counters, never `length = 0`, which would give the backing
  // store back and make the next push allocate.
  let ringNext = [];
  let ringNow = [];
  let ringNextLength = 0;

  const loop = { stop: () => (stopping = true) };

  /** @param {readonly unknown[]} args */
  const schedule = (callback, args) => {
    if (coreKind === "ring") {
      ringNext[ringNextLength++] = callback;
      return 0;
    }
    const id = core.soon();
    const slot = id & SLOT_MASK;
    if (handleMode === "keep") {
      const handle = new KeptHandle(loop, id, callback, args);
      scheduled[slot] = handle;
      return handle;
    }
    callbacks[slot] = callback;
    argLists[slot] = args;
    return handleMode === "transient" ? new TransientHandle(loop, slot, (id - slot) / (SLOT_MASK + 1)) : id;
  };
  loop.callSoon = on.has("fixed")
    ? function callSoon(callback) {
        return schedule(callback, arguments.length > 1 ? Array.prototype.slice.call(arguments, 1) : NO_ARGS);
      }
    : function callSoon(callback, ...args) {
        return schedule(callback, args.length === 0 ? NO_ARGS : args);
      };

  const runBatch = (count) => {
    if (coreKind === "ring") {
      const list = ringNow;
      for (let i = 0; i < count; i++) {
        const callback = list[i];
        list[i] = undefined;
        callback();
      }
      return;
    }
    const batch = core.batch;
    for (let i = 0; i < count; i++) {
      const slot = batch[i];
      let callback;
      let args;
      if (handleMode === "keep") {
        const handle = scheduled[slot];
        if (handle === undefined) continue;
        scheduled[slot] = undefined;
        callback = handle._callback;
        args = handle._args;
      } else {
        callback = callbacks[slot];
        if (callback === undefined) continue;
        args = argLists[slot];
        callbacks[slot] = undefined;
      }
      if (args.length === 0) callback();
      else callback(...args);
    }
  };

  loop.run = () => {
    for (;;) {
      const t = now();
      let count;
      if (coreKind === "ring") {
        const swap = ringNow;
        ringNow = ringNext;
        ringNext = swap;
        count = ringNextLength;
        ringNextLength = 0;
      } else {
        count = core.runOnce(t, 1e-9, stopping);
      }
      if (count > 0) runBatch(count);
      if (stopping) {
        stopping = false;
        return;
      }
      if (count <= 0 && coreKind !== "ring") throw new Error("minihost: nothing to run");
    }
  };
  return loop;
}
