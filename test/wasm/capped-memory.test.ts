/**
 * When the host refuses to grow the Wasm memory (browsers and workerd may;
 * here V8's --wasm-max-mem-pages in a child process): a refused call throws
 * a RangeError that says memory ran out and names the method, it changes
 * nothing, and every handle accepted before still runs. The core never traps.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** 16 pages of 64 KiB: room for a few tens of thousands of handles. */
const PAGES = 16;

function scenario(name: string): Record<string, any> {
  const script = new URL("./capped-memory.mjs", import.meta.url).pathname;
  const stdout = execFileSync(process.execPath, [`--wasm-max-mem-pages=${PAGES}`, script, name], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

describe(`a Wasm memory capped at ${PAGES} pages`, () => {
  it("due timers all run: none is dropped, the run does not trap", () => {
    const out = scenario("due-timers");
    expect(out.accepted).toBeGreaterThan(1000);
    expect(out.error.name).toBe("RangeError");
    expect(out.error.message).toMatch(/^callLater\(\): out of memory: /);
    expect(out.secondError.message).toMatch(/^callAt\(\): out of memory: /);
    expect(out.refusedAgain).toBe(true);
    expect(out.runError).toBe(null);
    expect(out.ran).toBe(out.accepted);
    expect(out.laterRunError).toBe(null);
  });

  it("a batch of ready handles and due timers runs whole", () => {
    const out = scenario("ready-then-timers");
    expect(out.error.name).toBe("RangeError");
    expect(out.error.message).toMatch(/^(callSoon|callLater)\(\): out of memory: /);
    expect(out.runError).toBe(null);
    expect(out.ran).toBe(out.accepted);
  });

  it("the slots of a finished batch are free once the run stops after it", () => {
    const out = scenario("full-batch");
    expect(out.error.message).toMatch(/^callSoon\(\): out of memory: /);
    expect(out.ran).toBe(out.accepted);
    // As many as fitted before: the batch released them all.
    expect(out.afterRun).toBe(out.accepted);
  });
});
