/**
 * Loops side by side: while an async task's step holds its loop's batch,
 * only the task's own code sees that loop as the running loop. Host code
 * running in promise jobs (or host timers) in between sees no running loop,
 * so it can start another loop and run it to completion.
 */
import { describe, expect, it } from "vitest";
import { currentTask, EventLoop, getRunningLoop, sleep, VirtualClock } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

/** The running loop as host code sees it: the loop, or "none". */
function running(): EventLoop | "none" {
  try {
    return getRunningLoop();
  } catch {
    return "none";
  }
}

/** Host code: `hops` promise jobs in a row, each recording what it sees and whether the task's step was open. */
function hostChain(hops: number, seen: Array<[EventLoop | "none", boolean]>, inStep: () => boolean): Promise<void> {
  return new Promise((done) => {
    let left = hops;
    const hop = () => {
      seen.push([running(), inStep()]);
      if (--left === 0) done();
      else void Promise.resolve().then(hop);
    };
    void Promise.resolve().then(hop);
  });
}

describe.each(coreNames)("the running loop while an async step holds the batch (%s core)", (core) => {
  it("a long run of awaits of settled promises keeps the loop for the task's code, and the step ends", async () => {
    const { loop } = setup(core);
    const saw: boolean[] = [];
    const task = loop.createTask(async () => {
      // Four times the 256 quiet brackets host/stepwindows.ts used to follow, still within its 1,024.
      for (let i = 0; i < 1000; i++) await Promise.resolve(i);
      saw.push(running() === loop);
      await sleep(0);
      saw.push(running() === loop);
      return "done";
    });
    expect(await loop.runUntilComplete(task)).toBe("done");
    expect(saw).toEqual([true, true]);
    expect(running()).toBe("none");
  });

  it("the task's code sees its loop all through the step; host promise jobs in between see none", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture<string>();
    const taskSaw: unknown[] = [];
    const hostSaw: Array<[EventLoop | "none", boolean]> = [];
    let inStep = false;
    let hostDone: Promise<void> = Promise.resolve();
    const task = loop.createTask(async () => {
      taskSaw.push(running() === loop); // first step, synchronous part
      await null;
      taskSaw.push(running() === loop);
      const v = await f;
      inStep = true;
      taskSaw.push(v, running() === loop, currentTask() === task); // right after the resumption
      for (let i = 0; i < 20; i++) {
        await Promise.resolve();
        taskSaw.push(running() === loop);
      }
      await (async () => {
        await null;
        taskSaw.push(running() === loop); // an async helper of the task
      })();
      inStep = false;
      await sleep(0);
      taskSaw.push(running() === loop, currentTask() === task); // after a toolkit coroutine
    });
    loop.callLater(1, () => {
      // Host code queued before the wakeup: its jobs interleave with the step's.
      hostDone = hostChain(30, hostSaw, () => inStep);
      f.setResult("v");
    });
    await loop.runUntilComplete(task);
    await hostDone;
    expect(taskSaw).toEqual([true, true, "v", true, true, ...Array<boolean>(20).fill(true), true, true, true]);
    expect(hostSaw.filter(([, during]) => during).length).toBeGreaterThan(5); // they did interleave
    expect(hostSaw.filter(([seen]) => seen !== "none")).toEqual([]);
  });

  it("host code in a promise job during a held batch starts another loop and runs it to completion", async () => {
    const { loop: a } = setup(core);
    const f = a.createFuture<void>();
    const log: unknown[] = [];
    let bRun: Promise<unknown> | null = null;
    let bFinished = false;
    const task = a.createTask(async () => {
      await f;
      // The step stays open (the batch held) until loop B has run: the task's code keeps hopping.
      for (let i = 0; i < 10_000 && !bFinished; i++) {
        await null;
        if (running() !== a) log.push("task lost its loop");
      }
      log.push(`B finished inside A's step: ${bFinished}`);
    });
    a.callSoon(() => {
      f.setResult();
      void Promise.resolve().then(() => {
        const b = new EventLoop({ core, clock: new VirtualClock(0) });
        log.push(`host sees ${running() === "none" ? "no loop" : "a loop"}`);
        bRun = b
          .runUntilComplete(async () => {
            await sleep(0);
            return running() === b && currentTask(b) !== null;
          })
          .then((sawB) => {
            bFinished = true;
            log.push(`B's task saw B: ${sawB}`);
            b.close();
          });
      });
    });
    await a.runUntilComplete(task);
    await bRun;
    expect(log).toEqual(["host sees no loop", "B's task saw B: true", "B finished inside A's step: true"]);
  });

  it("a host timer that fires while a step waits for a foreign promise sees no running loop and runs another loop", async () => {
    const loop = new EventLoop({ core });
    const log: unknown[] = [];
    let release: () => void = () => {};
    const foreign = new Promise<void>((resolve) => (release = resolve));
    let bRun: Promise<unknown> = Promise.resolve();
    const task = loop.createTask(async () => {
      await foreign; // the step holds the batch until the loop's next host turn
    });
    // Armed before the loop runs, due before its first host turn ends the step.
    setTimeout(() => {
      release();
      log.push(`timer sees ${running() === "none" ? "no loop" : "a loop"}`);
      const b = new EventLoop({ core, clock: new VirtualClock(0) });
      try {
        bRun = b
          .runUntilComplete(async () => {
            await sleep(1);
            return running() === b;
          })
          .then((sawB) => {
            log.push(`B's task saw B: ${sawB}`);
            b.close();
          });
      } catch (error) {
        log.push(String(error));
      }
    }, 0);
    await loop.runUntilComplete(task);
    await bRun;
    loop.close();
    expect(log).toEqual(["timer sees no loop", "B's task saw B: true"]);
  });

  it("the loop's own callbacks still see it, and its promise continuations after the slice see none", async () => {
    const { loop } = setup(core);
    const log: unknown[] = [];
    loop.callSoon(() => {
      log.push(running() === loop);
      void Promise.resolve().then(() => log.push(running()));
    });
    await loop.runUntilComplete(sleep(0));
    expect(log).toEqual([true, "none"]);
  });
});
