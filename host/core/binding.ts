/**
 * The typed binding of the Wasm core: the only file that touches its raw
 * exports.
 *
 * One instance hosts many cores (a V8 process cannot hold more than about
 * 13,000 Wasm memories, and each costs a page at least): a WasmCore is a
 * descriptor in a shared instance. New cores go to the newest instance until
 * it hosts CORES_PER_INSTANCE open cores or its memory passes
 * SHARED_MEMORY_BYTES; an instance whose last core is disposed is dropped,
 * and its memory with it (the newest one is kept for the next core if its
 * memory is still small: opening and closing loops one after another then
 * makes no instance per loop).
 *
 * A Wasm memory never shrinks, so a core that grows large moves to an
 * instance of its own, and a small core left in a large instance (its own
 * after it shrank, or one a large core has left) moves to a small one: the
 * large instance is dropped once empty, and its memory is really returned.
 * Moves happen when a batch is finished, when nothing reads the core's
 * memory: the host copies the parked core's arena and state (layout.ts). Instances are made synchronously from one compiled
 * module (it imports nothing).
 */
import {
  BATCH_OFFSET,
  CAPACITY_OFFSET,
  NEXT_DEADLINE_OFFSET,
  SLOT_BYTES,
  STATE_END,
  STATE_START,
  TIMEOUT_OFFSET,
} from "./layout.js";
import { type SchedulingCore, STALE } from "./types.js";

/**
 * The core's exports (assembly/index.ts), as the raw instance has them.
 * *Must* match what the compiler emits; test/wasm/exports.test.ts checks
 * names and arities against build/core.d.ts and the compiled module.
 */
interface CoreExports {
  memory: WebAssembly.Memory;
  create(): number;
  destroy(core: number): void;
  park(core: number): void;
  adopt(capacity: number): number;
  reset(core: number): void;
  soon(core: number): number;
  at(core: number, when: number): number;
  cancel(core: number, id: number): number;
  runOnce(core: number, now: number, resolution: number, stopping: number): number;
  finishBatch(core: number): number;
  readyCount(core: number): number;
  heapCount(core: number): number;
  timerCount(core: number): number;
  capacity(core: number): number;
  testSetNextSequence(core: number, seq: number): void;
  // The part of the memory map the host reads, for test/wasm/layout.test.ts.
  LAYOUT_HEADER_SIZE: WebAssembly.Global;
  LAYOUT_TIMEOUT_OFFSET: WebAssembly.Global;
  LAYOUT_NEXT_DEADLINE_OFFSET: WebAssembly.Global;
  LAYOUT_BATCH_OFFSET: WebAssembly.Global;
  LAYOUT_CAPACITY_OFFSET: WebAssembly.Global;
  LAYOUT_STATE_START: WebAssembly.Global;
  LAYOUT_STATE_END: WebAssembly.Global;
  LAYOUT_SLOT_BYTES: WebAssembly.Global;
}

/** Open cores an instance takes before new cores go to a new one. */
const CORES_PER_INSTANCE = 4096;
/** Past this much memory an instance takes no new cores: one busy core does not pin many idle ones. */
const SHARED_MEMORY_BYTES = 4 << 20;
/** A core needing less than 1/MOVE_OUT_RATIO of a large instance's memory moves out of it. */
const MOVE_OUT_RATIO = 8;

/** One instance and the views every core hosted there shares. */
class Host {
  readonly exports: CoreExports;
  readonly module: WebAssembly.Module;
  open = 0;
  #f64: Float64Array;
  #u32: Uint32Array;

  constructor(module: WebAssembly.Module) {
    this.module = module;
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as CoreExports;
    this.#f64 = new Float64Array(this.exports.memory.buffer);
    this.#u32 = new Uint32Array(this.exports.memory.buffer);
  }

  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  // A grow detaches the old buffer and every view on it (length 0), so a
  // zero length is the cheap sign that views must be taken again.
  get f64(): Float64Array {
    if (this.#f64.length === 0) this.#f64 = new Float64Array(this.exports.memory.buffer);
    return this.#f64;
  }

  get u32(): Uint32Array {
    if (this.#u32.length === 0) this.#u32 = new Uint32Array(this.exports.memory.buffer);
    return this.#u32;
  }
}

/** The instance new cores go to, or null. */
let newest: Host | null = null;

function hostFor(module: WebAssembly.Module): Host {
  const host = newest;
  if (
    host !== null &&
    host.module === module &&
    host.open < CORES_PER_INSTANCE &&
    host.memoryBytes <= SHARED_MEMORY_BYTES
  ) {
    return host;
  }
  return (newest = new Host(module));
}

/** The detached view a disposed core reads from: every count is 0. */
const NOTHING = new Uint32Array(0);
/** What a disposed core holds instead of its instance's exports, so it keeps no instance alive. */
const DISPOSED = Object.freeze({}) as CoreExports;

export class WasmCore implements SchedulingCore {
  #host: Host | null;
  #exports: CoreExports;
  /** The core's descriptor in its host's memory. */
  #core: number;
  /** Where the last batch was handed out, and a view from there. */
  #batchAt = -1;
  #batch: Uint32Array = NOTHING;

  constructor(module: WebAssembly.Module) {
    let host = hostFor(module);
    let core = host.exports.create();
    if (core === 0 && host.open > 0) {
      // The shared memory could not grow: a fresh instance needs one page only.
      newest = host = new Host(module);
      core = host.exports.create();
    }
    if (core === 0) throw new RangeError("EventLoop(): out of memory: no Wasm memory for a scheduling core");
    host.open++;
    this.#host = host;
    this.#exports = host.exports;
    this.#core = core;
  }

  soon(): number {
    return this.#exports.soon(this.#core);
  }

  at(when: number): number {
    return this.#exports.at(this.#core, when);
  }

  cancel(id: number): number {
    // Handles of a closed loop may still be cancelled: the descriptor may be another core's by then.
    if (this.#host === null) return STALE;
    return this.#exports.cancel(this.#core, id);
  }

  runOnce(now: number, resolution: number, stopping: boolean): number {
    const count = this.#exports.runOnce(this.#core, now, resolution, stopping ? 1 : 0);
    if (count > 0) {
      const at = this.#host!.u32[(this.#core + BATCH_OFFSET) >> 2];
      if (at !== this.#batchAt) {
        this.#batchAt = at;
        this.#batch = NOTHING;
      }
    }
    return count;
  }

  finishBatch(): number {
    const span = this.#exports.finishBatch(this.#core);
    if (this.#host!.memoryBytes > SHARED_MEMORY_BYTES) this.#moveIfBetter();
    return span;
  }

  /** See the opening comment: a large core alone, a small one in a large instance. */
  #moveIfBetter(): void {
    const host = this.#host!;
    const bytes = this.#exports.capacity(this.#core) * SLOT_BYTES;
    if (host.open > 1 && bytes > SHARED_MEMORY_BYTES / 2) this.#moveTo(new Host(host.module));
    else if (bytes * MOVE_OUT_RATIO < host.memoryBytes) this.#moveTo(hostFor(host.module));
  }

  #moveTo(target: Host): void {
    const from = this.#host!;
    const core = this.#core;
    from.exports.park(core);
    const words = from.u32;
    const capacity = words[(core + CAPACITY_OFFSET) >> 2];
    const moved = target.exports.adopt(capacity);
    if (moved === 0) return; // no memory there: the core stays where it is
    const block = new Uint8Array(from.exports.memory.buffer, words[(core + BATCH_OFFSET) >> 2], capacity * SLOT_BYTES);
    const into = target.u32;
    new Uint8Array(target.exports.memory.buffer, into[(moved + BATCH_OFFSET) >> 2], block.length).set(block);
    into.set(words.subarray((core + STATE_START) >> 2, (core + STATE_END) >> 2), (moved + STATE_START) >> 2);
    from.exports.destroy(core);
    if (--from.open === 0 && newest === from) newest = null;
    target.open++;
    this.#host = target;
    this.#exports = target.exports;
    this.#core = moved;
    this.#batchAt = -1;
    this.#batch = NOTHING;
  }

  /** Re-taken after a grow (the old view reads `undefined`), or when the batch was handed out elsewhere. */
  get batch(): Uint32Array {
    if (this.#batch.length === 0 && this.#host !== null && this.#batchAt >= 0) {
      this.#batch = new Uint32Array(this.#exports.memory.buffer, this.#batchAt);
    }
    return this.#batch;
  }

  get timeout(): number {
    return this.#host!.f64[(this.#core + TIMEOUT_OFFSET) >> 3];
  }

  get nextDeadline(): number {
    return this.#host!.f64[(this.#core + NEXT_DEADLINE_OFFSET) >> 3];
  }

  get timerCount(): number {
    return this.#host === null ? 0 : this.#exports.timerCount(this.#core);
  }

  get readyCount(): number {
    return this.#host === null ? 0 : this.#exports.readyCount(this.#core);
  }

  get heapLength(): number {
    return this.#host === null ? 0 : this.#exports.heapCount(this.#core);
  }

  /** Slots the core currently has room for (grows by a quarter when full). */
  get capacity(): number {
    return this.#host === null ? 0 : this.#exports.capacity(this.#core);
  }

  /** Bytes of Wasm linear memory of the instance hosting this core (0 once disposed). */
  get memoryBytes(): number {
    return this.#host === null ? 0 : this.#host.memoryBytes;
  }

  reset(): void {
    this.#exports.reset(this.#core);
  }

  /**
   * Gives back all the core's memory (close()); an instance left with no
   * open core is dropped. Afterwards cancel() answers STALE and the counts
   * are 0; nothing else may be called.
   */
  dispose(): void {
    const host = this.#host;
    if (host === null) return;
    this.#host = null;
    this.#batch = NOTHING;
    this.#exports = DISPOSED;
    host.exports.destroy(this.#core);
    if (--host.open === 0 && newest === host && host.memoryBytes > SHARED_MEMORY_BYTES) newest = null;
  }

  /** Test hook: sets the next timer sequence number (to reach renumbering). */
  setNextSequence(seq: number): void {
    this.#exports.testSetNextSequence(this.#core, seq);
  }
}

export function createWasmCore(module: WebAssembly.Module): WasmCore {
  return new WasmCore(module);
}
