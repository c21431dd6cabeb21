/**
 * The typed binding of the Wasm core: the only file that touches its raw
 * exports. Each EventLoop instantiates its own core from one compiled
 * module, synchronously (the module imports nothing).
 */
import { HEADER_SIZE, NEXT_DEADLINE_OFFSET, TIMEOUT_OFFSET } from "./layout.js";
import type { SchedulingCore } from "./types.js";

interface CoreExports {
  memory: WebAssembly.Memory;
  reset(): void;
  soon(): number;
  at(when: number): number;
  cancel(id: number): number;
  runOnce(now: number, resolution: number, stopping: number): number;
  finishBatch(): void;
  readyCount(): number;
  heapCount(): number;
  timerCount(): number;
  capacity(): number;
  layoutBase(): number;
  testSetNextSequence(seq: number): void;
}

export class WasmCore implements SchedulingCore {
  readonly #exports: CoreExports;
  readonly #base: number;
  #header: Float64Array;
  #batch: Uint32Array;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.#exports = instance.exports as unknown as CoreExports;
    this.#base = this.#exports.layoutBase();
    this.#header = this.#viewHeader();
    this.#batch = this.#viewBatch();
  }

  soon(): number {
    return this.#exports.soon();
  }

  at(when: number): number {
    return this.#exports.at(when);
  }

  cancel(id: number): number {
    return this.#exports.cancel(id);
  }

  runOnce(now: number, resolution: number, stopping: boolean): number {
    return this.#exports.runOnce(now, resolution, stopping ? 1 : 0);
  }

  finishBatch(): void {
    this.#exports.finishBatch();
  }

  // A grow detaches the old buffer and every view on it (length 0), so a
  // zero length is the cheap sign that views must be taken again.
  get batch(): Uint32Array {
    if (this.#batch.length === 0) this.#batch = this.#viewBatch();
    return this.#batch;
  }

  get timeout(): number {
    return this.#headerView()[TIMEOUT_OFFSET / 8];
  }

  get nextDeadline(): number {
    return this.#headerView()[NEXT_DEADLINE_OFFSET / 8];
  }

  get timerCount(): number {
    return this.#exports.timerCount();
  }

  get readyCount(): number {
    return this.#exports.readyCount();
  }

  get heapLength(): number {
    return this.#exports.heapCount();
  }

  /** Slots the memory currently has room for (grows by a quarter when full). */
  get capacity(): number {
    return this.#exports.capacity();
  }

  /** Bytes of Wasm linear memory in use by this core. */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength;
  }

  reset(): void {
    this.#exports.reset();
  }

  /** Test hook: sets the next timer sequence number (to reach renumbering). */
  setNextSequence(seq: number): void {
    this.#exports.testSetNextSequence(seq);
  }

  #headerView(): Float64Array {
    if (this.#header.length === 0) this.#header = this.#viewHeader();
    return this.#header;
  }

  #viewHeader(): Float64Array {
    return new Float64Array(this.#exports.memory.buffer, this.#base, HEADER_SIZE / 8);
  }

  #viewBatch(): Uint32Array {
    return new Uint32Array(this.#exports.memory.buffer, this.#base + HEADER_SIZE);
  }
}

export function createWasmCore(module: WebAssembly.Module): WasmCore {
  return new WasmCore(module);
}
