// The memory map and the constants the core and the host share are written
// down once on each side (assembly/layout.ts; host/core/layout.ts and
// host/core/types.ts): these tests fail if the two drift apart.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as hostLayout from "../../host/core/layout.js";
import {
  BATCH_OFFSET,
  CAPACITY_OFFSET,
  HEADER_SIZE,
  NEXT_DEADLINE_OFFSET,
  SLOT_BYTES,
  STATE_END,
  STATE_START,
  TIMEOUT_OFFSET,
} from "../../host/core/layout.js";
import * as hostTypes from "../../host/core/types.js";
import { WAIT } from "../../host/core/types.js";
import { coreModule } from "../helpers/wasm.js";

const root = new URL("../../", import.meta.url);

/** Every constant of assembly/layout.ts, as the compiler computed it (build/layout.wasm, see scripts/build.mjs). */
function coreConstants(): Map<string, number> {
  const module = new WebAssembly.Module(readFileSync(new URL("build/layout.wasm", root)));
  const exports = new WebAssembly.Instance(module, {}).exports;
  const constants = new Map<string, number>();
  for (const [name, value] of Object.entries(exports)) {
    if (value instanceof WebAssembly.Global) constants.set(name, value.value);
  }
  return constants;
}

/** The host's mirror: every value host/core/layout.ts and the constants of host/core/types.ts export. */
const hostConstants = new Map<string, unknown>([...Object.entries(hostLayout), ...Object.entries(hostTypes)]);

/**
 * Constants of assembly/layout.ts the host has no use for, each with the
 * reason. Anything else there must have its mirror on the host.
 */
const CORE_ONLY: Record<string, string> = {
  BLOCK_BYTES_OFFSET: "the saved state: the host copies STATE_START .. STATE_END as a whole",
  FREE_COUNT_OFFSET: "the saved state",
  SLOTS_USED_OFFSET: "the saved state",
  READY_LENGTH_OFFSET: "the saved state",
  BATCH_LENGTH_OFFSET: "the saved state",
  HEAP_LENGTH_OFFSET: "the saved state",
  CANCELLED_COUNT_OFFSET: "the saved state",
  NEXT_SEQ_OFFSET: "the saved state",
  PENDING_OFFSET: "the saved state",
  PENDING_BYTES_OFFSET: "the saved state",
  GENERATION_FLOOR_OFFSET: "the saved state",
  RELEASED_OFFSET: "the saved state",
  LOOK_COST_OFFSET: "the saved state",
  WHEN_OFFSET: "a heap entry: the host copies the arena as SLOT_BYTES per slot",
  SEQ_OFFSET: "a heap entry",
  SLOT_OFFSET: "a heap entry",
  HEAP_ENTRY_SIZE: "a heap entry",
  LIST_ENTRY_SIZE: "the arena's regions (SLOT_BYTES is their sum)",
  SLOT_WORD_SIZE: "the arena's regions",
  CAPACITY_STEP: "how the arena rounds capacities (the reference core grows its own way)",
  GROWTH_SHIFT: "how much the arena grows (the reference core doubles its arrays)",
  MIN_BLOCK_SHIFT: "blocks of linear memory",
  MAX_BLOCK_SHIFT: "blocks of linear memory",
  BLOCK_CLASSES: "blocks of linear memory",
  BLOCK_ALIGN: "blocks of linear memory",
  PAGE_SHIFT: "Wasm pages",
  MAX_PAGES: "Wasm pages",
  ID_BITS: "the inputs of MAX_GENERATION and ID_LIMIT, which the host derives its own way",
  GENERATION_BITS: "idem",
  ID_LIMIT: "the core's range check on an f64 id; the host tests Number.isInteger",
  COMPACTION_FACTOR: "COMPACTION_FRACTION as the integer factor the core multiplies by",
};

function rawInstance() {
  return new WebAssembly.Instance(coreModule, {}).exports as Record<string, any>;
}

function batchAt(exports: Record<string, any>, core: number): number {
  return new Uint32Array(exports.memory.buffer)[(core + BATCH_OFFSET) >> 2];
}

describe("shared memory layout", () => {
  it("every constant of assembly/layout.ts is mirrored on the host with the same value", () => {
    const core = coreConstants();
    expect(core.size).toBeGreaterThan(0);
    for (const [name, value] of core) {
      if (name in CORE_ONLY) {
        expect(hostConstants.has(name), `${name} is listed as core-only, yet the host has it`).toBe(false);
        continue;
      }
      expect(hostConstants.has(name), `assembly/layout.ts: ${name} has no mirror on the host`).toBe(true);
      expect(hostConstants.get(name), name).toBe(value);
    }
    for (const name of Object.keys(CORE_ONLY))
      expect(core.has(name), `${name} is not in assembly/layout.ts`).toBe(true);
  });

  it("every constant of the host's mirror is in assembly/layout.ts", () => {
    const core = coreConstants();
    for (const [name, value] of hostConstants) {
      expect(core.has(name), `${name} (${value}) is not in assembly/layout.ts`).toBe(true);
    }
  });

  it("the descriptor's saved state lies within the descriptor, after the fields the host reads", () => {
    const core = coreConstants();
    expect(core.get("STATE_START")).toBeGreaterThanOrEqual(core.get("CAPACITY_OFFSET")! + 4);
    expect(core.get("STATE_END")).toBeLessThanOrEqual(core.get("HEADER_SIZE")!);
    for (const [name, value] of core) {
      if (CORE_ONLY[name] === "the saved state") {
        expect(value, name).toBeGreaterThanOrEqual(core.get("STATE_START")!);
        expect(value + 4, name).toBeLessThanOrEqual(core.get("STATE_END")!);
      }
    }
  });

  it("every must-match comment of the core and the binding names a test that exists", () => {
    const tests = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(new URL(dir, root), { withFileTypes: true })) {
        if (entry.isDirectory()) walk(`${dir}${entry.name}/`);
        else tests.add(`${dir}${entry.name}`);
      }
    };
    walk("test/");
    let comments = 0;
    for (const dir of ["assembly/", "host/core/"]) {
      for (const file of readdirSync(new URL(dir, root), { recursive: true }) as string[]) {
        if (!file.endsWith(".ts")) continue;
        // Comment markers and line breaks out, so that a sentence reads as one line.
        const text = readFileSync(new URL(dir + file, root), "utf8")
          .replace(/^\s*(?:\/\/|\/\*\*|\*\/|\*)/gm, " ")
          .replace(/\s+/g, " ");
        for (const match of text.matchAll(/must\*? match/gi)) {
          comments++;
          const sentence = text.slice(match.index, match.index + 240);
          const named = /test\/[\w./-]+\.test\.ts/.exec(sentence)?.[0];
          expect(named, `${dir}${file}: "${sentence}" names no test file`).toBeDefined();
          expect(tests.has(named!), `${dir}${file} names ${named}, which does not exist`).toBe(true);
        }
      }
    }
    expect(comments).toBeGreaterThan(0);
  });

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
