/**
 * Memory comes back: scripts/measure-memory.mjs (whose full-size figures the
 * README quotes) at a reduced size. Once the timers have fired, the loop
 * holds a small part of its peak (the per-slot arrays shrank with the core's
 * table, and the core moved out of its large Wasm memory, which a Wasm
 * memory cannot give back otherwise); after close() nothing is left.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// Above the loop's KEPT_SLOTS (131,072), so that its per-slot arrays really shrink.
const TIMERS = 1_000_000;

describe("memory figures", () => {
  it(`${TIMERS} pending timers: what they cost, what is left after they fire and after close()`, () => {
    const script = new URL("../../scripts/measure-memory.mjs", import.meta.url).pathname;
    const stdout = execFileSync(process.execPath, ["--expose-gc", script, String(TIMERS)], {
      encoding: "utf8",
      timeout: 300_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    console.log(`measure-memory ${TIMERS}:`, JSON.stringify(result));
    expect(result.lastFired).toBe(true);
    const { peak, afterFiring, afterClose, perPendingTimer } = result;
    // Structural facts, not timings: every byte a timer costs is accounted for, and most of it goes.
    expect(perPendingTimer.wasm).toBeGreaterThan(20);
    expect(afterFiring.heap + afterFiring.arrayBuffers).toBeLessThan((peak.heap + peak.arrayBuffers) / 4);
    // The shrunk core moved to a small instance; the large one was dropped.
    expect(afterFiring.wasm).toBeLessThan(peak.wasm / 4);
    // At most the one-page instance kept for the next loop's core.
    expect(afterClose.wasm).toBeLessThanOrEqual(65536);
    expect(afterClose.total).toBeLessThan(peak.total / 10);
  });
});
