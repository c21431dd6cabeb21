// The memory map is written down twice (assembly/layout.ts, host/core/layout.ts):
// these tests fail if the two drift apart.
import { describe, expect, it } from "vitest";
import { HEADER_SIZE, NEXT_DEADLINE_OFFSET, TIMEOUT_OFFSET } from "../../host/core/layout.js";
import { WAIT } from "../../host/core/types.js";
import { coreModule } from "../helpers/wasm.js";

function rawCore() {
  const exports = new WebAssembly.Instance(coreModule, {}).exports as Record<string, any>;
  return exports;
}

describe("shared memory layout", () => {
  it("the constants agree on both sides", () => {
    const core = rawCore();
    expect(core.LAYOUT_HEADER_SIZE.value).toBe(HEADER_SIZE);
    expect(core.LAYOUT_TIMEOUT_OFFSET.value).toBe(TIMEOUT_OFFSET);
    expect(core.LAYOUT_NEXT_DEADLINE_OFFSET.value).toBe(NEXT_DEADLINE_OFFSET);
  });

  it("the batch is where the host reads it", () => {
    const core = rawCore();
    const ids = [core.soon(), core.soon(), core.soon()];
    expect(core.runOnce(0, 1e-9, 0)).toBe(3);
    const batch = new Uint32Array(core.memory.buffer, core.layoutBase() + HEADER_SIZE, 3);
    expect([...batch]).toEqual(ids.map((id: number) => id % 2 ** 24));
  });

  it("the header holds the wait and the deadline where the host reads them", () => {
    const core = rawCore();
    core.at(12.5);
    expect(core.runOnce(10, 1e-9, 0)).toBe(WAIT);
    const header = new Float64Array(core.memory.buffer, core.layoutBase(), HEADER_SIZE / 8);
    expect(header[TIMEOUT_OFFSET / 8]).toBe(2.5);
    expect(header[NEXT_DEADLINE_OFFSET / 8]).toBe(12.5);
  });

  it("the batch region does not move when other regions grow", () => {
    const core = rawCore();
    const base = core.layoutBase();
    for (let i = 0; i < 5000; i++) core.soon();
    for (let i = 0; i < 5000; i++) core.at(i);
    expect(core.layoutBase()).toBe(base);
    expect(core.runOnce(0, 1e-9, 0)).toBe(5001); // 5000 ready + the timer at 0
  });
});
