/**
 * The exported error classes (J7) as the loop and futures throw them.
 */
import { describe, expect, it } from "vitest";
import { CancelledError, InvalidStateError, RuntimeError, TimeoutError } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "./support.js";

describe("error classes (J7)", () => {
  it.each([
    ["RuntimeError", RuntimeError],
    ["CancelledError", CancelledError],
    ["InvalidStateError", InvalidStateError],
    ["TimeoutError", TimeoutError],
  ] as const)("%s is an Error subclass named after asyncio's", (name, Class) => {
    const e = new Class("m");
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(Class);
    expect(e.name).toBe(name);
    expect(e.message).toBe("m");
  });

  it("CancelledError's message defaults to the empty string", () => {
    expect(new CancelledError().message).toBe("");
  });
});

describe.each(coreNames)("errors thrown by the loop are the exported classes (%s core)", (core) => {
  it("asyncio's RuntimeError cases throw RuntimeError; future state errors throw InvalidStateError", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    expect(thrown(() => f.result())).toBeInstanceOf(InvalidStateError);
    f.cancel();
    expect(thrown(() => f.result())).toBeInstanceOf(CancelledError);
    loop.callSoon(() => loop.stop());
    const pending = loop.createFuture();
    const stopped = await loop.runUntilComplete(pending).then(
      () => null,
      (e: unknown) => e,
    );
    expect(stopped).toBeInstanceOf(RuntimeError);
    loop.close();
    expect(thrown(() => loop.callSoon(() => {}))).toBeInstanceOf(RuntimeError);
  });
});
