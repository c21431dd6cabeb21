/**
 * Handles (rules 20, 31, 48): classes, when(), renderings, and handles met in exception contexts.
 */
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "../../host/index.js";
import { Handle, TimerHandle } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { expectLoopErrors } from "../helpers/loop-errors.js";
import { setup } from "./support.js";

function boom(..._args: unknown[]): never {
  throw new Error("boom");
}

describe.each(coreNames)("handles (%s core)", (core) => {
  it("callSoon / callSoonThreadsafe return Handles; callLater / callAt return TimerHandles", () => {
    const { loop } = setup(core);
    const soon = loop.callSoon(() => {});
    const threadsafe = loop.callSoonThreadsafe(() => {});
    const later = loop.callLater(1, () => {});
    const at = loop.callAt(1, () => {});
    expect(soon).toBeInstanceOf(Handle);
    expect(soon).not.toBeInstanceOf(TimerHandle);
    expect(threadsafe).toBeInstanceOf(Handle);
    expect(threadsafe).not.toBeInstanceOf(TimerHandle);
    expect(later).toBeInstanceOf(TimerHandle);
    expect(later).toBeInstanceOf(Handle);
    expect(at).toBeInstanceOf(TimerHandle);
    expect(soon.cancelled()).toBe(false);
    expect(later.cancelled()).toBe(false);
  });

  it("rule 20: when() is the deadline, before and after the timer ran or was cancelled", async () => {
    const { loop, clock } = setup(core);
    clock.advance(0.1);
    const later = loop.callLater(0.2, () => {});
    const at = loop.callAt(7.5, () => {});
    const cancelled = loop.callAt(3, () => {});
    expect(later.when()).toBe(0.1 + 0.2);
    expect(at.when()).toBe(7.5);
    cancelled.cancel();
    expect(cancelled.when()).toBe(3);
    loop.callAt(10, () => loop.stop());
    await loop.runForever();
    expect(later.when()).toBe(0.1 + 0.2);
    expect(at.when()).toBe(7.5);
  });

  it("toString: asyncio's rendering, <Handle name(args)> and <TimerHandle when=... name(args)>", () => {
    const { loop } = setup(core);
    expect(String(loop.callSoon(boom, 1, "x"))).toBe("<Handle boom(1, 'x')>");
    expect(String(loop.callSoon(boom))).toBe("<Handle boom()>");
    expect(String(loop.callLater(5, boom))).toBe("<TimerHandle when=5 boom()>");
    expect(String(loop.callAt(2.5, boom, null, undefined, true))).toBe(
      "<TimerHandle when=2.5 boom(null, undefined, true)>",
    );
    expect(String(loop.callSoon(boom, [1, 2], 3n, -0))).toBe("<Handle boom([1, 2], 3n, -0)>");
  });

  it("toString of anonymous callbacks", () => {
    const { loop } = setup(core);
    expect(String(loop.callSoon((() => () => {})()))).toBe("<Handle <anonymous>()>");
  });

  it("toString after cancel(): the callback is dropped, as asyncio does", () => {
    const { loop } = setup(core);
    const h = loop.callSoon(boom, 1, "x");
    h.cancel();
    expect(String(h)).toBe("<Handle cancelled>");
  });

  it("toString of a cancelled TimerHandle: asyncio's '<TimerHandle cancelled when=5>'", () => {
    const { loop } = setup(core);
    const t = loop.callLater(5, boom);
    t.cancel();
    expect(String(t)).toBe("<TimerHandle cancelled when=5>");
  });

  it("toString after the handle ran is unchanged", async () => {
    const { loop } = setup(core);
    const h = loop.callSoon(function ran(_n: number) {}, 3);
    loop.stop();
    await loop.runForever();
    expect(String(h)).toBe("<Handle ran(3)>");
  });

  it("cancel() returns nothing and can be called on any handle in any state", async () => {
    const { loop } = setup(core);
    const h = loop.callSoon(() => {});
    expect(h.cancel()).toBeUndefined();
    expect(h.cancel()).toBeUndefined();
  });

  it("a handle from an exception context can be cancelled harmlessly", async () => {
    expectLoopErrors();
    const { loop, log } = setup(core);
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => {
      contexts.push(c);
      const handle = c.handle as Handle;
      handle.cancel();
      handle.cancel();
      log.push(["handler", handle.cancelled()]);
    });
    loop.callSoon(function failing() {
      // Scheduled by the failing callback: must not be touched by cancelling its handle.
      loop.callSoon(() => log.push("child"));
      throw new Error("x");
    });
    loop.callSoon(() => log.push("sibling"));
    loop.callLater(1, function failingTimer() {
      loop.callLater(1, () => log.push("timer-child"));
      throw new Error("y");
    });
    loop.callLater(1, () => log.push("timer-sibling"));
    loop.callLater(5, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual([["handler", true], "sibling", "child", ["handler", true], "timer-sibling", "timer-child"]);
    expect(contexts).toHaveLength(2);
    // After all that, the loop's slots are reused normally.
    for (let i = 0; i < 20; i++) loop.callSoon(() => log.push(i));
    loop.stop();
    await loop.runForever();
    expect(log.slice(6)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("a handle from an exception context cancelled later, after its slot was reused, cancels nothing else", async () => {
    expectLoopErrors();
    const { loop, log } = setup(core);
    let saved: Handle | null = null;
    loop.setExceptionHandler((_l, c) => {
      saved = c.handle as Handle;
    });
    loop.callSoon(() => {
      throw new Error("x");
    });
    loop.stop();
    await loop.runForever();
    expect(saved).toBeInstanceOf(Handle);
    const fresh = [loop.callSoon(() => log.push("a")), loop.callLater(0, () => log.push("b"))];
    saved!.cancel();
    expect(fresh.map((h) => h.cancelled())).toEqual([false, false]);
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["a", "b"]);
  });
});
