/**
 * Loops by the ten thousand: each open loop's core is a descriptor in a
 * shared Wasm instance, not an instance of its own (a process holds about
 * 13,000 Wasm memories at most), and close() gives everything back.
 * scripts/measure-loops.mjs, here at a reduced size; the README quotes it
 * at 100,000 loops.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { WasmCore } from "../../host/core/binding.js";
import { EventLoop } from "../../host/index.js";
import { coreModule } from "../helpers/wasm.js";

const LOOPS = 20_000;

describe("many loops", () => {
  it(`${LOOPS} open loops, each with a pending timer, all answer (scripts/measure-loops.mjs)`, () => {
    const script = new URL("../../scripts/measure-loops.mjs", import.meta.url).pathname;
    const stdout = execFileSync(process.execPath, ["--expose-gc", script, String(LOOPS)], {
      encoding: "utf8",
      timeout: 300_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    console.log(`measure-loops ${LOOPS}:`, JSON.stringify(result));
    expect(result.loops).toBe(LOOPS);
    expect(result.answered).toBe(LOOPS);
    // Closed loops leave a small fraction of what open ones hold.
    expect(result.bytesPerLoopAfterClose.heap).toBeLessThan(result.bytesPerOpenLoop.heap / 4);
  });

  it("closed loops, still referenced, hold no Wasm instance: 15,000 of them", async () => {
    // Each kept an instance of its own until the loop object died: ~13,000 exhausted V8's Wasm address space.
    let ran = 0;
    const closed: EventLoop[] = [];
    for (let i = 0; i < 15_000; i++) {
      const loop = new EventLoop();
      loop.callSoon(() => ran++);
      loop.stop();
      if (i % 1000 === 0) await loop.runForever();
      loop.close();
      closed.push(loop);
    }
    expect(ran).toBe(15);
    expect(closed.every((loop) => loop.isClosed())).toBe(true);
  });

  it("a core that grows large moves to an instance of its own; the small ones it leaves behind move out too", () => {
    const small = new WasmCore(coreModule);
    const large = new WasmCore(coreModule);
    expect(large.memoryBytes).toBe(small.memoryBytes); // one shared instance
    const ids = Array.from({ length: 300_000 }, (_, i) => large.at(i));
    expect(large.runOnce(0, 1e-9, false)).toBe(1);
    large.finishBatch();
    const own = large.memoryBytes;
    expect(small.soon()).toBe(0);
    expect(small.runOnce(0, 1e-9, false)).toBe(1);
    small.finishBatch();
    // The small core left the large memory behind; the large core kept every handle.
    expect(small.memoryBytes).toBeLessThan(own / 8);
    expect(large.timerCount).toBe(ids.length - 1);
    expect(large.runOnce(10, 1e-9, false)).toBe(10);
    expect(Array.from(large.batch.subarray(0, 10))).toEqual(ids.slice(1, 11).map((id) => id % 2 ** 24));
    large.dispose();
    small.dispose();
  });

  it("a closed loop's handles cancel nothing, not even in the core that took its place", async () => {
    const a = new EventLoop();
    const stale = a.callLater(10, () => {});
    a.close();
    const b = new EventLoop();
    let ran = 0;
    b.callLater(-1, () => ran++);
    stale.cancel();
    b.stop();
    await b.runForever();
    b.close();
    expect(ran).toBe(1);
  });
});
