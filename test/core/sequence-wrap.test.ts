/**
 * Timer sequence numbers near their limit. The Wasm core keeps seq in a u32 and
 * renumbers the heap when it runs out (once per 4 billion at() calls); its test hook
 * `setNextSequence` gets there at once. Cores without the hook are skipped: the
 * reference core follows the same u32 rule and has the same hook.
 */
import { describe, expect, test } from "vitest";
import { ReferenceCore } from "../../host/core/reference.js";
import { CANCELLED_TIMER, type SchedulingCore } from "../../host/core/types.js";
import { cores } from "../helpers/cores.js";
import { order, runBatch } from "./support.js";

type Hooked = SchedulingCore & { setNextSequence(seq: number): void };
const hasHook = (core: SchedulingCore): core is Hooked =>
  typeof (core as Partial<Hooked>).setNextSequence === "function";
const hooked = cores.filter(([, make]) => hasHook(make())) as unknown as Array<[string, () => Hooked]>;

const U32_MAX = 2 ** 32 - 1;

describe.skipIf(hooked.length === 0).each(hooked.length > 0 ? hooked : cores)(
  "%s core: sequence numbers running out",
  (_name, make) => {
    test("equal deadlines stay FIFO across the renumbering", () => {
      const core = make() as Hooked;
      core.setNextSequence(U32_MAX - 3);
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push(core.at(i % 3 === 2 ? 1 : 5));
      const expected = [2, 5, 8, 11, 0, 1, 3, 4, 6, 7, 9, 10];
      expect(order(runBatch(core, 10), ids)).toEqual(expected);
    });

    test("a renumbered heap with cancelled entries fires the survivors in order", () => {
      const core = make() as Hooked;
      core.setNextSequence(U32_MAX - 150);
      const ids = Array.from({ length: 160 }, (_, i) => core.at((i * 37) % 11));
      const live = ids.filter((_, i) => i % 3 === 0);
      ids.forEach((id, i) => {
        if (i % 3 !== 0) expect(core.cancel(id)).toBe(CANCELLED_TIMER);
      });
      const expected = live
        .map((_, k) => ({ when: (k * 3 * 37) % 11, k }))
        .sort((p, q) => p.when - q.when || p.k - q.k)
        .map((p) => p.k);
      expect(order(runBatch(core, 20), live)).toEqual(expected);
    });

    // Both cores renumber the same way (heapsort, reverse, 0..n-1), so a later
    // compaction walks the same array order and frees slots in the same order.
    test("after a renumbering, ids still match the reference core's", () => {
      const core = make() as Hooked;
      const reference = new ReferenceCore();
      core.setNextSequence(U32_MAX - 150);
      reference.setNextSequence(U32_MAX - 150);
      const ids: number[] = [];
      for (let i = 0; i < 151; i++) {
        const when = (i * 37) % 11;
        const id = core.at(when);
        expect(id).toBe(reference.at(when));
        ids.push(id);
      }
      for (const id of ids.slice(10)) expect(core.cancel(id)).toBe(reference.cancel(id));
      expect(core.heapLength).toBe(reference.heapLength);
      const next = [core.soon(), core.soon(), core.soon()];
      expect(next).toEqual([reference.soon(), reference.soon(), reference.soon()]);
    });
  },
);
