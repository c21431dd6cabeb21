/**
 * What run() and Runner.run() start (J16): the async function itself, or a
 * plain function that calls it; a promise (main() already called) started
 * outside the run's loop, so it is refused with the forms that work.
 */
import { describe, expect, it } from "vitest";
import { Runner, run, sleep, VirtualClock } from "../../host/index.js";
import { thrown } from "../loop/support.js";

async function main(n: number): Promise<number> {
  await sleep(1);
  return n * 2;
}

describe("what a run starts", () => {
  it("run(() => main(3)): a plain function that calls the async function, at the first step", async () => {
    expect(await run(() => main(3), { clock: new VirtualClock(0) })).toBe(6);
  });

  it("Runner.run(() => main(4)) likewise", async () => {
    const runner = new Runner({ clock: new VirtualClock(0) });
    expect(await runner.run(() => main(4))).toBe(8);
    await runner.close();
  });

  it("run(main(3)) is refused at the call with the forms that work, and starts nothing", async () => {
    const promise = Promise.resolve(6);
    for (const call of [() => run(promise as never), () => new Runner().run(promise as never)]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^(run|Runner\.run)\(\): a coroutine was expected, got a promise/);
      expect((error as Error).message).toContain("run(() => main(args))");
    }
  });
});
