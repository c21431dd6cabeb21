/** Small helpers shared by the core tests (not a test file itself). */
import { expect } from "vitest";
import { type SchedulingCore, SLOT_SPAN, WAIT } from "../../host/core/types.js";

/** asyncio's clock resolution on Linux (rule 23). */
export const RES = 1e-9;

export function slotOf(id: number): number {
  return id % SLOT_SPAN;
}

export function generationOf(id: number): number {
  return Math.floor(id / SLOT_SPAN);
}

/** runOnce that must hand out a batch; returns the batch's slots as a plain array. */
export function runBatch(core: SchedulingCore, now: number, resolution = RES, stopping = false): number[] {
  const n = core.runOnce(now, resolution, stopping);
  expect(n, "runOnce answered WAIT where a batch was expected").not.toBe(WAIT);
  return Array.from({ length: n }, (_, i) => core.batch[i]);
}

/** runOnce that must answer WAIT; returns what the loop would wait for. */
export function runWait(
  core: SchedulingCore,
  now: number,
  resolution = RES,
): { timeout: number; nextDeadline: number } {
  const n = core.runOnce(now, resolution, false);
  expect(n, "runOnce handed out a batch where WAIT was expected").toBe(WAIT);
  return { timeout: core.timeout, nextDeadline: core.nextDeadline };
}

/** The batch as indices into `ids` (all live, so their slots differ): "handle 3 ran second". */
export function order(batch: number[], ids: number[]): number[] {
  const index = new Map<number, number>();
  ids.forEach((id, i) => {
    if (index.has(slotOf(id))) throw new Error(`order(): ids ${ids[index.get(slotOf(id))!]} and ${id} share a slot`);
    index.set(slotOf(id), i);
  });
  return batch.map((slot) => index.get(slot) ?? -1);
}

export function counters(core: SchedulingCore): { timerCount: number; readyCount: number; heapLength: number } {
  return { timerCount: core.timerCount, readyCount: core.readyCount, heapLength: core.heapLength };
}
