/**
 * Timeout's states as asyncio words them: what the CPython scenarios cannot
 * reach, since a Timeout there is always entered by `async with`.
 */
import { describe, expect, it } from "vitest";
import { RuntimeError, sleep, Timeout } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

describe.each(coreNames)("Timeout states (%s core)", (core) => {
  it("reschedule() of a Timeout never entered is refused with asyncio's message", async () => {
    const { loop } = setup(core);
    const t = new Timeout(5);
    let error: unknown;
    await loop.runUntilComplete(function* () {
      try {
        t.reschedule(10);
      } catch (e) {
        error = e;
      }
      yield* sleep(0);
    });
    expect(error).toEqual(new RuntimeError("Timeout has not been entered"));
    expect(String(t)).toBe("<Timeout [created]>");
    expect(t.when()).toBe(5);
  });
});
