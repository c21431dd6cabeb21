// What only the Wasm core has: bounded memory per timer, 10M+ pending timers,
// and sequence renumbering after 2^32 timers.
import { describe, expect, it } from "vitest";
import { WasmCore } from "../../host/core/binding.js";
import { WAIT } from "../../host/core/types.js";
import { coreModule } from "../helpers/wasm.js";

describe("Wasm core capacity", () => {
  it("holds 10 million pending timers in at most 32 bytes each, and fires them in order", () => {
    const core = new WasmCore(coreModule);
    const count = 10_000_000;
    const before = core.memoryBytes;
    // Deadlines in a scrambled order so the heap does real work.
    for (let i = 0; i < count; i++) expect0(core.at(((i * 7919) % count) / 1000));
    expect(core.timerCount).toBe(count);
    const bytesPerTimer = (core.memoryBytes - before) / count;
    console.log(`10M pending timers: ${bytesPerTimer.toFixed(2)} bytes of Wasm memory each`);
    expect(bytesPerTimer).toBeLessThanOrEqual(32);

    // Drain the first 100,000 deadlines: they come out in deadline order.
    expect(core.runOnce(99.9995, 1e-9, false)).toBe(100_000);
    // A fresh core hands out slots 0, 1, 2, ... so slot i holds timer i.
    const deadlineOf = (slot: number) => ((slot * 7919) % count) / 1000;
    const batch = core.batch;
    let previous = -Infinity;
    let ordered = true;
    for (let i = 0; i < 100_000; i++) {
      const when = deadlineOf(batch[i]);
      if (when < previous || when >= 100) ordered = false;
      previous = when;
    }
    expect(ordered).toBe(true);
    expect(core.timerCount).toBe(count - 100_000);
  });

  it("renumbers sequence numbers when they run out, keeping FIFO order of equal deadlines", () => {
    const core = new WasmCore(coreModule);
    const early = [core.at(5), core.at(5), core.at(1)];
    core.setNextSequence(2 ** 32 - 3);
    const late = [core.at(5), core.at(5), core.at(5), core.at(1), core.at(5)];
    expect(core.runOnce(10, 1e-9, false)).toBe(8);
    const order = Array.from(core.batch).slice(0, 8);
    const slot = (id: number) => id % 2 ** 24;
    expect(order).toEqual([early[2], late[3], early[0], early[1], late[0], late[1], late[2], late[4]].map(slot));
    expect(core.runOnce(10, 1e-9, false)).toBe(WAIT);
    expect(core.timeout).toBe(Infinity);
  });
});

function expect0(id: number): void {
  if (id < 0) throw new Error("core refused a timer");
}
