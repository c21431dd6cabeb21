// The memory map is written down twice (assembly/layout.ts, host/core/layout.ts):
// these tests fail if the two drift apart.
import { describe, expect, it } from "vitest";
import {
  BATCH_OFFSET, CAPACITY_OFFSET, HEADER_SIZE, NEXT_DEADLINE_OFFSET, SLOT_BYTES, STATE_END, STATE_START, TIMEOUT_OFFSET,
} from "../../host/core/layout.js";
import { WAIT } from "../../host/core/types.js";
import { coreModule } from "../helpers/wasm.js";

function rawInstance() {
  return new WebAssembly.Instance(coreModule, {}).exports as Record<string, any>;
}

function batchAt(exports: Record<string, any>, core: number): number {
  return new Uint32Array(exports.memory.buffer)[(core + BATCH_OFFSET) >> 2];
}

describe("shared memory layout", () => {
  it("the constants agree on both sides", () => {
    const exports = rawInstance();
    expect(exports.LAYOUT_HEADER_SIZE.value).toBe(HEADER_SIZE);
    expect(exports.LAYOUT_TIMEOUT_OFFSET.value).toBe(TIMEOUT_OFFSET);
    expect(exports.LAYOUT_NEXT_DEADLINE_OFFSET.value).toBe(NEXT_DEADLINE_OFFSET);
    expect(exports.LAYOUT_BATCH_OFFSET.value).toBe(BATCH_OFFSET);
    expect(exports.LAYOUT_CAPACITY_OFFSET.value).toBe(CAPACITY_OFFSET);
    expect(exports.LAYOUT_STATE_START.value).toBe(STATE_START);
    expect(exports.LAYOUT_STATE_END.value).toBe(STATE_END);
    expect(exports.LAYOUT_SLOT_BYTES.value).toBe(SLOT_BYTES);
    expect(STATE_END).toBeLessThanOrEqual(HEADER_SIZE);
  });

  it("the batch is where the descriptor says, for each core of an instance", () => {
    const exports = rawInstance();
    const a = exports.create();
    const b = exports.create();
    expect(a).not.toBe(b);
    const idsA = [exports.soon(a), exports.soon(a), exports.soon(a)];
    const idsB = [exports.soon(b), exports.soon(b)];
    expect(exports.runOnce(a, 0, 1e-9, 0)).toBe(3);
    expect(exports.runOnce(b, 0, 1e-9, 0)).toBe(2);
    const read = (core: number, n: number) => [...new Uint32Array(exports.memory.buffer, batchAt(exports, core), n)];
    expect(read(a, 3)).toEqual(idsA.map((id: number) => id % 2 ** 24));
    expect(read(b, 2)).toEqual(idsB.map((id: number) => id % 2 ** 24));
  });

  it("the header holds the wait and the deadline where the host reads them", () => {
    const exports = rawInstance();
    const core = exports.create();
    exports.at(core, 12.5);
    expect(exports.runOnce(core, 10, 1e-9, 0)).toBe(WAIT);
    const header = new Float64Array(exports.memory.buffer, core, HEADER_SIZE / 8);
    expect(header[TIMEOUT_OFFSET / 8]).toBe(2.5);
    expect(header[NEXT_DEADLINE_OFFSET / 8]).toBe(12.5);
  });

  it("a batch stays readable where it was handed out while its core grows and moves", () => {
    const exports = rawInstance();
    const core = exports.create();
    const ids = Array.from({ length: 10 }, () => exports.soon(core));
    expect(exports.runOnce(core, 0, 1e-9, 0)).toBe(10);
    const at = batchAt(exports, core);
    // Another core above it: this one can no longer grow in place, so it moves.
    const other = exports.create();
    exports.soon(other);
    for (let i = 0; i < 5000; i++) exports.at(core, i);
    expect(batchAt(exports, core)).not.toBe(at);
    expect([...new Uint32Array(exports.memory.buffer, at, 10)]).toEqual(ids.map((id: number) => id % 2 ** 24));
    // Once the batch is finished, the core runs from its new place.
    exports.finishBatch(core);
    expect(exports.runOnce(core, 0, 1e-9, 0)).toBe(1); // the timer at 0
  });
});
