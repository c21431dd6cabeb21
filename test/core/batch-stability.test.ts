/**
 * The batch stays readable and unchanged until the next runOnce, whatever else is
 * called meanwhile, including calls that make the core grow (re-reading `batch`).
 */
import { describe, expect, test } from "vitest";
import { cores } from "../helpers/cores.js";
import { runBatch } from "./support.js";

function read(batch: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => batch[i]);
}

describe.each(cores)("%s core: the batch between runs", (_name, make) => {
  test("soon(), at() and cancel() do not disturb the batch handed out", () => {
    const core = make();
    const ids = [core.soon(), core.soon(), core.at(0)];
    const batch = runBatch(core, 1);
    core.soon();
    core.at(0);
    core.cancel(ids[1]);
    core.cancel(12345);
    expect(read(core.batch, 3)).toEqual(batch);
  });

  test("growth during a batch keeps its entries (the batch must be re-read)", () => {
    const core = make();
    for (let i = 0; i < 700; i++) core.soon();
    const batch = runBatch(core, 0);
    for (let i = 0; i < 5000; i++) core.at(i);
    for (let i = 0; i < 5000; i++) core.soon();
    expect(read(core.batch, 700)).toEqual(batch);
  });

  test("the run after a batch hands out a new batch, not the old one again", () => {
    const core = make();
    const a = core.soon();
    const first = runBatch(core, 0);
    const b = core.soon();
    const second = runBatch(core, 0);
    expect(first).toEqual([a % 2 ** 24]);
    expect(second).toEqual([b % 2 ** 24]);
  });
});
